"""Recipient countries as ISO 3166-1 alpha-2 codes, accepting the names people write.

Codes (``DE``, ``deu``, ``276``) and English names (``Germany``, ``South Korea``) are looked up
in pycountry (the iso-codes tables); Chinese names in iso-codes' own zh_CN translation of those
tables, then in a small table of common short forms (``data/country_names_zh.yaml``, sourced
there). Everything is normalised to the alpha-2 code, which is what rules and reports read.
"""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache
from importlib import resources

import pycountry
import yaml

from carborder.errors import Msg, MsgValueError

__all__ = ["country_code", "country_name"]


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


@cache
def _zh_names() -> dict[str, str]:
    """Chinese name → alpha-2: iso-codes' zh_CN names, then the short-form table."""
    translation = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )
    out: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                zh = translation.gettext(name)
                if zh != name:
                    out.setdefault(_key(zh), country.alpha_2)
    table = resources.files("carborder.model").joinpath("data", "country_names_zh.yaml")
    for name, code in (yaml.safe_load(table.read_text(encoding="utf-8")) or {}).items():
        out[_key(str(name))] = str(code)
    return out


def country_code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code of a code or a zh/en country name.

    >>> country_code("de"), country_code("Germany"), country_code("德国"), country_code("韩国")
    ('DE', 'DE', 'DE', 'KR')

    Raises:
        MsgValueError: nothing matches; the message says what is accepted.
    """
    text = value.strip()
    zh = _zh_names().get(_key(text))
    if zh is not None:
        return zh
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        pass
    raise MsgValueError(Msg("err-unknown-country", value=value))


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` (``zh`` from iso-codes' zh_CN table), or the code."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = str(getattr(country, "common_name", None) or country.name)
    if lang != "zh":
        return name
    translation = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )
    return translation.gettext(str(country.name))
