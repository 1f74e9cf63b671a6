"""The pages' language (zh or en): chosen by the user, remembered in a cookie.

Message texts come from the message catalogue (``messages.yaml`` beside this module, one
entry per id with ``zh`` and ``en``); a missing id shows the id itself, so a gap is visible
in review and caught by the catalogue test instead of failing a page.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from fastapi import Request

__all__ = ["LANGS", "LANG_COOKIE", "lang_of", "messages", "translate"]

#: Languages of the pages.
LANGS = ("zh", "en")
#: Cookie that remembers the chosen language.
LANG_COOKIE = "carborder_lang"


@cache
def messages() -> dict[str, dict[str, str]]:
    """Every message by id, each with its ``zh`` and ``en`` text."""
    text = (files("carborder.web") / "messages.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {str(k): {str(lang): str(v) for lang, v in entry.items()} for k, entry in data.items()}


def translate(lang: str, key: str, **params: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled.

    >>> translate("zh", "nav.dashboard"), translate("en", "nav.dashboard")
    ('总览', 'Dashboard')
    >>> translate("en", "no.such.key")
    'no.such.key'
    """
    entry = messages().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**params) if params else text


def lang_of(request: Request) -> str:
    """``?lang=`` first, then the cookie, then Accept-Language; English by default."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGS:
        return cookie
    accept = request.headers.get("accept-language", "").lower()
    return "zh" if accept.startswith("zh") else "en"
