"""The counting period of the thresholds comes from the pack, and the code refuses one it cannot count.

The pack's dated parameter says over which period people provided abroad add up (since 1 January
of the current year under the 2024 Provisions; since 1 January of the previous year under the 2022
Assessment Measures). Counters are kept per calendar year, so decisions on a date whose period is
anything else must stop instead of under-counting; so must a pack that has no period.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.decide import decide_all
from carborder.decide.counting_period import (
    PERIOD_PARAMETER,
    counting_period,
    counting_year,
    counts_in_period,
)
from carborder.errors import PackError
from carborder.model.counters import Counters
from carborder.model.inventory import Inventory
from carborder.rulebook import Pack, load_pack
from carborder.workspace.config import Workspace
from carborder.workspace.init import init_workspace
from carborder.workspace.state import with_stored_state


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _first_supported_day(pack: Pack) -> date:
    values = pack.parameters[PERIOD_PARAMETER].values
    return max(values)


def _with_period(pack: Pack, value: str | None) -> Pack:
    """The same pack with the period in force today set to ``value`` (None: no period at all)."""
    params = dict(pack.parameters)
    if value is None:
        del params[PERIOD_PARAMETER]
    else:
        param = params[PERIOD_PARAMETER]
        latest = max(param.values)
        values = dict(param.values)
        values[latest] = values[latest].model_copy(update={"value": value})
        params[PERIOD_PARAMETER] = param.model_copy(update={"values": values})
    return dataclasses.replace(pack, parameters=params)


def _inventory(counters: dict[str, Any]) -> Inventory:
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
                        "pi.individuals": 40_000,
                        "pi.sensitive_kinds": [],
                        "pi.sensitive_individuals": 0,
                        "camera.outside_vehicle": False,
                        "camera.cabin": False,
                    },
                }
            ],
            "recipients": [{"id": "hq", "country": "DE"}],
            "flows": [
                {
                    "id": "crm_out",
                    "activity": "transfer",
                    "assets": ["crm"],
                    "recipient": "hq",
                    "scenario": "other",
                }
            ],
            "counters": counters,
        }
    )


def test_the_pack_holds_a_cited_period_for_every_day_it_decides() -> None:
    param = _pack().parameters[PERIOD_PARAMETER]
    for entry in param.values.values():
        assert entry.cites, "each dated period cites its instrument and article"
    today = date(2026, 6, 30)
    assert counting_year(_pack(), today) == today.year


def test_an_uncountable_period_stops_the_decision() -> None:
    pack = _with_period(_pack(), "rolling_12_months")
    with pytest.raises(PackError, match="rolling_12_months"):
        decide_all(_inventory({}), pack, date(2026, 6, 30))


def test_a_pack_without_a_period_stops_the_decision() -> None:
    pack = _with_period(_pack(), None)
    with pytest.raises(PackError, match=PERIOD_PARAMETER):
        decide_all(_inventory({}), pack, date(2026, 6, 30))


def test_the_superseded_two_year_period_is_refused_not_undercounted() -> None:
    # Before the 2024 Provisions the count ran from 1 January of the previous year: the
    # per-year counters cannot answer that, so a decision dated then is refused.
    day = _first_supported_day(_pack()) - timedelta(days=1)
    period = counting_period(_pack(), day)
    with pytest.raises(PackError, match=period):
        decide_all(_inventory({"year": day.year, "pi.individuals": 70_000}), _pack(), day)


def test_a_day_before_any_period_is_refused() -> None:
    earliest = min(_pack().parameters[PERIOD_PARAMETER].values)
    with pytest.raises(PackError, match="no counting period"):
        counting_year(_pack(), earliest - timedelta(days=1))


@settings(max_examples=25, deadline=None)
@given(
    counted_in=st.integers(2024, 2030),
    day=st.dates(date(2024, 3, 22), date(2030, 12, 31)),
    earlier=st.integers(1, 900_000),
)
def test_declared_counts_apply_only_within_their_period(
    counted_in: int, day: date, earlier: int
) -> None:
    counters = Counters.model_validate({"year": counted_in, "pi.individuals": earlier})
    applied = counts_in_period(counters, _pack(), day)
    expected = earlier if day.year == counted_in else 0
    assert applied.individuals == expected
    decision = decide_all(_inventory(counters.model_dump(by_alias=True)), _pack(), day)[0]
    assert decision.pi.ytd_individuals == expected + 40_000


def test_workspace_state_reads_the_period_of_its_own_pack(tmp_path: Path) -> None:
    # assess, plan and the dashboard read counts through the stored state: a workspace whose
    # pack names a period the code cannot count must stop there too.
    root = tmp_path / "ws"
    init_workspace(root)
    pack_dir = root / "stricter-pack"
    shutil.copytree(_pack().root, pack_dir)
    period_file = pack_dir / "parameters" / "counting" / "year_to_date_period.yaml"
    doc = yaml.safe_load(period_file.read_text(encoding="utf-8"))
    latest = max(doc["values"])
    doc["values"][latest]["value"] = "rolling_12_months"
    period_file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    config = root / "carborder.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("pack: cn-auto-2026", "pack: stricter-pack", 1), encoding="utf-8"
    )
    ws = Workspace.open(root)
    inv = ws.inventory(ws.pack())
    with pytest.raises(PackError, match="rolling_12_months"):
        with_stored_state(ws, inv, date(2026, 6, 30))
