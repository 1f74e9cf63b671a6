"""Rich consoles and the disclaimer every report carries."""

from __future__ import annotations

import sys

from rich.console import Console

__all__ = ["DISCLAIMER", "err_console", "out_console"]

#: Shown on every human-readable report and embedded in every JSON document.
DISCLAIMER = {
    "en": "carborder supports compliance work; it is not legal advice.",
    "zh": "carborder 用于辅助合规工作，不构成法律意见。",
}

#: Human output goes to stdout; progress bars and diagnostics go to stderr.
# Piped output keeps full table cells instead of 80-column truncation.
out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
