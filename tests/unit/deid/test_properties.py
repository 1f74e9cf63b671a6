"""Property tests of the operators' invariants."""

from __future__ import annotations

import math
import random
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from carborder.deid import Keyring, OperatorContext, compile_plan, promise_of, promised_facts
from carborder.deid.generalise_geo import METRES_PER_DEGREE, snap
from carborder.deid.keys import ENV_VAR
from carborder.deid.pseudonymise import pseudonym
from carborder.demo.tabular import fake_mobile, fake_resident_id, fake_vin
from carborder.gateway.scanning import engine_scanner
from carborder.keys.weak import weak_key_reason
from carborder.model.flow import DeidStep
from carborder.scan.detectors.geo import decimal_resolution_m

keys = st.binary(min_size=16, max_size=64)
values = st.text(min_size=0, max_size=40)


@given(keys, values)
def test_pseudonyms_are_deterministic_per_key(key: bytes, value: str) -> None:
    assert pseudonym(key, value) == pseudonym(key, value)


@given(keys, keys, values)
def test_pseudonyms_differ_across_keys(k1: bytes, k2: bytes, value: str) -> None:
    if k1 != k2:
        assert pseudonym(k1, value) != pseudonym(k2, value)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=30), keys)
def test_pseudonymise_operator_matches_the_pure_function(vals: list[str], key: bytes) -> None:
    material = key.hex()
    assume(weak_key_reason(material.encode()) is None)  # weak keys are refused by design
    ring = Keyring.load(None, env={ENV_VAR: material})
    t = pa.table({"id": vals})
    plan = compile_plan(
        [DeidStep(op="pseudonymise", params={"columns": ["id"]})],
        t.schema,
        OperatorContext(keyring=ring),
    )
    out = pa.Table.from_batches(list(plan.run(lambda: iter(t.to_batches(max_chunksize=7)))))
    secret = material.encode()
    assert out.column("id").to_pylist() == [pseudonym(secret, v) for v in vals]


lats = st.floats(min_value=-85.0, max_value=85.0, allow_nan=False)
lons = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)
precisions = st.floats(min_value=1.0, max_value=50_000.0, allow_nan=False)


def _is_multiple(x: float, step: float) -> bool:
    q = x / step
    return abs(q - round(q)) < 1e-6


@given(st.lists(st.tuples(lats, lons), min_size=1, max_size=50), precisions)
def test_generalised_coordinates_are_never_more_precise_than_the_plan(
    points: list[tuple[float, float]], precision_m: float
) -> None:
    lat = np.array([p[0] for p in points])
    lon = np.array([p[1] for p in points])
    new_lat, new_lon = snap(lat, lon, precision_m)
    for la, lo, nla, nlo in zip(lat, lon, new_lat, new_lon, strict=True):
        # Latitude cells: a power-of-ten step at least precision_m tall.
        dlat = 10.0 ** math.ceil(math.log10(precision_m / METRES_PER_DEGREE) - 1e-12)
        assert dlat * METRES_PER_DEGREE >= precision_m * (1 - 1e-9)
        assert _is_multiple(nla, dlat) and nla <= la + 1e-9 and la - nla < dlat + 1e-9
        # Longitude cells: at least precision_m wide at the poleward edge of the 1° band.
        edge = min(math.floor(abs(la)) + 1.0, 89.999999)
        width_per_deg = METRES_PER_DEGREE * math.cos(math.radians(edge))
        dlon = 10.0 ** math.ceil(math.log10(precision_m / width_per_deg) - 1e-12)
        assert dlon * width_per_deg >= precision_m * (1 - 1e-9)
        assert _is_multiple(nlo, dlon) and lo - nlo < dlon + 1e-9
    # A scanner reading precision from the decimals never sees a finer grid than planned.
    assert decimal_resolution_m(new_lat) >= precision_m * (1 - 1e-9) or len(set(new_lat)) == 1
    assert decimal_resolution_m(new_lon) >= precision_m * (1 - 1e-9) or len(set(new_lon)) == 1


KINDS = ("vin", "phone", "id_number")
_GEN = {"vin": fake_vin, "phone": fake_mobile, "id_number": fake_resident_id}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.sampled_from(KINDS), min_size=1), st.integers(0, 10_000))
def test_rescan_after_plan_finds_none_of_the_removed_facts(removed: set[str], seed: int) -> None:
    rng = random.Random(seed)
    rows = 60
    data = {k: [_GEN[k](rng) for _ in range(rows)] for k in KINDS}
    data["note"] = [f"contact {data['phone'][i]} re {data['vin'][i]}" for i in range(rows)]
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.parquet"
        pq.write_table(pa.table(data), src)
        before = engine_scanner([src])
        # Mask free text first: drop-by-kind removes every column the scan saw the kind in.
        steps = [
            DeidStep(op="mask_text", params={"columns": ["note"], "kinds": sorted(removed)}),
            DeidStep(op="drop", params={"kinds": sorted(removed)}),
        ]
        t = pq.read_table(src)
        plan = compile_plan(steps, t.schema, OperatorContext(column_kinds=before.column_kinds()))
        out = Path(d) / "out.parquet"
        pq.write_table(
            pa.Table.from_batches(list(plan.run(lambda: iter(t.to_batches()))), plan.output_schema),
            out,
        )
        after = engine_scanner([out])
    promise = promise_of(before.facts, promised_facts(steps, before.facts, before.column_kinds()))
    assert set(promise.removed.get("pi.kinds", [])) == removed & set(before.facts["pi.kinds"])
    assert promise.broken_by(after.facts) == []
    assert not set(after.facts.get("pi.kinds", [])) & removed
