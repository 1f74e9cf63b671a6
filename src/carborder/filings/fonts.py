"""Find the PDF fonts of each role (Debian packages), or say exactly what to install."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from carborder.errors import FilingError, Msg
from carborder.filings.schema import FontsSpec

__all__ = ["FontSet", "font_dirs", "resolve_fonts"]


@dataclass(frozen=True)
class FontSet:
    """Font families found per role (first = preferred) and the folders typst reads."""

    families: dict[str, list[str]]
    dirs: tuple[str, ...]


def font_dirs(spec: FontsSpec) -> tuple[str, ...]:
    """Font folders: ``CARBORDER_FONT_DIRS`` first, then the configured ones that exist."""
    extra = [d for d in os.environ.get("CARBORDER_FONT_DIRS", "").split(os.pathsep) if d]
    return tuple(d for d in [*extra, *spec.dirs] if Path(d).is_dir())


@cache
def _families(dirs: tuple[str, ...]) -> frozenset[str]:
    import typst

    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=list(dirs)
    )
    return frozenset(fonts.families())


def resolve_fonts(spec: FontsSpec) -> FontSet:
    """The available families per role.

    Raises:
        FilingError: a role has none of its fonts (names the Debian package and ``make fonts``).
    """
    dirs = font_dirs(spec)
    have = _families(dirs)
    out: dict[str, list[str]] = {}
    for role, font in spec.roles.items():
        found = [f for f in font.pdf if f in have]
        if not found:
            raise FilingError(
                Msg("err-no-font", role=role, docx=font.docx, fonts=", ".join(font.pdf)),
                hint=Msg("hint-no-font", package=font.package),
            )
        out[role] = found + [f for f in spec.fallback if f in have]
    return FontSet(out, dirs)
