"""Merge declared and detected facts for scans; the strategies come from a fact vocabulary."""

from __future__ import annotations

from carborder.model.merge import STRATEGIES, Conflict, combine, merge_facts

__all__ = [
    "STRATEGIES",
    "Conflict",
    "combine",
    "default_strategies",
    "merge_facts",
]


def default_strategies() -> dict[str, str]:
    """Merge strategy per fact, from the built-in pack's vocabulary (``merge:`` in facts.yaml)."""
    from carborder.rulebook.loader import builtin_pack

    return {name: spec.merge for name, spec in builtin_pack().facts.items()}
