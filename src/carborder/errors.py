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

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

__all__ = [
    "CarborderError",
    "FilingError",
    "InputError",
    "IntegrityError",
    "InventoryError",
    "Msg",
    "MsgValueError",
    "PackError",
    "RefusedError",
    "ScanInputError",
    "WorkspaceError",
]


class Msg:
    """A catalogue message: its id and variables, rendered in the reader's language later.

    Errors are raised deep in the library, where nobody knows who reads them; a message given
    as ``Msg("err-unknown-operator", op=...)`` is formatted at the CLI or web
    boundary in the command's language (:meth:`CarborderError.localized`). A variable may
    itself be a :class:`Msg` (rendered in the same language). Text from a library (pyarrow,
    YAML parser) is passed as a plain variable: it is quoted detail, never translated.
    """

    __slots__ = ("args", "id")

    def __init__(self, msg_id: str, /, **args: Any) -> None:
        self.id = msg_id
        self.args: Mapping[str, Any] = args

    def format(self, lang: str) -> str:
        """This message in ``lang`` (``en`` or ``zh``)."""
        from carborder.i18n.catalogue import messages  # the catalogue never raises these

        return messages(lang)(self.id, **{k: _arg(v, lang) for k, v in self.args.items()})

    def __repr__(self) -> str:
        return f"Msg({self.id!r}, {dict(self.args)!r})"


def _arg(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.format(lang)
    if isinstance(value, Mapping):  # a zh/en pair the data carries (a fact's meaning)
        return str(value.get(lang) or value.get("en") or "")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # line numbers and offsets: no digit grouping
    return value


class MsgValueError(ValueError):
    """A ``ValueError`` with a catalogue message, raised inside a pydantic validator.

    Pydantic keeps the exception; the file-and-line error built from it
    (:func:`carborder.rulebook.loader.pydantic_error`) renders ``msg`` in the reader's language.
    """

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.format("en"))
        self.msg = msg


class CarborderError(Exception):
    """Base of every carborder error; ``code`` is stable for API bodies and audit events.

    ``message`` and ``hint`` are either plain text (English, not yet in the catalogue) or a
    :class:`Msg`; ``self.message``/``self.hint`` always hold the English text, and
    :meth:`localized`/:meth:`render` give them in another language (where the key, an
    identifier path, is quoted).
    """

    code: ClassVar[str] = "carborder"

    def __init__(
        self,
        message: str | Msg,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | Msg | None = None,
    ) -> None:
        self.message_msg = message if isinstance(message, Msg) else None
        self.hint_msg = hint if isinstance(hint, Msg) else None
        self.message = message.format("en") if isinstance(message, Msg) else message
        self.file = str(file) if file is not None else None
        self.line = line
        self.key = key
        self.hint = hint.format("en") if isinstance(hint, Msg) else hint
        super().__init__(self.render())

    @property
    def translated(self) -> bool:
        """Whether the message (and its hint, if any) come from the catalogue."""
        return self.message_msg is not None and (self.hint is None or self.hint_msg is not None)

    def localized(self, lang: str = "en") -> tuple[str, str | None]:
        """The message and hint in ``lang``; plain-text parts stay as they were written."""
        if lang == "en":
            return self.message, self.hint
        message = self.message_msg.format(lang) if self.message_msg else self.message
        hint = self.hint_msg.format(lang) if self.hint_msg else self.hint
        return message, hint

    def render(self, lang: str = "en") -> str:
        """Return ``file:line: key: message (hint)`` with the parts that are known."""
        message, hint_text = self.localized(lang)
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        key = ""
        if self.key:
            key = f"{self.key}: " if lang == "en" else f"“{self.key}”: "
        hint = f"\n  → {hint_text}" if hint_text else ""
        return f"{where}{key}{message}{hint}"


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
