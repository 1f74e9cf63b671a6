"""Options shared by several commands, so they read the same everywhere."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from carborder.errors import InputError, Msg
from carborder.i18n import Lang
from carborder.safety.dates import check_date

__all__ = [
    "ActorOpt",
    "AsOf",
    "Format",
    "FormatOpt",
    "Lang",
    "LangOpt",
    "PackOpt",
    "QuietOpt",
    "WorkspaceOpt",
    "parse_date",
    "resolve_actor",
]


class Format(StrEnum):
    """Output format."""

    TABLE = "table"
    JSON = "json"


def parse_date(value: str | None) -> date | None:
    """Parse YYYY-MM-DD or raise bad input that says so (in the command's language)."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(Msg("err-not-a-date", value=value)) from None
    return check_date(day, what=Msg("what-date-value", value=value))


FormatOpt = Annotated[Format, typer.Option("--format", "-f")]
LangOpt = Annotated[Lang, typer.Option("--lang", "-l")]
PackOpt = Annotated[
    Path | None,
    typer.Option("--pack"),
]
WorkspaceOpt = Annotated[Path, typer.Option("--workspace", "-w")]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of"),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q"),
]
ActorOpt = Annotated[
    str | None,
    typer.Option("--actor"),
]


def resolve_actor(actor: str | None) -> str:
    """The actor recorded in audit events: ``--actor``, else the OS user (as the gateway does).

    One rule for every command, so that one person's approvals, keys, exports and scans carry
    one name across the audit chain.
    """
    from carborder.gateway.context import os_user

    return actor or os_user()
