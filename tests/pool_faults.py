"""Objects that break a pool worker for real when the worker unpickles its task.

Pickling them in the parent is harmless; unpickling runs the fault in whichever process
receives them, as a damaged interpreter or the OOM killer would end a worker mid-unit.
"""

from __future__ import annotations

import os
import signal
from typing import Any


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class KillWorker:
    """Unpickled, it kills the unpickling process with SIGKILL (no cleanup, no reply)."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_kill_self, ())
