"""carborder's exceptions; library code raises these, only the CLI maps them to exit codes.

The tree::

    CarborderError                (code "carborder")
    ├── InputError                bad input a person can fix (exit code 2)
    │   ├── PackError             a rulebook pack fails to load or to check
    │   ├── InventoryError        a scenario or inventory file is wrong
    │   ├── WorkspaceError        workspace missing or misconfigured
    │   ├── ScanInputError        a file cannot be scanned
    │   └── FilingError           a filing cannot be built (template, answers, fonts, flow)
    ├── RefusedError              the gateway refuses an export (exit code 1)
    └── IntegrityError            an audit chain or manifest does not verify (exit code 1)
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

__all__ = [
    "CarborderError",
    "FilingError",
    "InputError",
    "IntegrityError",
    "InventoryError",
    "PackError",
    "RefusedError",
    "ScanInputError",
    "WorkspaceError",
]


class CarborderError(Exception):
    """Base of every carborder error; ``code`` is stable for API bodies and audit events."""

    code: ClassVar[str] = "carborder"

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.key = key
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """Return ``file:line: key: message (hint)`` with the parts that are known."""
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        key = f"{self.key}: " if self.key else ""
        hint = f"\n  → {self.hint}" if self.hint else ""
        return f"{where}{key}{self.message}{hint}"


class InputError(CarborderError):
    """Input a person can fix."""

    code = "input"


class PackError(InputError):
    """A rulebook pack is malformed or inconsistent."""

    code = "pack"


class InventoryError(InputError):
    """A scenario, inventory or workspace file is malformed or inconsistent."""

    code = "inventory"


class WorkspaceError(InputError):
    """A workspace is missing or misconfigured."""

    code = "workspace"


class ScanInputError(InputError):
    """A file cannot be read or scanned."""

    code = "scan-input"


class FilingError(InputError):
    """A filing cannot be built: bad template data, answers file, missing fonts, unknown flow."""

    code = "filing"


class RefusedError(CarborderError):
    """The export gateway refuses to release data."""

    code = "gateway-refused"


class IntegrityError(CarborderError):
    """An audit chain, manifest or signature does not verify."""

    code = "integrity"
