"""carborder: move vehicle data out of China lawfully, quickly and provably.

The Python API mirrors the command line: load a rulebook pack, describe an inventory, decide
flows, and (with the scan and gateway modules) scan data and export it; build the filing
packs a decision requires (``build_filing``, ``build_annual_report``, ``check_filing``). carborder supports
compliance work; it is not legal advice.
"""

from __future__ import annotations

import functools as _functools
import importlib as _importlib
import logging as _logging
import sys as _sys
import types as _types
import typing as _typing

# Every public name is imported on first use (PEP 562): ``import carborder`` and the
# command line pay only for what they touch — eager imports of the gateway, filings and
# store (SQLAlchemy) cost seconds of every one-shot command. The imports below are for
# type checkers only; ``_WHERE`` says where each name lives at run time.
if _typing.TYPE_CHECKING:
    from carborder.decide import YearToDate, decide, decide_all, merge_declared_detected
    from carborder.errors import (
        CarborderError,
        FilingError,
        InputError,
        IntegrityError,
        InventoryError,
        PackError,
        RefusedError,
        WorkspaceError,
    )
    from carborder.filings import (
        FilingResult,
        build_annual_report,
        build_filing,
        check_filing,
        plan_annual_report,
        plan_filing,
    )
    from carborder.gateway.export import ExportResult, export
    from carborder.gateway.manifest import verify_manifest
    from carborder.model.approval import Approval
    from carborder.model.asset import Asset
    from carborder.model.counters import Counters
    from carborder.model.decision import Decision, Pathway, Status
    from carborder.model.facts import Evidence, FactRecord, Facts
    from carborder.model.flow import Activity, DeidStep, Flow
    from carborder.model.handler import Handler, HandlerType
    from carborder.model.inventory import Inventory
    from carborder.model.recipient import Recipient
    from carborder.model.scenario import Scenario
    from carborder.rulebook import Pack, load_pack
    from carborder.scan import ScanResult, scan
    from carborder.workspace.config import Workspace
    from carborder.workspace.io import load_scenario

__version__ = "0.1.0"

#: Public name -> module that defines it.
_WHERE: dict[str, str] = {
    "Activity": "carborder.model.flow",
    "Approval": "carborder.model.approval",
    "Asset": "carborder.model.asset",
    "build_annual_report": "carborder.filings",
    "build_filing": "carborder.filings",
    "CarborderError": "carborder.errors",
    "check_filing": "carborder.filings",
    "Counters": "carborder.model.counters",
    "decide": "carborder.decide",
    "decide_all": "carborder.decide",
    "Decision": "carborder.model.decision",
    "DeidStep": "carborder.model.flow",
    "Evidence": "carborder.model.facts",
    "export": "carborder.gateway.export",
    "ExportResult": "carborder.gateway.export",
    "FactRecord": "carborder.model.facts",
    "Facts": "carborder.model.facts",
    "FilingError": "carborder.errors",
    "FilingResult": "carborder.filings",
    "Flow": "carborder.model.flow",
    "Handler": "carborder.model.handler",
    "HandlerType": "carborder.model.handler",
    "InputError": "carborder.errors",
    "IntegrityError": "carborder.errors",
    "Inventory": "carborder.model.inventory",
    "InventoryError": "carborder.errors",
    "load_pack": "carborder.rulebook",
    "load_scenario": "carborder.workspace.io",
    "merge_declared_detected": "carborder.decide",
    "Pack": "carborder.rulebook",
    "PackError": "carborder.errors",
    "Pathway": "carborder.model.decision",
    "plan_annual_report": "carborder.filings",
    "plan_filing": "carborder.filings",
    "Recipient": "carborder.model.recipient",
    "RefusedError": "carborder.errors",
    "scan": "carborder.scan",
    "ScanResult": "carborder.scan",
    "Scenario": "carborder.model.scenario",
    "Status": "carborder.model.decision",
    "verify_manifest": "carborder.gateway.manifest",
    "Workspace": "carborder.workspace.config",
    "WorkspaceError": "carborder.errors",
    "YearToDate": "carborder.decide",
}

#: Public functions named like the subpackage that defines them.
_SHADOWED = frozenset({"decide", "scan"})


__all__ = [
    "Activity",
    "Approval",
    "Asset",
    "CarborderError",
    "Counters",
    "Decision",
    "DeidStep",
    "Evidence",
    "ExportResult",
    "FactRecord",
    "Facts",
    "FilingError",
    "FilingResult",
    "Flow",
    "Handler",
    "HandlerType",
    "InputError",
    "IntegrityError",
    "Inventory",
    "InventoryError",
    "Pack",
    "PackError",
    "Pathway",
    "Recipient",
    "RefusedError",
    "ScanResult",
    "Scenario",
    "Status",
    "Workspace",
    "WorkspaceError",
    "YearToDate",
    "__version__",
    "build_annual_report",
    "build_filing",
    "check_filing",
    "decide",
    "decide_all",
    "export",
    "load_pack",
    "load_scenario",
    "merge_declared_detected",
    "plan_annual_report",
    "plan_filing",
    "scan",
    "verify_manifest",
]


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    if name in _SHADOWED:
        value = _PublicFunction(value, f"{__name__}.{name}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(_types.ModuleType):
    """Keeps ``carborder.scan`` and ``carborder.decide`` the public functions.

    Importing a submodule binds it on its parent package; for ``carborder.scan`` and
    ``carborder.decide`` that would replace the function of the same name whenever the
    subpackage is first imported after ``carborder`` (the eager imports used to hide this
    by importing both before binding the names). The subpackages stay reachable through
    ``sys.modules`` and ``from carborder.scan import ...``.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _SHADOWED and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


class _PublicFunction:
    """A public function named like its subpackage, through which the subpackage stays reachable.

    ``import carborder.scan.engine as engine`` looks ``scan`` up on ``carborder`` (this
    function, not the package) and then ``engine`` on it; a plain function has no such
    attribute and Python's fallback looks for a module ``scan.engine``, so the import
    failed. Calls go to the function (signature and docs are the function's); other
    attributes are the subpackage's.
    """

    def __init__(self, function: _typing.Callable[..., object], package: str) -> None:
        _functools.update_wrapper(self, function)
        self._function = function
        self._package = package

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self._function(*args, **kwargs)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_importlib.import_module(self._package), name)

    def __repr__(self) -> str:
        return repr(self._function)

    def __reduce__(self) -> tuple[object, ...]:
        # pickled as the function itself (what a process pool or Ray would receive)
        return (_function, (self._function.__module__, self._function.__name__))


def _function(module: str, name: str) -> object:
    return getattr(_importlib.import_module(module), name)


_sys.modules[__name__].__class__ = _Package

_logging.getLogger(__name__).addHandler(_logging.NullHandler())

# pyarrow imports pandas (0.25-0.4 s) just to ask whether a value is a pandas object; a
# value cannot be one before pandas is imported (see carborder.pandas_probe).
_importlib.import_module("carborder.pandas_probe").install()
