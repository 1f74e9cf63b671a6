"""One progress bar for long work (scan, export, inspect): bytes, rate, records and ETA.

Shown on stderr only when stderr is a terminal and ``--quiet`` is not given, so piped and
redirected output never carries bar frames; ``transient`` removes the bar when the work ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from carborder.cli.output import err_console
from carborder.i18n import messages

if TYPE_CHECKING:
    from carborder.scan import ProgressEvent

__all__ = ["ScanProgress", "progress_bar"]


def progress_bar(
    *, quiet: bool, lang: str = "en", console: Console | None = None, steps: bool = False
) -> Progress:
    """A bar with description, bytes done/total and rate (or steps), records and time remaining."""
    target = console or err_console
    disable = quiet or not target.is_terminal
    # a bar nobody sees needs no words: formatting them loads Fluent's runtime (~50 ms)
    eta = "" if disable else messages(lang)("progress-eta")
    amount = (MofNCompleteColumn(),) if steps else (DownloadColumn(), TransferSpeedColumn())
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        *amount,
        TextColumn("{task.fields[records]}"),
        TextColumn(eta),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=target,
        transient=True,
        disable=disable,
    )


class ScanProgress:
    """Feeds scan :class:`ProgressEvent` s into one task of a :func:`progress_bar`."""

    def __init__(self, progress: Progress, lang: str = "en") -> None:
        self.progress = progress
        self.m = messages(lang)
        # a hidden bar is fed no words (formatting them is all it would cost)
        self.shown = not progress.disable
        self.label = self.m("progress-scanning") if self.shown else ""
        self.task: TaskID = progress.add_task(self.label, total=None, records="")

    def stage(self, label: str) -> None:
        """Name the current stage (export: scanning inputs, writing, re-scanning...)."""
        self.label = label
        self.progress.update(self.task, description=label)

    def __call__(self, ev: ProgressEvent) -> None:
        """Update from a scan's cumulative progress."""
        if not self.shown:
            return
        self.progress.update(
            self.task,
            total=ev.bytes_total or None,
            completed=ev.bytes_done,
            records=self.m("progress-records", records=ev.rows_done),
            description=self.m(
                "progress-files", stage=self.label, done=ev.files_done, total=ev.files_total
            ),
        )
