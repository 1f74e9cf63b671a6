"""Identifier detectors on Arrow batches: columns, free text, hints and look-alikes."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from carborder.demo.tabular import fake_mobile, fake_resident_id, fake_vin
from carborder.scan.detectors import identifiers as ids
from carborder.scan.detectors.base import BatchContext, Detector
from carborder.scan.detectors.registry import names
from carborder.scan.sketch import hash64

RNG = random.Random(3)


def _facts(det: Detector, batch: pa.RecordBatch) -> dict[str, object]:
    f = det.detect(batch, BatchContext(file="t.parquet"))
    stats = f.stats[det.name]
    return stats.facts()[0]


def test_registry_lists_builtins() -> None:
    assert {"cn.resident_id", "cn.mobile", "cn.plate", "vin", "bank_card", "geo.position"} <= set(
        names()
    )


@pytest.mark.parametrize(
    ("detector", "column", "values", "found"),
    [
        # a phone column: validated and found
        (ids.MobileDetector(), "phone", [fake_mobile(RNG) for _ in range(20)], True),
        # phone-like order numbers in an order column: the name lowers confidence below the bar
        (ids.MobileDetector(), "order_no", [f"138{i:08d}" for i in range(20)], False),
        # a column called phone full of non-phones: the name alone never decides
        (ids.MobileDetector(), "phone", ["n/a"] * 20, False),
        # resident IDs under a neutral name: values decide
        (ids.ResidentIdDetector(), "c1", [fake_resident_id(RNG) for _ in range(20)], True),
        # 18-digit numbers with wrong check digits are not IDs
        (ids.ResidentIdDetector(), "c1", ["110105194912310021"] * 20, False),
        # VINs in a column named 车架号
        (ids.VinDetector(), "车架号", [fake_vin(RNG) for _ in range(20)], True),
        # 17-digit numbers (no letters) are not VINs
        (ids.VinDetector(), "serial", [f"{i:017d}" for i in range(20)], False),
        # Chinese names need a column that says so
        (ids.ChineseNameDetector(), "姓名", ["张三", "李四", "王小明"] * 5, True),
        (ids.ChineseNameDetector(), "城市", ["张家", "李庄", "王府"] * 5, False),
        # resident IDs whose digits happen to pass Luhn are not bank cards
        (ids.BankCardDetector(), "id_card", [fake_resident_id(RNG) for _ in range(50)], False),
    ],
)
def test_column_table(detector: Detector, column: str, values: list[str], found: bool) -> None:
    batch = pa.record_batch({column: values})
    assert bool(_facts(detector, batch)) is found


def test_free_text_candidates_are_validated() -> None:
    notes = [
        "请联系司机13812345678谢谢",
        "订单号 1381234567890123",
        "driver 15400000000",
        "ok",
    ] * 10
    f = ids.MobileDetector().detect(pa.record_batch({"备注说明": notes}), BatchContext(file="x"))
    entry = next(iter(f.stats["cn.mobile"].entries.values()))
    assert entry.matches == 10  # only the real mobile; the 16-digit run and 154 prefix are not
    assert entry.examples == ["138****5678"]


def test_row_keys_feed_people_and_are_aligned() -> None:
    batch = pa.record_batch({"phone": ["13800138000", None, "bad", "+8613900139000"]})
    f = ids.MobileDetector().detect(batch, BatchContext(file="x"))
    hashes, ok = f.row_keys["phone"]
    assert ok.tolist() == [True, False, False, True]
    # normalised +86 form hashes like the plain number
    expect = hash64(pa.array(["13800138000", "13900139000"]))
    assert hashes[ok].tolist() == expect.tolist()


def test_integer_phone_column_with_hint() -> None:
    batch = pa.record_batch({"mobile": pa.array([13800138000, 13900139000], type=pa.int64())})
    assert _facts(ids.MobileDetector(), batch) == {"pi.kinds": ["phone"]}


def test_redaction_never_leaks_whole_value() -> None:
    assert ids.redact_middle("11010519491231002X") == "110***********002X"
    assert ids.BankCardDetector().redact("4111111111111111") == "411111******1111"
    assert ids.EmailDetector().redact("zhang.san@example.cn") == "z***@example.cn"


def test_repeated_free_text_counts_rows_and_keeps_loose_keys() -> None:
    notes = ["请联系司机13812345678谢谢", None, "status ok", "请联系司机13812345678谢谢", "VIN"]
    notes += ["事故车辆 京A12345 已拖走", "请联系司机13900139000"] * 3
    batch = pa.record_batch({"备注": notes})
    f = ids.MobileDetector().detect(batch, BatchContext(file="x"))
    entry = next(iter(f.stats["cn.mobile"].entries.values()))
    assert entry.matches == 5  # rows, not distinct values
    # identifiers in free text are not linked to the row: they are loose keys
    assert "phone" not in f.row_keys
    ((hashes, ok, more),) = f.loose_keys["phone"]
    assert ok.tolist() == [True, False, False, True, False] + [False, True] * 3
    want = hash64(pa.array(["13812345678", "13900139000"]))
    assert hashes[0] == hashes[1] == want[0] and hashes[2] == want[1] and len(more) == 0
    plates = ids.PlateDetector().detect(batch, BatchContext(file="x"))
    assert plates.loose_keys["plate"][0][1].sum() == 3
