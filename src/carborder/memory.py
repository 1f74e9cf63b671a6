"""Memory a scan frees stays with the process for its next batch, not handed back to the OS.

A scan streams: every batch allocates arrays of the sizes the previous batch just freed. By
default both allocators behind those arrays return freed memory to the kernel almost at
once: Arrow's mimalloc purges freed pages after 10 ms, and glibc's malloc (numpy's arrays)
trims its heaps and unmaps large blocks. Every batch then touches fresh pages, and each first
touch is a page fault. On a virtual machine whose host takes freed guest memory back
(free-page reporting, DAMON reclaim), such a fault costs tens of microseconds: measured on
the benchmark machine, a fresh 80 MB numpy array took 0.6-0.9 s to fill against 0.05 s for
memory already touched, and the 5 M-row benchmark scan made 110,000-200,000 faults; kept,
it made under 8,000.

So the processes that scan (the console script, a pool's fork server and its workers) keep
what they free: mimalloc never purges (its option is read from the environment when Arrow
loads, so this must run before ``pyarrow`` is imported), and glibc keeps blocks up to
32 MiB in its heaps and trims a heap only beyond 1 GiB free at its top. The process's
footprint stays at its peak instead of shrinking between batches, and the peak grows a
little, since numpy's heap and Arrow's pool each keep their own high-water mark: on the
5 GB benchmark file 1432 MB against 1290 MB (the scan took 88 s against 103 s).

This is a decision for a whole process, so only carborder's entry points make it: importing
carborder as a library changes nothing (call :func:`keep_freed_memory` first thing in a
program that scans much data). ``CARBORDER_KEEP_FREED_MEMORY=0`` in the environment turns
it off (a long-lived process on a machine short of memory may rather give memory back).

Kept memory is kept per malloc arena, and glibc gives each new thread an arena of its own
(up to eight per core). A scan's threads (read-ahead, detectors, the counting thread,
compactions beside it) each grew their own heap to the same high-water mark and faulted its
pages in separately, where one heap freed by one thread would do for the next. So the same
processes also cap glibc at :data:`ARENAS` arenas (unless ``MALLOC_ARENA_MAX`` or a glibc
tunable says otherwise). Measured on the 5 M-row benchmark file, one-shot CLI on 2 cores,
6 interleaved rounds: 2.17 s median against 2.38 s, system time about 0.48 s against
0.5-1.0 s, peak RSS about 1010 MB against 1100 MB (one arena: 2.23 s).
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["ARENAS", "MIMALLOC_ENV", "SWITCH", "keep_freed_memory", "kept"]

#: Environment variable that turns the setting off when ``0``.
SWITCH = "CARBORDER_KEEP_FREED_MEMORY"

#: Environment read by Arrow's mimalloc when it loads (a value already set is respected).
MIMALLOC_ENV = {"MIMALLOC_PURGE_DELAY": "-1"}

#: glibc malloc arenas a scanning process may use (threads share them).
ARENAS = 2

# glibc's mallopt parameters (malloc.h) and the values set
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8
_TRIM_BYTES = 1 << 30
#: glibc's largest mmap threshold on 64-bit systems (larger blocks are always mapped)
_MMAP_BYTES = 32 << 20

_state = {"glibc": False, "mimalloc": False}


def keep_freed_memory() -> dict[str, bool]:
    """Configure this process's allocators to keep freed memory; returns what took effect.

    ``mimalloc`` is False when ``pyarrow`` was imported before (too late to configure it)
    or ``MIMALLOC_PURGE_DELAY`` was set by the user; ``glibc`` is False off glibc.
    Child processes inherit the environment, and forked ones the malloc settings too.
    Nothing is configured when ``CARBORDER_KEEP_FREED_MEMORY`` is ``0``.
    """
    if os.environ.get(SWITCH, "").strip() == "0":
        return kept()
    if "pyarrow" not in sys.modules:
        for name, value in MIMALLOC_ENV.items():
            if name not in os.environ:
                os.environ[name] = value
                _state["mimalloc"] = True
    if sys.platform.startswith("linux") and not _state["glibc"]:
        try:
            libc = ctypes.CDLL(None)
            mallopt = libc.mallopt
        except (OSError, AttributeError):  # musl and others: no mallopt to call
            return kept()
        mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
        _state["glibc"] = bool(
            mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES) and mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES)
        )
        if _state["glibc"] and not _user_sets_arenas():
            mallopt(_M_ARENA_MAX, ARENAS)
    return kept()


def _user_sets_arenas() -> bool:
    """The environment names an arena count for glibc: theirs stands."""
    return "MALLOC_ARENA_MAX" in os.environ or "arena_max" in os.environ.get("GLIBC_TUNABLES", "")


def kept() -> dict[str, bool]:
    """Which allocators this process configured to keep freed memory."""
    return dict(_state)
