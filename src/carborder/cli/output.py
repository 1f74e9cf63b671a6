"""Rich consoles and the disclaimer every report carries."""

from __future__ import annotations

import sys

from rich.console import Console

from carborder.i18n import LANGS
from carborder.i18n.catalogue import plain_message

__all__ = ["DISCLAIMER", "err_console", "out_console"]

#: Shown on every human-readable report and embedded in every JSON document. Read from the
#: one catalogue file that holds it: parsing both whole catalogues at import cost every
#: command about 0.2 s.
DISCLAIMER = {lang.value: plain_message(lang, "disclaimer") for lang in LANGS}

#: Human output goes to stdout; progress bars and diagnostics go to stderr.
# Piped output keeps full table cells instead of 80-column truncation.
out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
