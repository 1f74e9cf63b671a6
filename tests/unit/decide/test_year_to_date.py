"""Year-to-date counters carry their calendar year and restart on 1 January."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from carborder.decide import decide_all
from carborder.model.counters import Counters
from carborder.model.inventory import Inventory
from carborder.rulebook import Pack, load_pack
from carborder.workspace.config import Workspace
from carborder.workspace.init import init_workspace
from carborder.workspace.state import with_stored_state


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


def test_a_workspace_that_never_exported_counts_declared_people_only_in_their_year(
    tmp_path: Path,
) -> None:
    # assess, plan and the dashboard read counters through the stored state; with no store yet
    # the declared counts of another year must not leak into this one.
    root = tmp_path / "ws"
    init_workspace(root)
    (root / "inventory" / "counters.yaml").write_text(
        "counters:\n  year: 2025\n  pi.individuals: 500\n  pi.sensitive_individuals: 20\n",
        encoding="utf-8",
    )
    ws = Workspace.open(root)
    inv = ws.inventory(ws.pack())
    dec31 = with_stored_state(ws, inv, date(2025, 12, 31)).counters
    jan1 = with_stored_state(ws, inv, date(2026, 1, 1)).counters
    assert (dec31.individuals, dec31.sensitive_individuals) == (500, 20)
    assert (jan1.individuals, jan1.sensitive_individuals, jan1.year) == (0, 0, 2026)
