"""Kind-based operators reach every column where the kind is: whole columns and spans in free text."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.deid import Keyring, OperatorContext, compile_plan
from carborder.deid.keys import ENV_VAR
from carborder.deid.pseudonymise import pseudonym
from carborder.demo.tabular import fake_resident_id, fake_vin
from carborder.model.flow import DeidStep
from carborder.scan.detectors.spans import identifier_spans, span_kinds

phonenumbers = pytest.importorskip("phonenumbers")

KEY = "unit-test-key-0123456789abcdef0123"


def _run(steps: list[dict[str, object]], t: pa.Table, kinds: dict[str, set[str]]) -> pa.Table:
    ctx = OperatorContext(
        keyring=Keyring.load(None, env={ENV_VAR: KEY}),
        column_kinds={c: frozenset(k) for c, k in kinds.items()},
    )
    plan = compile_plan([DeidStep.model_validate(s) for s in steps], t.schema, ctx)
    out = list(plan.run(lambda: iter(t.to_batches(max_chunksize=3))))
    return pa.Table.from_batches(out, schema=plan.output_schema)


def _table() -> pa.Table:
    return pa.table(
        {
            "phone": ["13812345678", "13912345678", None, "13812345678"],
            "note": ["回访电话13812345678", "ok", None, "call 13912345678 or 13812345678"],
            "city": ["北京", "上海", "北京", "深圳"],
        }
    )


def test_pseudonymise_by_kind_replaces_spans_with_the_columns_pseudonym() -> None:
    out = _run([{"op": "pseudonymise", "kinds": ["phone"]}], _table(), {"phone": {"phone"}})
    p = {v: pseudonym(KEY.encode(), v) for v in ("13812345678", "13912345678")}
    assert out.column("phone").to_pylist() == [
        p["13812345678"],
        p["13912345678"],
        None,
        p["13812345678"],
    ]
    assert out.column("note").to_pylist() == [
        f"回访电话{p['13812345678']}",
        "ok",
        None,
        f"call {p['13912345678']} or {p['13812345678']}",
    ]
    assert out.column("city").to_pylist() == ["北京", "上海", "北京", "深圳"]


def test_pseudonymise_by_column_leaves_other_columns_alone() -> None:
    out = _run([{"op": "pseudonymise", "columns": ["phone"]}], _table(), {"phone": {"phone"}})
    assert out.column("note").to_pylist()[0] == "回访电话13812345678"


def test_mask_text_without_columns_masks_every_text_column() -> None:
    t = _table().append_column("vin", pa.array([fake_vin(random.Random(i)) for i in range(4)]))
    out = _run([{"op": "mask_text", "kinds": ["phone", "vin"]}], t, {})
    assert set(out.column("phone").to_pylist()) == {"[PHONE]", None}
    assert out.column("note").to_pylist()[3] == "call [PHONE] or [PHONE]"
    assert set(out.column("vin").to_pylist()) == {"[VIN]"}


def test_mask_text_masks_valid_identifiers_its_patterns_miss() -> None:
    # 2-series Mastercard numbers pass Luhn and the IIN check; the old pattern began at 3.
    t = pa.table({"note": ["card 2221000000000009 paid"]})
    out = _run([{"op": "mask_text", "columns": ["note"], "kinds": ["bank_card"]}], t, {})
    assert out.column("note").to_pylist() == ["card [BANK_CARD] paid"]


def _mobile(rng: random.Random) -> str:
    while True:
        n = "1" + str(rng.randint(3, 9)) + "".join(rng.choice("0123456789") for _ in range(9))
        if phonenumbers.is_valid_number(phonenumbers.parse(n, "CN")):
            return n


_WORDS = st.sampled_from(["回访电话", "客户", "已交车", ", ", "VIN:", " id ", "", "试驾。", "/"])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32),
    st.lists(st.lists(_WORDS, min_size=1, max_size=4), min_size=1, max_size=8),
)
def test_no_raw_identifier_of_a_pseudonymised_kind_survives(
    seed: int, rows: list[list[str]]
) -> None:
    rng = random.Random(seed)
    notes = []
    for words in rows:
        parts = []
        for w in words:
            parts.append(w)
            parts.append(rng.choice([_mobile(rng), fake_resident_id(rng), fake_vin(rng), ""]))
        notes.append("".join(parts))
    t = pa.table({"note": notes})
    out = _run([{"op": "pseudonymise", "kinds": ["phone", "id_number", "vin"]}], t, {})
    cleaned = out.column("note").to_pylist()
    for text in cleaned:
        assert not list(phonenumbers.PhoneNumberMatcher(text, "CN")), text
    assert identifier_spans(out.column("note"), span_kinds()).num_rows == 0
    # what is not an identifier is kept as it was
    assert all(w in c for c, ws in zip(cleaned, rows, strict=True) for w in ws)
