"""Field values as the resolvers and the answers file give them: bilingual text, tables, provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Filled", "Table", "Text", "Value"]


@dataclass(frozen=True)
class Text:
    """A value in both languages (identical when it is a name or a number)."""

    zh: str
    en: str

    @classmethod
    def same(cls, text: str) -> Text:
        """A value that reads the same in both languages.

        >>> Text.same("tsp_trips").en
        'tsp_trips'
        """
        return cls(text, text)

    def get(self, lang: str) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Table:
    """Rows of a table field: each row has a stable key (for human cells) and cells by column."""

    rows: list[tuple[str, dict[str, Text]]]


#: What a field holds once filled.
Value = Text | Table


@dataclass(frozen=True)
class Filled:
    """A field's value with where it came from.

    ``sources`` name the records behind an auto value (``inventory:asset/tsp_trips``,
    ``decision:<id>``, ``counter:2026/pi.individuals``, ``store:run/<id>``) or the answers file
    for a human one. ``missing`` lists what is still empty: the field id itself, or
    ``field[row].column`` for human cells of a table.
    """

    value: Value | None
    sources: tuple[str, ...] = ()
    human: bool = False
    missing: tuple[str, ...] = field(default_factory=tuple)
