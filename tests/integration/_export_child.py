"""Child process for the crash tests: run one export, optionally SIGKILL itself at a stage."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from carborder.gateway import export


def main() -> None:
    """argv: workspace input output [kill_stage]."""
    ws, inp, out = (Path(a) for a in sys.argv[1:4])
    kill_at = sys.argv[4] if len(sys.argv) > 4 else ""

    def progress(stage: str) -> None:
        if stage == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    r = export("ok_flow", workspace=ws, inputs=[inp], output=out, progress=progress)
    print(r.status)


if __name__ == "__main__":
    main()
