"""Find English words left in Chinese output, outside identifiers.

A word counts as an identifier when it carries an identifier's marks (``_ . / : @ = + -`` or a
digit: rule ids, fact names, paths, versions), is an acronym (VIN, OTA, MNR), is quoted
(“secondary”, 「x」, `x`), is an option (``--workspace``), or is one of the ``identifiers`` a test passes (fact names and values
of the pack, ids from a workspace). Everything else — "allowed", "missing", "conditions not
met" — is an untranslated word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from carborder.i18n import messages
from carborder.rulebook.pack import Pack

_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|`[^`]*`|《[^》]*》")
_TOKEN = re.compile(r"[A-Za-z0-9_.\-/:@=+*#~]+")
_WORD = re.compile(r"[A-Za-z]{2,}")
_ALWAYS = {
    "carborder",
    "Ed25519",
    "SHA",
    "HMAC",
    "GeoJSON",
    "JSON",
    "YAML",
    "Parquet",
    "CSV",
    "Arrow",  # Apache Arrow, a file format
    "Ray",  # the Ray cluster framework
    "OpenAPI",
    "SQLite",
    "PostgreSQL",
    # units of size, written the same in Chinese text
    "KiB",
    "MiB",
    "GiB",
}


def pack_identifiers(pack: Pack) -> set[str]:
    """Fact names and the values of enum/set facts: data identifiers, the same in any language.

    Words the catalogue translates (statuses, activities...) are taken out, so that an
    untranslated status is caught even if a fact happened to use the same word.
    """
    ids: set[str] = set(pack.facts) | set(pack.meta.context_facts)
    for spec in pack.facts.values():
        ids.update(spec.values or [])
    for cat in getattr(pack.meta, "sensitive_pi", {}) or {}:
        ids.add(str(cat))
    translated = {
        msg_id.split("-", 2)[-1]
        for msg_id in messages("en").ids()
        if msg_id.startswith(("status-", "activity-", "approval-status-", "result-", "confidence-"))
    }
    return ids - translated


def english_words(text: str, identifiers: Iterable[str] = ()) -> list[str]:
    """Untranslated English words in ``text`` (empty when the text is fully Chinese)."""
    known = set(identifiers) | _ALWAYS
    found = []
    for token in _TOKEN.findall(_QUOTED.sub(" ", text)):
        if re.match(r"--?[A-Za-z]", token):
            continue  # an option (--workspace, -w) is typed as it is in any language
        token = token.strip(".-:=+*#~")
        if not _WORD.search(token) or token in known:
            continue
        if re.search(r"[_./:@=+0-9\-]", token) or token.isupper():
            continue
        found.append(token)
    return found


_EXAMPLE = re.compile(r"(carborder |curl |[A-Z_]+=\S* carborder |[A-Z_]+=\$\(carborder )")


def without_examples(text: str) -> str:
    """``text`` without its examples (command lines, indented code): they are typed, not read.

    A command line's ``# comment`` is prose and stays. Lines of a help panel (``│ ...``) are
    prose whatever their indentation.
    """
    lines = []
    for line in text.split("\n"):
        body = line.strip(" │")
        indent = len(line) - len(line.lstrip(" "))
        if _EXAMPLE.match(body) or (indent >= 4 and not line.startswith("│")):
            line = body.partition(" #")[2]
        lines.append(line)
    return "\n".join(lines)
