"""Approval validity is read on the issue date: 2 years before 2024-03-22, 3 years from it."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.decide.approvals import UndatedApprovalError, valid_for, valid_until
from carborder.model.approval import Approval, ApprovalScope
from carborder.model.flow import Flow
from carborder.rulebook import Pack, load_pack
from carborder.rulebook.schema import Obligation

# Independent oracle: the dates of the two instruments, not the pack's parameter file.
MEASURES_IN_FORCE = date(2022, 9, 1)  # Assessment Measures (2022), Art. 14: 2 years
PROVISIONS_IN_FORCE = date(2024, 3, 22)  # 2024 Provisions, Art. 9: 3 years


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


FLOW = Flow(id="f", activity="transfer", assets=["a"], recipient="r")


def _result(issued: date) -> Approval:
    return Approval(
        id="CAC-SA",
        kind="security_assessment",
        flows=["f"],
        issued=issued,
        scope=ApprovalScope(recipients=["r"]),  # unscoped results cover nothing
    )


@settings(deadline=None)
@given(
    issued=st.dates(min_value=MEASURES_IN_FORCE, max_value=date(2030, 12, 31)),
    later=st.integers(min_value=0, max_value=3000),
)
def test_validity_follows_the_issue_date_not_the_decision_date(issued: date, later: int) -> None:
    as_of = issued + timedelta(days=later)
    years = 2 if issued < PROVISIONS_IN_FORCE else 3
    assert valid_until(_result(issued), _pack(), as_of) == _years_later(issued, years)


def test_edge_of_the_2024_provisions() -> None:
    pack = _pack()
    before, on = _result(date(2024, 3, 21)), _result(date(2024, 3, 22))
    assert valid_until(before, pack, date(2026, 11, 27)) == date(2026, 3, 21)
    assert valid_until(on, pack, date(2026, 11, 27)) == date(2027, 3, 22)
    assert valid_for([before], FLOW, pack, date(2026, 3, 21)) == [before]
    assert valid_for([before], FLOW, pack, date(2026, 3, 22)) == []
    assert valid_for([on], FLOW, pack, date(2026, 3, 22)) == [on]


def test_a_result_dated_before_any_validity_rule_is_not_valid() -> None:
    """Fail closed: no assessment result could be issued before the Measures took effect."""
    early = _result(date(2022, 8, 31))
    try:
        valid_until(early, _pack(), date(2023, 1, 1))
    except UndatedApprovalError:
        pass
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("an undated approval must not get a validity")
    assert valid_for([early], FLOW, _pack(), date(2023, 1, 1)) == []


def test_the_extension_applies_from_2024_03_22() -> None:
    """2024 Provisions Art. 9 is in force from its publication, not from the 2026 Guidelines."""
    pack = _pack()
    extension = pack.rules["obligations.assessment_extension"]
    assert isinstance(extension, Obligation)
    assert not pack.in_force(extension, PROVISIONS_IN_FORCE - timedelta(days=1))
    assert pack.in_force(extension, PROVISIONS_IN_FORCE)


def test_a_result_without_a_recorded_scope_covers_nothing() -> None:
    """Fail closed: a change of scope cannot be seen on an approval that records none."""
    pack = _pack()
    day = date(2026, 6, 1)
    issued = date(2025, 6, 1)
    bare = Approval(id="SA-0", kind="security_assessment", flows=["f"], issued=issued)
    empty = bare.model_copy(update={"id": "SA-1", "scope": ApprovalScope()})
    scoped = bare.model_copy(update={"id": "SA-2", "scope": ApprovalScope(recipients=["r"])})
    assert valid_for([bare, empty], FLOW, pack, day) == []
    assert valid_for([scoped], FLOW, pack, day) == [scoped]
    # kinds no change voids (the pack names none) need no scope
    mnr = Approval(id="MNR-1", kind="mnr_approval", flows=["f"], issued=issued)
    assert valid_for([mnr], FLOW, pack, day) == [mnr]
