"""Rich consoles and the disclaimer every report carries."""

from __future__ import annotations

import sys

from rich.console import Console

from carborder.i18n import LANGS, messages

__all__ = ["DISCLAIMER", "err_console", "out_console"]

#: Shown on every human-readable report and embedded in every JSON document.
DISCLAIMER = {lang.value: messages(lang)("disclaimer") for lang in LANGS}

#: Human output goes to stdout; progress bars and diagnostics go to stderr.
# Piped output keeps full table cells instead of 80-column truncation.
out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
