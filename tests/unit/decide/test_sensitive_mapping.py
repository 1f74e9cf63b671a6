"""One dated mapping from PI kinds to sensitive categories: declared, scanned and promised facts."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.decide import decide_all
from carborder.deid import promised_facts
from carborder.demo.tabular import fake_mobile, fake_resident_id, fake_vin
from carborder.errors import PackError
from carborder.model.decision import Decision
from carborder.model.flow import DeidStep
from carborder.model.inventory import Inventory
from carborder.rulebook import Pack, load_pack
from carborder.rulebook.loader import default_pack_dir
from carborder.scan import scan

GBT_45574 = date(2025, 11, 1)


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _decide(facts: dict[str, Any], as_of: date, counters: tuple[int, int] = (0, 0)) -> Decision:
    base = {
        "origin": "domestic",
        "domain": "sales_service",
        "content.kinds": ["customer_records"],
        "camera.outside_vehicle": False,
        "camera.cabin": False,
    }
    inventory = Inventory.model_validate(
        {
            "handler": {"id": "dealer", "type": "dealer", "ciio": False},
            "assets": [{"id": "owners", "facts": {**base, **facts}}],
            "recipients": [{"id": "hq", "country": "DE"}],
            "flows": [
                {
                    "id": "out",
                    "activity": "transfer",
                    "assets": ["owners"],
                    "recipient": "hq",
                    "scenario": "after_sales",
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


def test_mapping_changes_on_the_day_gbt_45574_takes_effect() -> None:
    pack = _pack()
    before = pack.sensitive_categories(
        ["id_number", "passport", "face", "vin"], GBT_45574 - timedelta(1)
    )
    after = pack.sensitive_categories(["id_number", "passport", "face", "vin"], GBT_45574)
    assert before == {
        "id_number": "specific_identity",
        "passport": "specific_identity",
        "face": "biometric",
    }
    assert after == {"face": "biometric"}
    # the 2021 automotive provisions' kinds stay sensitive on both sides
    for day in (GBT_45574 - timedelta(1), GBT_45574):
        assert pack.sensitive_category("face", day)[0] == "biometric"
        assert pack.sensitive_category("voice", day)[0] == "biometric"
        assert pack.sensitive_category("bank_card", day)[0] == "financial_account"


def test_precise_location_is_whereabouts_on_both_sides_with_each_dates_citation() -> None:
    """GB/T 45574-2025 reports precise location as sensitive (review); GB/T 35273-2020 listed it."""
    pack = _pack()
    param = pack.parameters["parameters.sensitive_pi.precise_location"]
    for day, instrument, confidence in (
        (GBT_45574 - timedelta(1), "gbt_35273_2020", "unverified"),
        (GBT_45574, "gbt_45574_2025", "secondary"),
    ):
        assert pack.sensitive_category("precise_location", day)[0] == "precise_location"
        entry = param.values[max(d for d in param.values if d <= day)]
        assert instrument in {c.instrument for c in entry.cites}
        assert entry.confidence.value == confidence
    # the scanner's generic positions are not mapped: only a declared precise location is
    assert pack.sensitive_category("location", GBT_45574) == (None, None)


@pytest.mark.parametrize("as_of", [GBT_45574 - timedelta(1), GBT_45574])
def test_scanned_and_declared_id_numbers_decide_alike(tmp_path: Path, as_of: date) -> None:
    rng = random.Random(7)
    n = 300
    pq.write_table(
        pa.table(
            {
                "证件号码": [fake_resident_id(rng) for _ in range(n)],
                "手机号码": [fake_mobile(rng) for _ in range(n)],
                "车架号": [fake_vin(rng) for _ in range(n)],
            }
        ),
        tmp_path / "owners.parquet",
    )
    scanned = dict(scan([tmp_path / "owners.parquet"], asset="owners").facts)
    assert "id_number" in scanned["pi.kinds"]
    assert "pi.sensitive_kinds" not in scanned  # kinds only: the date decides the category
    declared = {
        "pi.kinds": scanned["pi.kinds"],
        "pi.individuals": scanned["pi.individuals"],
    }
    d_scan = _decide({**scanned, "pi.sensitive_kinds": []}, as_of, counters=(0, 20000))
    d_decl = _decide({**declared, "pi.sensitive_kinds": []}, as_of, counters=(0, 20000))
    assert (d_scan.pathway, d_scan.status) == (d_decl.pathway, d_decl.status)
    assert d_scan.pi.sensitive_present is d_decl.pi.sensitive_present is (as_of < GBT_45574)
    assert d_scan.pi.sensitive_kinds == d_decl.pi.sensitive_kinds
    # the mapping's step is in the trace, with its dated citation
    steps = [s for s in d_decl.trace if s.rule == "parameters.sensitive_pi.id_number"]
    assert steps and steps[0].result == ("true" if as_of < GBT_45574 else "false")
    assert {c.instrument for c in steps[0].cites} & {"gbt_35273_2020", "gbt_45574_2025"}


def test_faces_found_by_a_scan_are_biometric() -> None:
    # what the vision detector reports: the kind, no category
    d = _decide({"pi.kinds": ["face"], "pi.individuals": 40}, date(2026, 6, 30))
    assert d.pi.sensitive_present is True
    assert d.pi.sensitive_kinds == ["biometric"]
    assert d.pathway.value == "standard_contract_or_certification"


_OWNER_KINDS = {
    "车主姓名": frozenset({"name"}),
    "手机号码": frozenset({"phone"}),
    "证件号码": frozenset({"id_number"}),
    "车牌号": frozenset({"plate"}),
    "车架号": frozenset({"vin"}),
    "备注": frozenset(),
}
_OWNER_FACTS: dict[str, Any] = {
    "pi.kinds": ["id_number", "name", "phone", "plate", "vin"],
    # as an earlier scan stored it: the category beside the kind it came from
    "pi.sensitive_kinds": ["specific_identity"],
    "pi.individuals": 150000,
    "pi.sensitive_individuals": 150000,
}
_PLAN = [
    DeidStep(op="drop", params={"columns": ["证件号码", "车主姓名"]}),
    DeidStep(op="pseudonymise", params={"kinds": ["vin", "phone", "plate"]}),
    DeidStep(op="mask_text", params={"columns": ["备注"], "kinds": ["phone", "id_number"]}),
]


def test_drop_takes_the_category_and_its_individuals_with_the_last_column() -> None:
    after = promised_facts(_PLAN, _OWNER_FACTS, _OWNER_KINDS)
    assert after["pi.kinds"] == ["phone", "plate", "vin"]  # pseudonyms are still PI
    assert after["pi.sensitive_kinds"] == []
    assert after["pi.sensitive_individuals"] == 0
    assert after["pi.individuals"] == 150000
    before = _decide(_OWNER_FACTS, date(2026, 6, 30))
    lighter = _decide(after, date(2026, 6, 30))
    assert before.pathway.value == "security_assessment"
    assert lighter.pathway.value == "standard_contract_or_certification"
    assert lighter.reasons == ["pathways.contract_pi_volume"]


def test_a_category_stays_while_another_kind_still_carries_it() -> None:
    facts = {**_OWNER_FACTS, "pi.kinds": ["id_number", "passport", "vin"]}
    after = promised_facts([DeidStep(op="drop", params={"kinds": ["id_number"]})], facts)
    assert after["pi.sensitive_kinds"] == ["specific_identity"]
    assert after["pi.sensitive_individuals"] == 150000
    # categories no kind maps to are not the mapping's to remove
    medical = {**_OWNER_FACTS, "pi.sensitive_kinds": ["medical", "specific_identity"]}
    after = promised_facts([DeidStep(op="drop", params={"kinds": ["id_number"]})], medical)
    assert after["pi.sensitive_kinds"] == ["medical"]
    assert after["pi.sensitive_individuals"] == 150000


_KINDS = ["name", "phone", "id_number", "passport", "vin", "plate", "face", "voice", "bank_card"]


@settings(max_examples=60, deadline=None)
@given(
    kinds=st.sets(st.sampled_from(_KINDS), min_size=1),
    dropped=st.sets(st.sampled_from(_KINDS)),
    days=st.integers(-400, 400),
)
def test_after_any_drop_categories_are_those_of_the_kinds_left(
    kinds: set[str], dropped: set[str], days: int
) -> None:
    as_of = GBT_45574 + timedelta(days)
    pack = _pack()
    facts: dict[str, Any] = {
        "pi.kinds": sorted(kinds),
        "pi.sensitive_kinds": sorted(set(pack.sensitive_categories(kinds, as_of).values())),
        "pi.individuals": 500,
        "pi.sensitive_individuals": 500,
    }
    after = promised_facts([DeidStep(op="drop", params={"kinds": sorted(dropped)})], facts)
    left = kinds - dropped
    oracle = {  # an independent reading of the dated files
        "id_number": "specific_identity" if as_of < GBT_45574 else None,
        "passport": "specific_identity" if as_of < GBT_45574 else None,
        "face": "biometric",
        "voice": "biometric",
        "bank_card": "financial_account",
    }
    want = {oracle[k] for k in left if oracle.get(k)}
    d = _decide(after, as_of)
    assert set(d.pi.sensitive_kinds) == want
    assert d.pi.sensitive_present is bool(want)
    assert d.pi.sensitive_individuals == (500 if want else 0)


def _copy_pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(default_pack_dir(), root)
    return root


def test_loader_refuses_a_category_outside_the_vocabulary(tmp_path: Path) -> None:
    root = _copy_pack(tmp_path)
    f = root / "parameters" / "sensitive_pi" / "face.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("value: biometric", "value: facial", 1),
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="facial"):
        load_pack(root)


def test_loader_refuses_a_mapping_for_an_unknown_kind(tmp_path: Path) -> None:
    root = _copy_pack(tmp_path)
    src = root / "parameters" / "sensitive_pi" / "face.yaml"
    dst = root / "parameters" / "sensitive_pi" / "gait.yaml"
    dst.write_text(
        src.read_text(encoding="utf-8").replace("sensitive_pi.face", "sensitive_pi.gait"),
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="gait"):
        load_pack(root)
