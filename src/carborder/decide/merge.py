"""Merge declared and detected facts with the pack's strategies: the stricter reading wins."""

from __future__ import annotations

from collections.abc import Mapping

from carborder.model.facts import Facts, FactValue
from carborder.model.merge import Conflict, merge_facts
from carborder.rulebook.pack import Pack

__all__ = ["FactConflict", "merge_declared_detected"]

#: A detected value that differs from a declared one (the merge mechanism's type).
FactConflict = Conflict


def merge_declared_detected(
    pack: Pack, declared: Mapping[str, FactValue], detected: Mapping[str, FactValue]
) -> tuple[Facts, list[Conflict]]:
    """Declared facts overlaid with detected ones; conflicts listed, stricter value used.

    Detected facts outside the pack's vocabulary are ignored: no rule can read them.
    """
    strategies = {name: spec.merge for name, spec in pack.facts.items()}
    known = {name: value for name, value in detected.items() if name in pack.facts}
    return merge_facts(dict(declared), known, strategies)
