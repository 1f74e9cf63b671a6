"""The zh/en message catalogue: every human-facing text carborder renders comes from here.

Messages live in Fluent files (``locales/<lang>/*.ftl``), one catalogue per language with the
same message ids; the rulebook's own titles are read from the pack (:meth:`Messages.local`),
never copied. Citations are rendered by :func:`render_article` / :func:`render_cite`
("Art. 7(1)-(2)" → 第七条第一款至第二款).

>>> zh = messages("zh")
>>> zh("status-allowed")
'允许出境'
>>> messages("en")("status-allowed")
'allowed'
"""

from __future__ import annotations

from carborder.i18n.catalogue import LANGS, Lang, Messages, messages
from carborder.i18n.citations import render_article, render_cite

__all__ = ["LANGS", "Lang", "Messages", "messages", "render_article", "render_cite"]
