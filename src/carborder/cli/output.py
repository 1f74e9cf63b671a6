"""Rich consoles and the disclaimer every report carries."""

from __future__ import annotations

from rich.console import Console

__all__ = ["DISCLAIMER", "err_console", "out_console"]

#: Shown on every human-readable report and embedded in every JSON document.
DISCLAIMER = {
    "en": "carborder supports compliance work; it is not legal advice.",
    "zh": "carborder 用于辅助合规工作，不构成法律意见。",
}

#: Human output goes to stdout; progress bars and diagnostics go to stderr.
out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False)
