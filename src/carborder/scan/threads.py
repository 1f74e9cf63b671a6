"""Thread pools a scan keeps for the life of its process, one set per process."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

__all__ = ["process_pool"]

_POOLS: dict[tuple[int, str], ThreadPoolExecutor] = {}
_LOCK = threading.Lock()


def process_pool(name: str, workers: int) -> ThreadPoolExecutor:
    """The pool ``name`` of this process, created on first use with ``workers`` threads.

    Kept per process id: a forked child inherits its parent's pool objects but not their
    threads, so it gets pools of its own.

    >>> process_pool("carborder-doc", 1) is process_pool("carborder-doc", 1)
    True
    """
    key = (os.getpid(), name)
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = ThreadPoolExecutor(workers, thread_name_prefix=name)
        return pool
