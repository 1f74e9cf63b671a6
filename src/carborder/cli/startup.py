"""The garbage collector while the command line starts: paused, then its work set aside.

A one-shot command imports about a thousand modules (SQLAlchemy, pyarrow, pydantic models,
typer and rich, the command's own modules) before it does any work. That allocates some
hundreds of thousands of objects that live as long as the process, and the collector,
triggered by allocation counts, runs hundreds of times meanwhile; its full passes traverse
every one of them again, during start-up and then throughout the command. Measured on a
first ``carborder export``: about 0.3 CPU-seconds of a 1.8 CPU-second start-up.

Collecting objects that live until exit is wasted work, so the console script pauses the
collector while it imports, then moves everything alive at that point into the permanent
generation (:func:`gc.freeze`: later passes skip it) and turns the collector back on before
the command runs, so the command's own garbage is collected as usual. The cost is that the
few reference cycles import machinery leaves behind are never freed.

This is a decision for a whole process, so only the console script's entry point makes it:
importing carborder (the Python API, tests, the server) never touches the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[Callable[[], None]]:
    """Pause the collector; the yielded callable ends the pause, as leaving the block does.

    Ending the pause (once; later calls do nothing) freezes what is alive and turns the
    collector back on if it was on when the pause began, also when the block raises.
    """
    was_enabled = gc.isenabled()
    paused = True

    def resume() -> None:
        nonlocal paused
        if not paused:
            return
        paused = False
        gc.freeze()
        if was_enabled:
            gc.enable()

    gc.disable()
    try:
        yield resume
    finally:
        resume()
