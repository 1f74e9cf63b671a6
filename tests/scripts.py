"""Load a script of the repository (bench/, scripts/) as a module, without touching sys.path.

Putting bench/ on sys.path would let its ``mcap.py`` shadow the real ``mcap`` package for every
later test in the worker; a module of its own name (``carborder_<folder>_<stem>``) cannot.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]

__all__ = ["REPO", "load_script"]


def load_script(relative: str) -> ModuleType:
    """The module of ``REPO / relative`` (loaded once per process)."""
    path = REPO / relative
    name = f"carborder_{path.parent.name}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
