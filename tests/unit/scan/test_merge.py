"""Declared vs detected facts: the stricter reading wins, conflicts are reported."""

from __future__ import annotations

import pytest

from carborder.scan.merge import combine, default_strategies, merge_facts


def test_strategies_come_from_the_vocabulary() -> None:
    s = default_strategies()
    assert (
        s["geo.precision_m"] == "min"
        and s["pi.kinds"] == "union"
        and s["origin"] == "first_domestic"
    )


@pytest.mark.parametrize(
    ("strategy", "a", "b", "out"),
    [
        ("any", False, True, True),  # one source saw it: it is there
        ("all", True, False, False),  # anonymised only if every source says so
        ("max", 10, 40_000, 40_000),  # more people is stricter
        ("min", 5.0, 0.1, 0.1),  # finer precision is stricter
        ("union", ["phone"], ["vin", "phone"], ["phone", "vin"]),
        ("first", "rd_design", "other", "rd_design"),
        ("first_domestic", "foreign_transit", "domestic", "domestic"),
    ],
)
def test_combine_table(strategy: str, a: object, b: object, out: object) -> None:
    assert combine(strategy, a, b) == out  # type: ignore[arg-type]


def test_declared_no_trajectory_vs_detected_trajectories_is_a_conflict() -> None:
    declared = {"pi.sensitive_kinds": [], "pi.sensitive_individuals": 0, "geo.present": False}
    detected = {
        "pi.sensitive_kinds": ["trajectory"],
        "pi.sensitive_individuals": 40_000,
        "geo.present": True,
    }
    merged, conflicts = merge_facts(declared, detected, default_strategies())
    assert merged == {
        "pi.sensitive_kinds": ["trajectory"],
        "pi.sensitive_individuals": 40_000,
        "geo.present": True,
    }
    assert sorted(c.fact for c in conflicts) == sorted(declared)
    assert all(c.stricter == "detected" for c in conflicts)


def test_declared_stricter_still_reported_but_kept() -> None:
    merged, conflicts = merge_facts(
        {"pi.individuals": 90_000}, {"pi.individuals": 1200}, {"pi.individuals": "max"}
    )
    assert merged["pi.individuals"] == 90_000
    assert conflicts[0].stricter == "declared"


def test_no_conflict_when_scan_sees_less_of_a_set_or_confirms() -> None:
    _, conflicts = merge_facts(
        {"pi.kinds": ["phone", "face"], "geo.present": True},
        {"pi.kinds": ["phone"], "geo.present": False},
        default_strategies(),
    )
    assert conflicts == []


def test_unknown_strategy_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown merge strategy"):
        combine("avg", 1, 2)
