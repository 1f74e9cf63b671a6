"""Processes that scan keep the memory they free (carborder.memory): configured, and reused."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

linux_glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
    reason="mallopt is glibc's",
)

# a child reads the same Parquet table three times and reports each read's page faults
_READS = """
import json, os, resource, sys, tempfile, time
if sys.argv[1] == "keep":
    from carborder.memory import keep_freed_memory
    done = keep_freed_memory()
else:
    done = {}
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
path = os.path.join(tempfile.mkdtemp(), "t.parquet")
rng = np.random.default_rng(7)
pq.write_table(pa.table({"x": rng.integers(0, 1 << 62, 4_000_000),
                         "s": pa.array(rng.integers(0, 10**11, 4_000_000).astype(str))}), path)
faults = []
for _ in range(4):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    table = pq.read_table(path)
    blocks = [np.ones(1 << 21) for _ in range(8)]  # numpy's (glibc's) 16 MiB blocks
    del table, blocks
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    time.sleep(0.3)  # longer than mimalloc's default delay before it purges what was freed
print(json.dumps({"kept": done, "faults": faults,
                  "env": os.environ.get("MIMALLOC_PURGE_DELAY")}))
"""


def _python(code: str, *args: str, check: bool = True, **env: str) -> str:
    """Run ``code`` in a fresh interpreter whose environment sets nothing of ours but ``env``."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MIMALLOC_PURGE_DELAY", "CARBORDER_KEEP_FREED_MEMORY")
    }
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=check,
        env={**base, **env},
    )
    return out.stdout + ("" if check else out.stderr[-2000:])


def _reads(mode: str, **env: str) -> dict[str, object]:
    return json.loads(_python(_READS, mode, **env).strip().splitlines()[-1])  # type: ignore[no-any-return]


@linux_glibc
def test_a_configured_process_reuses_what_it_freed() -> None:
    kept = _reads("keep")
    assert kept["kept"] == {"glibc": True, "mimalloc": True}
    assert kept["env"] == "-1"
    plain = _reads("plain")
    assert plain["kept"] == {}
    first, *again = kept["faults"]  # type: ignore[misc]
    # the first read touches fresh memory; the next ones reuse it (a few pages of new
    # objects aside), where a default process faults its pages in again
    assert max(again) < first / 10, kept
    assert sum(again) < sum(plain["faults"][1:]) / 10, (kept, plain)  # type: ignore[index]


def test_a_setting_of_the_user_is_kept_and_pyarrow_first_is_too_late() -> None:
    user = _reads("keep", MIMALLOC_PURGE_DELAY="250")
    assert user["env"] == "250" and user["kept"]["mimalloc"] is False  # type: ignore[index]
    late = _python(
        "import pyarrow, json; from carborder.memory import keep_freed_memory; "
        "print(json.dumps(keep_freed_memory()))"
    )
    assert json.loads(late)["mimalloc"] is False


def test_importing_carborder_changes_no_allocator() -> None:
    out = _python(
        "import os, carborder, carborder.scan, carborder.gateway; "
        "from carborder.memory import kept; "
        "print(os.environ.get('MIMALLOC_PURGE_DELAY'), kept())"
    )
    assert out.strip() == "None {'glibc': False, 'mimalloc': False}"


def test_the_console_script_keeps_freed_memory() -> None:
    code = (
        "import atexit, os, sys; from carborder import memory; "
        "atexit.register(lambda: print('KEPT', os.environ.get('MIMALLOC_PURGE_DELAY'), "
        "memory.kept()['mimalloc'])); "
        "sys.argv = ['carborder', '--help']; from carborder.cli.main import main; main()"
    )
    assert "KEPT -1 True" in _python(code, check=False)


def test_the_switch_turns_it_off() -> None:
    off = _reads("keep", CARBORDER_KEEP_FREED_MEMORY="0")
    assert off["kept"] == {"glibc": False, "mimalloc": False} and off["env"] is None


# a child frees 40 MiB in 1 MiB blocks (glibc arenas, below the mmap threshold) in its main
# thread, then in four threads that all live at once (as a scan's threads do) but take turns,
# and reports each round's page faults
_THREADS = """
import json, resource, threading
from carborder.memory import keep_freed_memory
done = keep_freed_memory()
import numpy as np
faults = []
def round_():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    blocks = [np.ones(1 << 17) for _ in range(40)]
    del blocks
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
turns = [threading.Event() for _ in range(5)]
end = threading.Event()
def worker(i):
    turns[i].wait()
    round_()
    turns[i + 1].set()
    end.wait()
threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
round_()
turns[0].set()
turns[4].wait()
end.set()
for t in threads:
    t.join()
print(json.dumps({"kept": done, "faults": faults}))
"""


@linux_glibc
def test_threads_share_capped_arenas_and_reuse_what_other_threads_freed() -> None:
    capped = json.loads(_python(_THREADS).strip().splitlines()[-1])
    # the user's own arena count stands: 64 gives every thread a fresh arena of its own
    own = json.loads(_python(_THREADS, MALLOC_ARENA_MAX="64").strip().splitlines()[-1])
    assert capped["kept"]["glibc"] and own["kept"]["glibc"]
    # the main thread and the first thread fault their arenas in; later threads take one of
    # those (both warm) instead of a fresh one
    assert sum(capped["faults"][2:]) < sum(own["faults"][2:]) / 10, (capped, own)
    assert min(own["faults"][1:]) > 5000, own  # 40 MiB of fresh 4 KiB pages in each thread
