"""Merge declared and detected facts for scans; the strategies come from a fact vocabulary."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from carborder.model.merge import STRATEGIES, Conflict, combine, merge_facts

__all__ = [
    "STRATEGIES",
    "Conflict",
    "combine",
    "default_strategies",
    "merge_facts",
]

_PACK_FACTS = (
    Path(__file__).resolve().parents[1] / "rulebook" / "packs" / "cn-auto-2026" / "facts.yaml"
)


@cache
def _load(path: str) -> dict[str, str]:
    doc: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    facts = doc.get("facts", {}) if isinstance(doc, dict) else {}
    return {str(k): str(v.get("merge", "first")) for k, v in facts.items() if isinstance(v, dict)}


def default_strategies(path: Path | None = None) -> dict[str, str]:
    """Merge strategy per fact from a ``facts.yaml`` vocabulary (default: the bundled pack)."""
    return dict(_load(str(path or _PACK_FACTS)))
