"""Keep pyarrow from importing pandas merely to ask whether a value is a pandas object.

``pa.array`` and ``pa.scalar`` (and every compute call given a Python value) first ask
pyarrow's pandas shim whether their argument is a pandas object, and the shim answers by
importing pandas: 0.25-0.4 CPU-s of every fresh process (a one-shot ``carborder scan``, a
first export) that never touches pandas. A value can only be a pandas object once pandas
has been imported, so the answer is settled without it:

* when pyarrow is loaded and pandas is not, pyarrow's first probe runs with pandas
  unimportable, so the shim records "no pandas";
* when anything imports pandas later, the shim is told at once (its ``pd`` property
  imports pandas again and switches the pandas integration on), so pandas objects
  handed to pyarrow afterwards convert exactly as they would have.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

__all__ = ["install"]


class _NoPandas(MetaPathFinder):
    """Makes ``import pandas`` fail, in one thread only, while pyarrow's shim takes its look."""

    def __init__(self) -> None:
        self._thread = threading.get_ident()

    def find_spec(self, name: str, path: Any = None, target: ModuleType | None = None) -> None:
        if threading.get_ident() == self._thread and name.split(".")[0] == "pandas":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _tell_pyarrow() -> None:
    """Switch pyarrow's pandas integration on now that pandas is imported."""
    shim = getattr(sys.modules.get("pyarrow.lib"), "_pandas_api", None)
    # an ImportError: a pandas version pyarrow does not support; it goes on without it
    with contextlib.suppress(ImportError):
        _ = shim.pd if shim is not None else None  # re-imports pandas: already loaded


def _settle() -> None:
    """Once pyarrow is loaded, let its shim decide "no pandas" unless pandas is already here."""
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        pa.scalar(0)  # any probe: the shim tries pandas once and remembers the answer
    finally:
        sys.meta_path.remove(blocker)


def _after(spec: ModuleSpec, then: Any) -> None:
    """Run ``then()`` right after the module of ``spec`` has executed."""
    loader = spec.loader
    run = getattr(loader, "exec_module", None)
    if loader is None or run is None:
        return

    def exec_module(module: ModuleType) -> None:
        run(module)
        then()

    loader.exec_module = exec_module  # type: ignore[method-assign]  # this module's loader only


class _Watch(MetaPathFinder):
    """Acts when pyarrow or pandas is first imported (never changes what is imported)."""

    def find_spec(
        self, name: str, path: Any = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name not in ("pyarrow", "pandas"):
            return None
        # the spec the other finders give, asked directly (no re-entry, no shared state)
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec: ModuleSpec | None = find(name, path, target)
            if spec is not None:
                _after(spec, _settle if name == "pyarrow" else _tell_pyarrow)
                return spec
        return None


def install() -> None:
    """Settle pyarrow's pandas question now or when pyarrow loads; follow pandas' import."""
    if "pandas" in sys.modules or any(isinstance(f, _Watch) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Watch())
    if "pyarrow" in sys.modules:
        _settle()
