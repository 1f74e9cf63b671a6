"""The console script pauses the garbage collector while it starts, and turns it back on."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from carborder.cli.startup import collector_paused

SCENARIO = (
    Path(__file__).resolve().parents[2]
    / "scenarios"
    / "walkthroughs"
    / "w1_remote_access_trajectories.yaml"
)


@pytest.fixture
def collector() -> Iterator[None]:
    """Put this test process's collector back as it was (frozen objects thawed, enabled)."""
    was_enabled = gc.isenabled()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def test_the_collector_is_paused_inside_and_on_again_after(collector: None) -> None:
    assert gc.isenabled()
    with collector_paused() as started:
        assert not gc.isenabled()
        started()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up made is set aside, not collected
        started()  # a second call changes nothing
        assert gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_on_again_when_start_up_fails(collector: None) -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a command module that cannot be imported")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector: None) -> None:
    gc.disable()
    with collector_paused() as started:
        started()
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_console_script_collects_while_its_command_runs() -> None:
    # The real entry point in a fresh process: once main() runs, no collection runs before
    # the command has loaded its module and what it runs on (start-up: the decision engine and
    # the rulebook, which the command imports in its body), collections run while the command
    # works, and the collector is on when the command has finished.
    code = (
        "import gc, json, sys\n"
        "seen, running = [], []\n"
        "loaded = ('carborder.cli.commands.decide', 'carborder.decide', 'carborder.rulebook')\n"
        "def note(phase, info):\n"
        "    if phase == 'start' and running:\n"
        "        seen.append(all(m in sys.modules for m in loaded))\n"
        "gc.callbacks.append(note)\n"
        "from carborder.cli.main import main\n"
        f"sys.argv = ['carborder', 'decide', {str(SCENARIO)!r}, '--format', 'json']\n"
        "running.append(True)\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "sys.stderr.write(json.dumps([seen, gc.isenabled(), gc.get_freeze_count()]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    seen, enabled, frozen = json.loads(done.stderr.strip().splitlines()[-1])
    assert seen and all(seen), seen  # collections, every one after start-up
    assert enabled and frozen > 0
