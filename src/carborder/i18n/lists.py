"""Lists of catalogue messages as one message variable, joined the way each language does."""

from __future__ import annotations

from collections.abc import Iterable

from carborder.errors import Msg

__all__ = ["joined"]


def joined(items: Iterable[Msg | str], *, en: str = ", ", zh: str = "、") -> dict[str, str]:
    """A zh/en pair for a :class:`~carborder.errors.Msg` variable: ``items`` rendered and joined.

    >>> pair = joined([Msg("os-enoent"), "x.csv"], en="; ", zh="；")
    >>> pair["en"], pair["zh"]
    ('not found; x.csv', '找不到；x.csv')
    """
    items = list(items)
    return {
        "en": en.join(i if isinstance(i, str) else i.format("en") for i in items),
        "zh": zh.join(i if isinstance(i, str) else i.format("zh") for i in items),
    }
