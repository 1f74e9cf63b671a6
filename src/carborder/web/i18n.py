"""The pages' language (zh or en): chosen by the user, remembered in a cookie.

Texts come from carborder's message catalogue (:mod:`carborder.i18n`, the ``web-*`` ids in
``web.ftl`` plus the vocabulary shared with the CLI); rulebook titles come from the pack.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from carborder.i18n import messages

__all__ = ["LANGS", "LANG_COOKIE", "lang_of", "translate"]

#: Languages of the pages.
LANGS = ("zh", "en")
#: Cookie that remembers the chosen language.
LANG_COOKIE = "carborder_lang"


def translate(lang: str, msg_id: str, **params: Any) -> str:
    """The catalogue text of ``msg_id`` in ``lang``.

    >>> translate("zh", "web-nav-dashboard"), translate("en", "web-nav-dashboard")
    ('总览', 'Dashboard')
    """
    return messages(lang)(msg_id, **params)


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
