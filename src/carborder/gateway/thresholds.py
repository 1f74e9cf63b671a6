"""Head-count thresholds read from the rulebook pack, and the warnings they raise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carborder.rulebook.pack import Pack

__all__ = ["COUNTER_FACTS", "Threshold", "crossing_warnings", "thresholds_of"]

#: Counter kinds kept per handler and year (fact names of the vocabulary).
COUNTER_FACTS = ("pi.individuals", "pi.sensitive_individuals")


@dataclass(frozen=True)
class Threshold:
    """One head-count threshold in force: parameter id, counter fact, value."""

    id: str
    fact: str
    value: int


def thresholds_of(pack: Pack, as_of: date) -> list[Threshold]:
    """Head-count thresholds of the pack in force on ``as_of`` (unit ``individuals``).

    Values of 1 or less ("one person suffices") never warn and are skipped; a parameter
    whose id mentions ``sensitive`` counts sensitive-PI individuals.
    """
    out: list[Threshold] = []
    for pid, param in sorted(pack.parameters.items()):
        if param.unit != "individuals" or not pid.startswith("thresholds."):
            continue
        try:
            value, _entry = pack.param_at(pid, as_of)
        except LookupError:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 1:
            continue
        fact = COUNTER_FACTS[1] if "sensitive" in pid else COUNTER_FACTS[0]
        out.append(Threshold(pid, fact, int(value)))
    return out


def crossing_warnings(
    thresholds: list[Threshold], current: dict[str, int], last_export: dict[str, int]
) -> list[tuple[Threshold, int]]:
    """Thresholds the next export of the same size would reach, with the current count.

    >>> t = [Threshold("thresholds.x", "pi.individuals", 50)]
    >>> [(w.id, n) for w, n in crossing_warnings(t, {"pi.individuals": 45}, {"pi.individuals": 9})]
    [('thresholds.x', 45)]
    >>> crossing_warnings(t, {"pi.individuals": 30}, {"pi.individuals": 9})
    []
    """
    out: list[tuple[Threshold, int]] = []
    for t in thresholds:
        now = current.get(t.fact, 0)
        step = last_export.get(t.fact, 0)
        if now < t.value <= now + step:
            out.append((t, now))
    return out
