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

A command imports what it runs on (the scan engine, the gateway, the rulebook) inside its
body, so that its ``--help`` does not; :func:`runs_on` names those modules, and the console
script imports them just before the command runs, still inside the pause (a first scan's
start-up made some fifty collections, ~20 ms, and its scan ~25 ms more, when they came after).

This is a decision for a whole process, so only the console script's entry point makes it:
importing carborder (the Python API, tests, the server) never touches the collector.
"""

from __future__ import annotations

import functools
import gc
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["collector_paused", "runs_on", "starting"]

F = TypeVar("F", bound=Callable[..., Any])

#: The attribute :func:`runs_on` sets on a command (its wrappers copy it, as functools does).
RUNS_ON = "carborder_runs_on"


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


def runs_on(*modules: str) -> Callable[[F], F]:
    """Name the modules a command imports whenever it runs (in its body, not for its help).

    Only a note for the console script (see the module docstring): the command still imports
    what it uses itself, so a module left out costs collector work, never a failure.
    """

    def note(func: F) -> F:
        setattr(func, RUNS_ON, modules)
        return func

    return note


def starting(command: Callable[..., Any], started: Callable[[], None]) -> Callable[..., Any]:
    """``command`` that first imports what it runs on (:func:`runs_on`), then calls ``started``."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        for module in getattr(command, RUNS_ON, ()):
            importlib.import_module(module)
        started()
        return command(*args, **kwargs)

    return run
