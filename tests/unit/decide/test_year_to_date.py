"""Year-to-date counters carry their calendar year and restart on 1 January."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from carborder.decide import decide_all
from carborder.model.counters import Counters
from carborder.model.inventory import Inventory
from carborder.rulebook import Pack, load_pack


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _inventory(counters: dict[str, Any], batch: int) -> Inventory:
    return Inventory.model_validate(
        {
            "handler": {"id": "dealer", "type": "dealer"},
            "assets": [
                {
                    "id": "crm",
                    "facts": {
                        "origin": "domestic",
                        "domain": "sales_service",
                        "content.kinds": ["customer_records"],
                        "pi.kinds": ["name", "phone"],
                        "pi.individuals": batch,
                        "pi.sensitive_kinds": [],
                        "pi.sensitive_individuals": 0,
                        "camera.outside_vehicle": False,
                        "camera.cabin": False,
                    },
                }
            ],
            "recipients": [{"id": "hq", "country": "SG"}],
            "flows": [
                {
                    "id": "crm_out",
                    "activity": "transfer",
                    "assets": ["crm"],
                    "recipient": "hq",
                    "scenario": "after_sales",
                }
            ],
            "counters": counters,
        }
    )


def test_counts_without_their_year_are_refused_with_a_hint() -> None:
    with pytest.raises(ValidationError, match="year: 2026"):
        Counters.model_validate({"pi.individuals": 5})
    assert Counters.model_validate({"pi.individuals": 0}).individuals == 0


def test_counts_apply_only_in_their_year() -> None:
    c = Counters.model_validate({"year": 2025, "pi.individuals": 7, "pi.sensitive_individuals": 3})
    assert c.in_year(2025) == c
    assert (c.in_year(2026).individuals, c.in_year(2026).sensitive_individuals) == (0, 0)
    assert (c.in_year(2024).individuals, c.in_year(2024).sensitive_individuals) == (0, 0)


@settings(max_examples=30, deadline=None)
@given(
    year=st.integers(2025, 2030),
    earlier=st.integers(0, 2_000_000),
    batch=st.integers(1, 200_000),
)
def test_ytd_is_counters_plus_batch_on_31_december_and_the_batch_alone_on_1_january(
    year: int, earlier: int, batch: int
) -> None:
    inv = _inventory({"year": year, "pi.individuals": earlier}, batch)
    last_day = decide_all(inv, _pack(), date(year, 12, 31))[0]
    first_day = decide_all(inv, _pack(), date(year, 12, 31) + timedelta(days=1))[0]
    assert last_day.pi.ytd_individuals == earlier + batch
    assert first_day.pi.ytd_individuals == batch
