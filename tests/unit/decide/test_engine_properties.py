"""Properties of decide(): heavier facts never lighten the pathway; decisions are reproducible."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.decide import decide_all
from carborder.model.decision import Decision
from carborder.model.inventory import Inventory
from carborder.rulebook import Pack, load_pack

AS_OF = date(2026, 6, 30)
SENSITIVE_KINDS = [
    "trajectory",
    "biometric",
    "face",
    "voice",
    "medical",
    "financial_account",
    "minor",
]
SCENARIOS = ["after_sales", "rd_collaboration", "transnational_marketing", "other", "hr_management"]


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _decide(
    *,
    individuals: int,
    sensitive: int,
    kinds: list[str],
    ciio: bool = False,
    scenario: str = "after_sales",
    counters: tuple[int, int] = (0, 0),
    as_of: date = AS_OF,
) -> Decision:
    inventory = Inventory.model_validate(
        {
            "handler": {"id": "sinoauto_jv", "type": "oem", "ciio": ciio},
            "assets": [
                {
                    "id": "owner_records",
                    "facts": {
                        "origin": "domestic",
                        "domain": "sales_service",
                        "content.kinds": ["customer_records"],
                        "pi.kinds": ["name", "phone", "vin"],
                        "pi.individuals": individuals,
                        "pi.sensitive_kinds": kinds,
                        "pi.sensitive_individuals": sensitive,
                        "camera.outside_vehicle": False,
                        "camera.cabin": False,
                    },
                }
            ],
            "recipients": [{"id": "munich_rd", "country": "DE"}],
            "flows": [
                {
                    "id": "records_out",
                    "activity": "transfer",
                    "assets": ["owner_records"],
                    "recipient": "munich_rd",
                    "scenario": scenario,
                }
            ],
            "counters": {
                "year": as_of.year,
                "pi.individuals": counters[0],
                "pi.sensitive_individuals": counters[1],
            },
        }
    )
    return decide_all(inventory, _pack(), as_of)[0]


def _weight(d: Decision) -> int:
    return _pack().weight(d.pathway.value)


# Head-counts around every threshold edge, and anywhere up to several million.
edges = st.sampled_from(
    [0, 1, 9_999 - 1, 9_999, 9_999 + 1, 99_999, 99_999 + 1, 999_999, 999_999 + 1]
)
counts = st.one_of(edges, st.integers(min_value=0, max_value=3_000_000))


@settings(max_examples=60, deadline=None, database=None)
@given(
    a=counts,
    b=counts,
    sensitive=counts,
    kinds=st.lists(st.sampled_from(SENSITIVE_KINDS), unique=True, max_size=2),
    ciio=st.booleans(),
    scenario=st.sampled_from(SCENARIOS),
)
def test_raising_the_head_count_never_lightens_the_pathway(
    a: int, b: int, sensitive: int, kinds: list[str], ciio: bool, scenario: str
) -> None:
    low, high = sorted((a, b))
    common: dict[str, Any] = {
        "sensitive": sensitive,
        "kinds": kinds,
        "ciio": ciio,
        "scenario": scenario,
    }
    assert _weight(_decide(individuals=low, **common)) <= _weight(
        _decide(individuals=high, **common)
    )


@settings(max_examples=60, deadline=None, database=None)
@given(
    individuals=counts,
    a=counts,
    b=counts,
    kinds=st.lists(st.sampled_from(SENSITIVE_KINDS), unique=True, max_size=2),
    scenario=st.sampled_from(SCENARIOS),
)
def test_raising_the_sensitive_head_count_never_lightens_the_pathway(
    individuals: int, a: int, b: int, kinds: list[str], scenario: str
) -> None:
    low, high = sorted((a, b))
    common: dict[str, Any] = {"individuals": individuals, "kinds": kinds, "scenario": scenario}
    assert _weight(_decide(sensitive=low, **common)) <= _weight(_decide(sensitive=high, **common))


@settings(max_examples=60, deadline=None, database=None)
@given(
    individuals=counts,
    sensitive=counts,
    base=st.lists(st.sampled_from(SENSITIVE_KINDS), unique=True, max_size=2),
    added=st.sampled_from(SENSITIVE_KINDS),
    scenario=st.sampled_from(SCENARIOS),
)
def test_adding_a_sensitive_kind_never_lightens_the_pathway(
    individuals: int, sensitive: int, base: list[str], added: str, scenario: str
) -> None:
    more = sorted(set(base) | {added})
    common: dict[str, Any] = {
        "individuals": individuals,
        "sensitive": sensitive,
        "scenario": scenario,
    }
    assert _weight(_decide(kinds=base, **common)) <= _weight(_decide(kinds=more, **common))


@settings(max_examples=40, deadline=None, database=None)
@given(individuals=counts, earlier=counts)
def test_year_to_date_counters_never_lighten_the_pathway(individuals: int, earlier: int) -> None:
    alone = _decide(individuals=individuals, sensitive=0, kinds=[])
    after = _decide(individuals=individuals, sensitive=0, kinds=[], counters=(earlier, 0))
    assert _weight(alone) <= _weight(after)


@settings(max_examples=30, deadline=None, database=None)
@given(
    individuals=counts,
    sensitive=counts,
    kinds=st.lists(st.sampled_from(SENSITIVE_KINDS), unique=True, max_size=2),
)
def test_decide_is_deterministic(individuals: int, sensitive: int, kinds: list[str]) -> None:
    first = _decide(individuals=individuals, sensitive=sensitive, kinds=kinds)
    second = _decide(individuals=individuals, sensitive=sensitive, kinds=kinds)
    assert first.model_dump(mode="json") == second.model_dump(mode="json")
    assert len(first.decision_id) == 16
    assert first.input_digest.startswith(first.decision_id)


@settings(max_examples=30, deadline=None, database=None)
@given(individuals=st.integers(min_value=0, max_value=2_000_000), sensitive=counts)
def test_decision_id_changes_when_an_input_changes(individuals: int, sensitive: int) -> None:
    base = _decide(individuals=individuals, sensitive=sensitive, kinds=[])
    variants = [
        _decide(individuals=individuals + 1, sensitive=sensitive, kinds=[]),  # a fact
        _decide(individuals=individuals, sensitive=sensitive, kinds=["trajectory"]),  # a set fact
        _decide(individuals=individuals, sensitive=sensitive, kinds=[], ciio=True),  # the handler
        _decide(
            individuals=individuals, sensitive=sensitive, kinds=[], scenario="other"
        ),  # the flow
        _decide(
            individuals=individuals, sensitive=sensitive, kinds=[], counters=(1, 0)
        ),  # counters
        _decide(
            individuals=individuals, sensitive=sensitive, kinds=[], as_of=date(2026, 7, 1)
        ),  # date
    ]
    ids = {base.decision_id, *(v.decision_id for v in variants)}
    assert len(ids) == len(variants) + 1


#: Facts whose true value can only add risk: turning one on never lightens a decision.
RISK_FLAGS = [
    "camera.outside_vehicle",
    "camera.faces_visible",
    "camera.plates_visible",
    "camera.road_signs_visible",
    "geo.in_sensitive_area",
    "vehicle_flow",
    "logistics",
    "charging_network_ops",
    "survey.pointcloud",
    "survey.hd_map",
    "survey.imagery",
    "tech.core_technology",
    "supply_chain.key_components",
    "government_military_service",
    "important.notified",
]
CONTENT = [
    "telemetry",
    "training_data",
    "test_data",
    "camera_video",
    "design_data",
    "bom",
    "charging_data",
]


def _decide_technical(flags: dict[str, bool], kinds: list[str], ftz: str | None) -> Decision:
    facts: dict[str, Any] = {
        "origin": "domestic",
        "domain": "driving_automation",
        "content.kinds": kinds,
        "pi.kinds": [],
        "pi.individuals": 0,
        "pi.sensitive_kinds": [],
        "pi.sensitive_individuals": 0,
        "geo.present": False,
        "camera.cabin": False,
        "ftz.on_negative_list": False,
        **flags,
    }
    inventory = Inventory.model_validate(
        {
            "handler": {"id": "pathwise_ad", "type": "autonomous_driving_service", "ftz": ftz},
            "assets": [{"id": "drive_set", "facts": facts}],
            "recipients": [{"id": "detroit_hq", "country": "US"}],
            "flows": [
                {
                    "id": "set_out",
                    "activity": "transfer",
                    "assets": ["drive_set"],
                    "recipient": "detroit_hq",
                    "scenario": "rd_collaboration",
                }
            ],
        }
    )
    return decide_all(inventory, _pack(), AS_OF)[0]


_STATUS_RANK = {"allowed": 0, "needs_approval": 1, "needs_review": 1, "blocked": 2}


@settings(max_examples=80, deadline=None, database=None)
@given(
    on=st.sets(st.sampled_from(RISK_FLAGS)),
    more=st.sets(st.sampled_from(RISK_FLAGS), min_size=1),
    kinds=st.lists(st.sampled_from(CONTENT), unique=True, min_size=1, max_size=3),
    ftz=st.sampled_from([None, "beijing", "shanghai_lingang"]),
)
def test_turning_a_risk_flag_on_never_lightens_the_decision(
    on: set[str], more: set[str], kinds: list[str], ftz: str | None
) -> None:
    before = _decide_technical({f: f in on for f in RISK_FLAGS}, kinds, ftz)
    after = _decide_technical({f: f in on | more for f in RISK_FLAGS}, kinds, ftz)
    assert _weight(before) <= _weight(after)
    assert _STATUS_RANK[before.status.value] <= _STATUS_RANK[after.status.value]
