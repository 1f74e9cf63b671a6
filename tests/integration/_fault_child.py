"""Child process of the fault-injection tests: run one export and SIGKILL itself at a given point.

argv: workspace input output kill_at [report]

``kill_at`` is either a progress stage name (``committed``...) or a number N: the process kills
itself at the N-th call into, return from, or C call made by the gateway, store or audit code
(a profile hook counts them), so kills land anywhere in those stages — between a write and its
fsync, inside a transaction, between the rename and the counter update. ``0`` runs to the end
and prints how many points the run passed (to draw N from). Before dying, the child writes
where it died (``stage<TAB>module.function<TAB>event``) to ``report``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from carborder.gateway import export

WATCHED = ("carborder.gateway", "carborder.store", "carborder.audit")


def main() -> None:
    """Run the export with the kill hook."""
    ws, inp, out = (Path(a) for a in sys.argv[1:4])
    kill_at = sys.argv[4]
    report = Path(sys.argv[5]) if len(sys.argv) > 5 else None
    stage = ["start"]
    count = [0]
    target = int(kill_at) if kill_at.isdigit() else -1

    def die(where: str, event: str) -> None:
        if report is not None:
            fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.write(fd, f"{stage[0]}\t{where}\t{event}\n".encode())
            os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)

    def progress(s: str) -> None:
        stage[0] = s
        if s == kill_at:
            die(f"stage:{s}", "stage")

    def hook(frame: FrameType, event: str, arg: Any) -> None:
        name = frame.f_globals.get("__name__", "")
        if not name.startswith(WATCHED):
            return
        count[0] += 1
        if count[0] == target:
            what = getattr(arg, "__name__", "") if event.startswith("c_") else frame.f_code.co_name
            die(f"{name}.{what}", event)

    if target > 0 or kill_at == "0":
        sys.setprofile(hook)
        # threads too: a Parquet output is written by the re-scan's read-ahead thread
        threading.setprofile(hook)
    r = export("ok_flow", workspace=ws, inputs=[inp], output=out, progress=progress)
    threading.setprofile(None)  # type: ignore[arg-type]
    sys.setprofile(None)
    print(r.status, count[0])


if __name__ == "__main__":
    main()
