"""The re-scan proves the plan: no raw identifier of a kind the plan hides leaves, in any column.

The first test is the reported case: the demo's CRM export pseudonymised ``kinds: [phone]`` yet
released hundreds of raw mobile numbers written inside the free-text column 备注. The output is
checked with an independent oracle (libphonenumber), not with carborder's own validators.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
import yaml

from carborder.audit.clock import fixed_clock
from carborder.demo.inventory import write_demo_inventory
from carborder.demo.tabular import write_demo_tabular
from carborder.errors import InputError
from carborder.gateway import export
from carborder.gateway.proof import identifier_leaks
from carborder.gateway.scanning import ScanOutcome

phonenumbers = pytest.importorskip("phonenumbers")

CLOCK = fixed_clock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def demo_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.gateway_workspace import KEY

    from carborder.deid.keys import ENV_VAR

    monkeypatch.setenv(ENV_VAR, KEY)
    ws = tmp_path / "demo"
    write_demo_inventory(ws)
    write_demo_tabular(ws / "data", rows=24_000)
    return ws


def _read(path: Path) -> pa.Table:
    assert path.read_bytes().decode("gbk")  # strict: still GBK
    return pacsv.read_csv(path, read_options=pacsv.ReadOptions(encoding="gb18030"))


def _raw_mobiles(table: pa.Table) -> dict[str, int]:
    """Valid CN mobile numbers per column, as libphonenumber finds them in every text cell."""
    found: dict[str, int] = {}
    for name in table.column_names:
        if not pa.types.is_string(table.schema.field(name).type):
            continue
        for cell in table.column(name).to_pylist():
            for m in phonenumbers.PhoneNumberMatcher(cell or "", "CN"):
                if phonenumbers.is_valid_number(m.number):
                    found[name] = found.get(name, 0) + 1
    return found


def test_demo_crm_export_releases_no_raw_mobile_number(demo_ws: Path, tmp_path: Path) -> None:
    crm = demo_ws / "data" / "crm_export.csv"
    out = tmp_path / "O"
    r = export("crm_to_hq", workspace=demo_ws, inputs=[crm], output=out, clock=CLOCK)
    assert r.status == "released", r.message
    table = _read(out / "crm_export.csv")  # the GBK CSV stays a GBK CSV
    assert _raw_mobiles(table) == {}
    notes = table.column("备注").to_pylist()
    assert sum(1 for n in notes if n and n.startswith("回访电话ps_")) > 100
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    step = next(o for o in manifest["body"]["operators"] if o["op"] == "pseudonymise")
    assert step["params"]["spans_replaced"]["备注:phone"] == sum(
        1 for n in notes if n and n.startswith("回访电话ps_")
    )
    # the input really held them: the oracle finds the same notes raw before the export
    raw = pa.Table.from_pylist(
        [{"备注": line.split(",")[-1]} for line in crm.read_text("gbk").splitlines()[1:]]
    )
    assert _raw_mobiles(raw)["备注"] > 100


def test_a_scan_that_misses_a_column_cannot_make_the_proof_pass(
    demo_ws: Path, tmp_path: Path
) -> None:
    from carborder.gateway import engine_scanner

    def blind(paths: list[Path]) -> ScanOutcome:
        # The scan misses the notes entirely (as with a column name that lowers confidence):
        # the kind-based step still reaches every text column, so nothing raw leaves.
        o = engine_scanner(paths)
        return ScanOutcome(
            o.facts, [e for e in o.evidence if e.get("column") != "备注"], o.columns, o.rows
        )

    crm = demo_ws / "data" / "crm_export.csv"
    r = export(
        "crm_to_hq",
        workspace=demo_ws,
        inputs=[crm],
        output=tmp_path / "O",
        clock=CLOCK,
        scanner=blind,
    )
    assert r.status == "released", r.message
    assert _raw_mobiles(_read(tmp_path / "O" / "crm_export.csv")) == {}


def test_column_based_plan_is_rejected_before_work_naming_the_free_text_column(
    demo_ws: Path, tmp_path: Path
) -> None:
    flows = demo_ws / "inventory" / "flows.yaml"
    doc = yaml.safe_load(flows.read_text(encoding="utf-8"))
    for f in doc["flows"]:
        if f["id"] == "crm_to_hq":
            f["deid"] = [
                {"op": "drop", "columns": ["身份证号"]},
                {"op": "pseudonymise", "columns": ["手机号", "车架号"]},
            ]
    flows.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        export(
            "crm_to_hq",
            workspace=demo_ws,
            inputs=[demo_ws / "data" / "crm_export.csv"],
            output=tmp_path / "O",
            clock=CLOCK,
        )
    assert "phone in column 备注 of crm_export.csv" in err.value.message
    assert not (tmp_path / "O").exists()


def test_leaks_name_file_column_kind_and_count(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(
        pa.table(
            {
                "note": ["a 13812345678", "b 13812345678 13912345678", "ps_" + "a" * 32],
                "who": ["王伟", "ps_" + "b" * 32, None],
                "n": pa.array([13812345678, 1, 2], type=pa.int64()),
                "other": pa.array([13812345678, 1, 2], type=pa.int64()),
            }
        ),
        path,
    )
    before = ScanOutcome({}, [], {"who": ["name"], "n": ["phone"]}, 3)
    leaks = identifier_leaks([path], frozenset({"phone", "name"}), before)
    assert [(x.file, x.column, x.kind, x.count) for x in leaks] == [
        ("t.parquet", "n", "phone", 1),
        ("t.parquet", "note", "phone", 3),
        ("t.parquet", "who", "name", 1),
    ]
    # an integer column the scan did not find phones in is not read as text
    assert identifier_leaks([path], frozenset({"vin"}), before) == []
