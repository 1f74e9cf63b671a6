"""One test per defect the scan-engine review found (issue 10, items 1-8)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from carborder.demo.tabular import fake_resident_id
from carborder.scan import scan
from carborder.scan.detectors import identifiers as ids
from carborder.scan.detectors import validators as v
from carborder.scan.detectors.base import BatchContext
from carborder.scan.detectors.candidates import extract


def _kinds(tmp_path: Path, table: pa.Table, name: str = "t.parquet") -> list[str]:
    pq.write_table(table, tmp_path / name)
    got = scan(tmp_path / name).facts.get("pi.kinds", [])
    assert isinstance(got, list)
    return got


# 1. phone check: allocation table, not "any 11 digits"
@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("22663758339", False),  # prefix 226: no mobile network
        ("99999999999", False),
        ("20261127103", False),  # a date-like code
        ("14612345678", False),  # 146 not opened for subscribers
        ("17412345678", False),  # 174 outside 17400-17405 (satellite)
        ("17401234567", True),  # Tiantong satellite block
        ("16101234567", True),  # 1610 virtual operators (wrongly rejected before)
        ("19212345678", True),  # China Broadnet
    ],
)
def test_mobile_allocation_table(number: str, ok: bool) -> None:
    assert v.is_mobile(number) is ok


def test_look_alike_only_file_reports_no_pi(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    codes = [f"{rng.integers(2, 10)}{rng.integers(0, 10**10):010d}" for _ in range(2000)]
    assert _kinds(tmp_path, pa.table({"code": codes})) == []


# 2. every candidate of a value, not only the first
def test_every_candidate_in_a_note() -> None:
    ex = extract(pa.array(["身份证220621199804122975，银行卡6222029057807361929"]))
    assert ex.get("id_number").values.to_pylist() == ["220621199804122975"]
    assert ex.get("bank_card").values.to_pylist() == ["6222029057807361929"]
    two = extract(pa.array(["VIN LSVAU218XN2183294 换 LSVAU2180N2183290 ok"]))
    assert len(two.get("vin")) == sum(
        v.is_vin(x) for x in ("LSVAU218XN2183294", "LSVAU2180N2183290")
    )


def test_second_vin_in_a_note_counts_as_a_vehicle(tmp_path: Path) -> None:
    first, second = "LSVAU218XN2183294", "LFV2A21K7G3041325"
    assert v.is_vin(first) and v.is_vin(second)
    notes = [f"换车 {first} → {second}", "车况良好 status ok"] * 20
    r = scan([_write(tmp_path, pa.table({"备注": notes}))])
    assert r.details["vehicles.distinct_vin"] == 2


def _write(tmp_path: Path, table: pa.Table) -> Path:
    p = tmp_path / "n.parquet"
    pq.write_table(table, p)
    return p


# 3. separators
@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("电话 155-9491-2123", "phone", "15594912123"),
        ("tel 187 7517 9154", "phone", "18775179154"),
        ("+86 138 0013 8000", "phone", "13800138000"),
        ("车牌 吉K 4MCWH", "plate", "吉K4MCWH"),
        ("豫Y·9WKEU", "plate", "豫Y9WKEU"),
        ("卡号 6217-0037-4776-2987", "bank_card", "6217003747762987"),
        ("身份证 220621 19980412 2975", "id_number", "220621199804122975"),
    ],
)
def test_separators_are_normalised(text: str, kind: str, value: str) -> None:
    assert extract(pa.array([text])).get(kind).values.to_pylist() == [value]


def test_card_column_with_separators(tmp_path: Path) -> None:
    cards = ["6217-0037-4776-2987", "6222 0290 5780 7361 929"] * 30
    assert "bank_card" in _kinds(tmp_path, pa.table({"卡号": cards}))


# 4. token boundaries: digit runs inside alphanumeric tokens are not candidates
@pytest.mark.parametrize(
    "text",
    [
        "3F13800138000A2B9C",  # uppercase hex hash with a phone-like run inside
        "550e8400-e29b-41d4-a716-446655440000",
        "SHA 9C6222029057807361929FF0",
        "part A13800138000B",
    ],
)
def test_digits_inside_tokens_are_not_identifiers(text: str) -> None:
    assert extract(pa.array([text])).spans == {}


# 5. resident IDs with a county that never existed
def test_resident_id_county_must_exist() -> None:
    body = "110199" + "19800101" + "123"  # Beijing, county 99: never issued
    assert not v.is_resident_id(body + v.resident_id_check_char(body))
    real = "110105" + "19800101" + "123"
    assert v.is_resident_id(real + v.resident_id_check_char(real))


# 6. organisation codes and part numbers are not bank cards
def test_uscc_is_an_organisation_not_a_card(tmp_path: Path) -> None:
    body = "91110000802100433"
    code = body + v.uscc_check_char(body)
    assert v.is_uscc(code)
    r = scan(_write(tmp_path, pa.table({"统一社会信用代码": [code] * 20, "x": ["a"] * 20})))
    assert r.facts.get("org.identifier_kinds") == ["uscc"]
    assert "bank_card" not in r.facts.get("pi.kinds", [])
    assert not r.facts.get("pi.kinds")


def test_part_numbers_and_imeisv_are_not_cards(tmp_path: Path) -> None:
    rng = random.Random(4)
    parts = [f"4{rng.randrange(10**16):016d}" for _ in range(500)]  # 17-digit part numbers
    imeisv = [f"35{rng.randrange(10**14):014d}" for _ in range(500)]  # 16-digit IMEISV
    table = pa.table({"part_no": parts, "imeisv": imeisv})
    assert "bank_card" not in _kinds(tmp_path, table)
    notes = [f"零件号 {p} 已入库" for p in parts]
    assert "bank_card" not in _kinds(tmp_path, pa.table({"备注": notes}), "notes.parquet")


def test_card_in_text_needs_its_context() -> None:
    batch = pa.record_batch(
        {"note": ["银行卡6222029057807361929 已绑定", "编号6222029057807361929"]}
    )
    f = ids.BankCardDetector().detect(batch, BatchContext(file="x"))
    ((_, ok, _),) = f.loose_keys["bank_card"]
    assert ok.tolist() == [True, False]


# 7. names and passports without labels; surnames; integer phones with neutral names
def test_neutral_column_of_names(tmp_path: Path) -> None:
    names = ["萧红", "傅雷", "阎锡山", "赖宁", "洪秀全", "欧阳修", "司马光", "张伟", "王芳", "李娜"]
    rng = random.Random(2)
    given = "伟芳娜敏静丽强磊洋勇艳杰娟涛明超秀华"
    col = names + [
        rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(given) + rng.choice(given)
        for _ in range(90)
    ]
    assert "name" in _kinds(tmp_path, pa.table({"col3": col}))
    cities = ["张家口", "李庄", "王府井", "高速", "黄山"] * 20
    assert "name" not in _kinds(tmp_path, pa.table({"col3": cities}), "c.parquet")


def test_neutral_column_of_passports(tmp_path: Path) -> None:
    rng = random.Random(5)
    col = [f"E{rng.randrange(10**8):08d}" for _ in range(100)]
    assert "passport" in _kinds(tmp_path, pa.table({"c7": col}))


def test_integer_phone_column_with_neutral_name(tmp_path: Path) -> None:
    col = pa.array([13800138000 + i * 7919 for i in range(200)], pa.int64())
    assert "phone" in _kinds(tmp_path, pa.table({"c2": col}))
    counts = pa.array(list(range(200)), pa.int64())
    assert _kinds(tmp_path, pa.table({"c2": counts}), "n.parquet") == []


# 8. people linked across identifiers: missing IDs do not double-count
def test_people_linked_when_identifiers_are_missing(tmp_path: Path) -> None:
    rng = random.Random(8)
    n = 3000
    people = [
        (fake_resident_id(rng), f"E{rng.randrange(10**8):08d}", f"139{i:08d}") for i in range(n)
    ]
    rows_id, rows_pp, rows_ph = [], [], []
    for pid, pp, ph in people:
        for _ in range(3):
            rows_id.append(pid if rng.random() > 0.3 else None)  # 30 % of ID cells empty
            rows_pp.append(pp)
            rows_ph.append(ph if rng.random() > 0.3 else None)
    table = pa.table({"身份证号": rows_id, "护照号": rows_pp, "手机号": rows_ph})
    pq.write_table(table.slice(0, 4500), tmp_path / "a.parquet")
    pq.write_table(table.slice(4500), tmp_path / "b.parquet")
    r = scan(tmp_path)
    assert r.facts["pi.individuals"] == n
    assert r.facts["pi.sensitive_individuals"] == n
    assert r.details["people.exact"] is True
