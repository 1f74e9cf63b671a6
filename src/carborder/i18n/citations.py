"""Citations for people: "PIPL Art. 38" in English, 《个人信息保护法》第三十八条 in Chinese.

The pack writes articles the English way ("Art. 7(1)-(2)", "items 1, 3", "Part 1, exemption 8").
Chinese output renders them with the catalogue's patterns (第七条第一款至第二款, 第1、3项,
第一部分，第8项豁免情形); article numbers, paragraphs and parts become Chinese numerals, items
keep Arabic numerals as Chinese legal texts print them. A part the grammar does not know is
looked up as a term (``cite-term-<slug>``) and otherwise shown as written, which the
catalogue tests catch for every article of the built-in pack.
"""

from __future__ import annotations

import re
from typing import Protocol

from carborder.i18n.catalogue import Lang, Messages, messages

__all__ = ["render_article", "render_cite"]


class _Cite(Protocol):
    @property
    def article(self) -> str: ...
    @property
    def short(self) -> str: ...
    @property
    def title_zh(self) -> str: ...


# A new part starts at ", " followed by a word: "Part 1, exemption 8" is two parts, while the
# commas of "Art. 4, 6" and "items 1, 3" separate numbers inside one part.
_PARTS = re.compile(r",\s+(?=[A-Za-z])")
_ART = re.compile(r"Art(?:icle)?s?\.?\s*(?P<spec>\d.*)")
_ART_ONE = re.compile(r"(?P<a>\d+)(?:\((?P<p>\d+)\)(?:-\((?P<q>\d+)\))?|-(?P<b>\d+))?")
_ITEMS = re.compile(r"items?\s+(?P<spec>\d+(?:\s*[-,]\s*\d+)*)")
_NUMBERED = {
    "cite-part": re.compile(r"Part\s+(?P<n>\d+)"),
    "cite-exemption": re.compile(r"exemption\s+(?P<n>\d+)"),
    "cite-sector-type": re.compile(r"automobile\s+type\s+(?P<n>\d+)"),
}
_ANNEX = re.compile(r"Annex\s+(?P<n>[A-Z0-9]+)")
_CN_NUMERAL = {"cite-part"}


def _cn(n: str) -> str:
    # imported on first use: cn2an (and what it imports) costs ~0.4 s at every CLI start
    import cn2an

    return str(cn2an.an2cn(n))


def _article_spec(spec: str, m: Messages) -> str | None:
    out = []
    for piece in (p.strip() for p in spec.split(",")):
        one = _ART_ONE.fullmatch(piece)
        if one is None:
            return None
        art = m("cite-article", n=_cn(one["a"]))
        if one["b"]:
            art = m("cite-range", start=art, end=m("cite-article", n=_cn(one["b"])))
        elif one["p"]:
            para = m("cite-paragraph", n=_cn(one["p"]))
            if one["q"]:
                para = m("cite-range", start=para, end=m("cite-paragraph", n=_cn(one["q"])))
            art += para
        out.append(art)
    return m("list-separator").join(out)


def _items_spec(spec: str, m: Messages) -> str:
    shown = []
    for number in (p.strip() for p in spec.split(",")):
        start, dash, end = number.partition("-")
        shown.append(m("cite-range", start=start.strip(), end=end.strip()) if dash else number)
    return m("cite-items", list=m("list-separator").join(shown))


def _part_zh(part: str, m: Messages) -> tuple[str, bool]:
    """One part in Chinese and whether it refines the part before it (款, 项 follow directly)."""
    if (art := _ART.fullmatch(part)) and (text := _article_spec(art["spec"], m)) is not None:
        return text, False
    if items := _ITEMS.fullmatch(part):
        return _items_spec(items["spec"], m), True
    for msg_id, pattern in _NUMBERED.items():
        if hit := pattern.fullmatch(part):
            n = _cn(hit["n"]) if msg_id in _CN_NUMERAL else hit["n"]
            return m(msg_id, n=n), False
    if annex := _ANNEX.fullmatch(part):
        return m("cite-annex", n=annex["n"]), False
    slug = re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")
    return (m(f"cite-term-{slug}") if m.has(f"cite-term-{slug}") else part), False


def render_article(article: str, lang: Lang | str) -> str:
    """An article reference in ``lang``.

    >>> render_article("Art. 7(1)-(2)", "zh"), render_article("items 1, 3", "zh")
    ('第七条第一款至第二款', '第1、3项')
    >>> render_article("Art. 3-6", "zh"), render_article("Part 1, exemption 8", "zh")
    ('第三条至第六条', '第一部分，第8项豁免情形')
    >>> render_article("Art. 7(1)-(2)", "en")
    'Art. 7(1)-(2)'
    """
    m = messages(lang)
    if not m.zh:
        return article
    out = ""
    for i, part in enumerate(_PARTS.split(article.strip())):
        text, refines = _part_zh(part.strip(), m)
        out += text if i == 0 or refines else m("cite-part-separator") + text
    return out


def render_cite(cite: _Cite, lang: Lang | str) -> str:
    """Instrument and article: ``PIPL Art. 38`` / 《个人信息保护法》第三十八条."""
    m = messages(lang)
    return m(
        "cite",
        instrument=cite.title_zh if m.zh else cite.short,
        article=render_article(cite.article, lang),
    )
