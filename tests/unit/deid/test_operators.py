from __future__ import annotations

import logging
from datetime import UTC, datetime

import pyarrow as pa
import pytest

from carborder.deid import Keyring, OperatorContext, compile_plan, names, promised_facts
from carborder.deid.base import Operator
from carborder.deid.keys import ENV_VAR, key_id_of
from carborder.deid.patterns import is_pseudonym
from carborder.deid.registry import register
from carborder.errors import InputError
from carborder.model.flow import DeidStep

KEY = "unit-test-key-0123456789abcdef0123"


def _ring(key: str = KEY) -> Keyring:
    return Keyring.load(None, env={ENV_VAR: key})


def _table() -> pa.Table:
    return pa.table(
        {
            "vin": ["LSVAU2180N2183294", "LSVAU2180N2183294", None, "LFV2A21K6A4095821"],
            "phone": ["13812345678", "13812345678", "13900001111", None],
            "trip": ["a", "a", "a", "b"],
            "ts": [0, 600, 1200, 0],
            "when": pa.array(
                [datetime(2026, 5, 1, 8, 17, 33, tzinfo=UTC)] * 4, type=pa.timestamp("ms", "UTC")
            ),
            "lat": [31.1, 31.11, 31.12, 30.0],
            "lon": [121.1, 121.11, 121.12, 120.0],
            "note": ["call 13812345678", "ok", "id 110101199003078515", "vin LSVAU2180N2183294"],
            "city": ["sh", "sh", "sh", "bj"],
        }
    )


def _run(steps: list[dict[str, object]], table: pa.Table | None = None) -> pa.Table:
    t = table if table is not None else _table()
    plan = compile_plan(
        [DeidStep.model_validate(s) for s in steps],
        t.schema,
        OperatorContext(keyring=_ring(), column_kinds={"phone": frozenset({"phone"})}),
    )
    out = list(plan.run(lambda: iter(t.to_batches(max_chunksize=2))))
    return pa.Table.from_batches(out, schema=plan.output_schema)


def test_builtin_operators_are_registered_by_name() -> None:
    assert names() == [
        "drop",
        "generalise_geo",
        "generalise_time",
        "mask_text",
        "pseudonymise",
        "suppress_rare",
        "truncate_trajectory",
    ] or set(names()) >= {"drop", "pseudonymise", "suppress_rare", "mask_text"}


def test_operator_needs_classvars() -> None:
    with pytest.raises(TypeError, match="ClassVar 'name'"):

        class Bad(Operator):  # type: ignore[type-arg]
            def check(self, schema: pa.Schema) -> None: ...

            def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
                return batch


def test_duplicate_registration_is_refused() -> None:
    from carborder.deid.drop import Drop

    class Other(Drop):
        pass

    with pytest.raises(ValueError, match="already registered"):
        register(Other)


def test_drop_by_column_and_kind() -> None:
    out = _run([{"op": "drop", "columns": ["vin"], "kinds": ["phone"]}])
    assert "vin" not in out.column_names and "phone" not in out.column_names


@pytest.mark.parametrize(
    ("step", "fragment"),
    [
        ({"op": "drop", "columns": ["nope"]}, "nope not in the data"),
        ({"op": "pseudonymise", "columnz": ["vin"]}, "columnz"),
        ({"op": "generalise_geo", "precision_m": -5}, "precision_m"),
        ({"op": "generalise_geo", "lat": "city", "precision_m": 5}, "not numeric"),
        ({"op": "suppress_rare", "columns": ["city"], "k": 1}, "k"),
        ({"op": "mask_text", "columns": ["note"], "kinds": ["dna"]}, "unknown kind"),
        ({"op": "truncate_trajectory", "trip": "trip", "time": "ts"}, "at least one"),
        ({"op": "frobnicate"}, "unknown operator"),
    ],
)
def test_params_are_checked_before_any_data(step: dict[str, object], fragment: str) -> None:
    t = _table()
    with pytest.raises(InputError, match=fragment):
        compile_plan([DeidStep.model_validate(step)], t.schema, OperatorContext(keyring=_ring()))


def test_later_steps_see_the_schema_of_earlier_ones() -> None:
    t = _table()
    steps = [
        DeidStep(op="drop", params={"columns": ["vin"]}),
        DeidStep(op="pseudonymise", params={"columns": ["vin"]}),
    ]
    with pytest.raises(InputError, match="vin not in the data"):
        compile_plan(steps, t.schema, OperatorContext(keyring=_ring()))


def test_pseudonymise_is_keyed_deterministic_and_keeps_nulls() -> None:
    out = _run([{"op": "pseudonymise", "columns": ["vin"], "length": 20}])
    v = out.column("vin").to_pylist()
    assert v[0] == v[1] and v[2] is None and v[0] != v[3] and len(v[0]) == len("ps_") + 20
    assert all(is_pseudonym(x) for x in v if x)
    assert "LSVAU" not in "".join(x for x in v if x)


def test_pseudonymise_needs_a_key() -> None:
    t = _table()
    with pytest.raises(InputError, match="key"):
        compile_plan(
            [DeidStep(op="pseudonymise", params={"columns": ["vin"]})],
            t.schema,
            OperatorContext(keyring=Keyring.load(None, env={})),
        )


def test_key_never_appears_in_manifest_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    t = _table()
    ring = _ring()
    plan = compile_plan(
        [DeidStep(op="pseudonymise", params={"columns": ["vin"]})],
        t.schema,
        OperatorContext(keyring=ring),
    )
    list(plan.run(lambda: iter(t.to_batches())))
    text = repr(plan.manifest()) + repr(ring) + repr(ring.key()) + caplog.text
    assert KEY not in text and KEY.encode().hex() not in text
    assert plan.manifest()[0]["params"]["key_id"] == key_id_of(KEY.encode())


def test_keyring_files_and_rotation(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    d = Path(str(tmp_path)) / "keys"
    k1 = Keyring.generate(d)
    k2 = Keyring.generate(d)
    ring = Keyring.load(d, env={})
    assert ring.active == k2 and set(ring.keys) == {k1, k2}
    assert ring.key(k1).id == k1
    with pytest.raises(InputError, match="not found"):
        ring.key("0" * 16)
    with pytest.raises(InputError, match="shorter"):
        Keyring.load(None, env={ENV_VAR: "short"})


def test_generalise_geo_grid() -> None:
    out = _run([{"op": "generalise_geo", "precision_m": 1000}])
    assert out.column("lat").to_pylist() == [31.1, 31.11, 31.12, 30.0]
    assert out.column("lon").to_pylist() == [121.1, 121.1, 121.1, 120.0]


def test_generalise_time_timestamp_and_epoch() -> None:
    out = _run(
        [{"op": "generalise_time", "columns": ["when", "ts"], "unit": "minute", "multiple": 15}]
    )
    assert out.column("when")[0].as_py() == datetime(2026, 5, 1, 8, 15, tzinfo=UTC)
    assert out.column("ts").to_pylist() == [0, 0, 900, 0]


def test_truncate_trajectory_by_metres_and_minutes() -> None:
    out = _run([{"op": "truncate_trajectory", "trip": "trip", "time": "ts", "start_m": 500}])
    assert out.column("ts").to_pylist() == [600, 1200]
    out = _run([{"op": "truncate_trajectory", "trip": "trip", "time": "ts", "end_min": 5}])
    assert out.column("ts").to_pylist() == [0, 600]


def test_truncate_trajectory_needs_time_order() -> None:
    t = _table().take([1, 0, 2, 3])
    with pytest.raises(InputError, match="time order"):
        _run([{"op": "truncate_trajectory", "trip": "trip", "time": "ts", "start_m": 1}], t)


def test_suppress_rare_drops_or_nulls_rare_combinations() -> None:
    out = _run([{"op": "suppress_rare", "columns": ["city"], "k": 2}])
    assert out.column("city").to_pylist() == ["sh", "sh", "sh"]
    out = _run([{"op": "suppress_rare", "columns": ["city"], "k": 2, "action": "null_values"}])
    assert out.column("city").to_pylist() == ["sh", "sh", "sh", None]


def test_mask_text_masks_identifiers() -> None:
    out = _run([{"op": "mask_text", "columns": ["note"]}])
    assert out.column("note").to_pylist() == [
        "call [PHONE]",
        "ok",
        "id [ID_NUMBER]",
        "vin [VIN]",
    ]


def test_promises_follow_declared_changes() -> None:
    facts = {
        "pi.kinds": ["vin", "phone", "location"],
        "pi.sensitive_kinds": ["trajectory"],
        "geo.present": True,
        "geo.precision_m": 1.0,
        "pi.individuals": 40,
    }
    same = promised_facts([DeidStep(op="pseudonymise", params={"columns": ["vin"]})], facts)
    assert same == facts  # pseudonymised data is still personal information
    geo = promised_facts([DeidStep(op="generalise_geo", params={"precision_m": 500})], facts)
    assert geo["geo.precision_m"] == 500
    anon = promised_facts(
        [
            DeidStep(op="drop", params={"kinds": ["vin", "phone", "location"]}),
            DeidStep(op="suppress_rare", params={"columns": ["x"], "k": 5}),
        ],
        facts,
    )
    assert anon["anonymized"] is True and anon["pi.individuals"] == 0
    assert anon["pi.sensitive_kinds"] == [] and anon["geo.present"] is False
    not_anon = promised_facts(
        [DeidStep(op="suppress_rare", params={"columns": ["x"], "k": 5})], facts
    )
    assert "anonymized" not in not_anon
