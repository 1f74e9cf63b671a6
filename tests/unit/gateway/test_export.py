from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.audit.chain import canonical_json
from carborder.errors import InputError
from carborder.gateway import ScanOutcome, engine_scanner, export
from carborder.gateway.thresholds import crossing_warnings, thresholds_of
from carborder.store import Store
from carborder.workspace.config import Workspace


def _store(ws: Path) -> Store:
    w = Workspace.open(ws)
    return Store.for_workspace(w.root, url=w.store_url())


def _inp(ws: Path) -> list[Path]:
    return [ws / "data" / "trips.parquet"]


def test_released_export_is_deidentified_counted_and_audited(ws: Path) -> None:
    r = export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert r.status == "released" and r.exit_code == 0
    assert r.decision_status == "allowed" and r.rows == 2000
    assert r.counters == {"pi.individuals": 50, "pi.sensitive_individuals": 50}
    t = pq.read_table(ws / "out" / "trips.parquet")
    assert not set(t.column("vin").to_pylist()) & set(
        pq.read_table(_inp(ws)[0]).column("vin").to_pylist()
    )
    assert all(round(x, 2) == x for x in t.column("lat").to_pylist())
    store = _store(ws)
    names = [e.name for e in store.iter_events()]
    assert names[-1] == "export.released" and "decision.recorded" in names
    assert store.verify_audit().ok
    run = store.runs(status="released")[0]
    decision = store.get_decision(r.decision_id or "")
    assert decision is not None and decision.input["pack"].startswith("cn-auto-2026@")
    assert run.manifest_sha256
    store.close()


def test_refusal_names_rule_and_facts_and_is_audited(ws: Path) -> None:
    r = export("no_approval", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert r.status == "refused" and r.exit_code == 1
    assert "pathways.contract_sensitive_pi" in r.message and "拒绝导出" in r.message_zh
    assert "ytd.pi.sensitive_individuals" in r.message
    assert not (ws / "out").exists()
    store = _store(ws)
    events = [e for e in store.iter_events() if e.name == "export.refused"]
    assert events and events[0].payload["reasons"] == ["pathways.contract_sensitive_pi"]
    assert store.counters("acme", 2026) == {} and store.counters("acme", 2025) == {}
    store.close()


def test_anonymising_plan_is_exempt_and_counts_nobody(ws: Path) -> None:
    r = export("anon_flow", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert r.status == "released" and r.pathway == "exempt", r.message
    assert r.counters == {}
    t = pq.read_table(ws / "out" / "trips.parquet")
    assert t.column_names == ["ts", "speed"]


def test_dry_run_writes_nothing(ws: Path) -> None:
    r = export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "out", dry_run=True)
    assert r.status == "dry_run" and r.exit_code == 0 and not (ws / "out").exists()
    assert r.plan[0]["op"] == "pseudonymise"


def test_rerun_is_idempotent(ws: Path) -> None:
    a = export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "a")
    b = export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "b")
    same = export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "a")
    assert [f["sha256"] for f in a.files] == [f["sha256"] for f in b.files]
    assert same.status == "unchanged" and same.files == a.files
    assert b.counters == a.counters  # the same people twice count once
    store = _store(ws)
    scans = [e for e in store.iter_events() if e.name == "scan.recorded"]
    assert len(scans) == 1  # byte-identical input: the stored scan is reused
    store.close()


def test_output_in_the_way_is_bad_input(ws: Path) -> None:
    (ws / "out").mkdir()
    (ws / "out" / "x").write_text("x")
    with pytest.raises(InputError, match="output directory exists"):
        export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert not any(p.name.startswith(".out") for p in ws.iterdir())


def test_unknown_flow_and_missing_input_are_bad_input(ws: Path) -> None:
    with pytest.raises(InputError, match="unknown flow"):
        export("nope", workspace=ws, inputs=_inp(ws), output=ws / "out")
    with pytest.raises(InputError, match="input: not found"):
        export("ok_flow", workspace=ws, inputs=[ws / "missing.parquet"], output=ws / "out")


def test_broken_promise_is_refused_after_rescan(ws: Path) -> None:
    def blind_scanner(paths: list[Path]) -> ScanOutcome:
        # A scan that misses the phone column entirely: the plan then promises too much.
        out = engine_scanner(paths)
        return ScanOutcome(
            out.facts,
            [e for e in out.evidence if e.get("column") != "phone"],
            {c: k for c, k in out.columns.items() if c != "phone"},
            out.rows,
        )

    r = export(
        "broken_flow", workspace=ws, inputs=_inp(ws), output=ws / "out", scanner=blind_scanner
    )
    # The proof counts raw identifiers itself: the column, the kind and how many.
    assert r.status == "refused"
    assert r.broken_promises == [
        "2000 raw phone still in column phone of trips.parquet",
        "pi.kinds still contains phone",
    ]
    assert "列“phone”仍有 2000 个原始“phone”" in r.message_zh
    assert english_words(r.message_zh) == [], r.message_zh
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]
    store = _store(ws)
    assert store.counters("acme", 2026) == {}
    assert [e.payload["code"] for e in store.iter_events() if e.name == "export.refused"] == [
        "gateway-rescan"
    ]
    run = store.runs(status="refused")[0]
    assert run.error is not None
    assert run.error["leaks"] == [
        {"file": "trips.parquet", "column": "phone", "kind": "phone", "count": 2000}
    ]
    assert store.verify_audit().ok
    store.close()


def test_plan_that_leaves_a_kind_in_free_text_is_rejected_before_any_work(ws: Path) -> None:
    # drop(columns=[phone]) hides the phone kind, but the notes still mention phone numbers
    # and no step reaches them: rejected before anything is written or decided.
    with pytest.raises(InputError) as err:
        export("leaky_flow", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert "phone in column note of trips.parquet (400 rows)" in err.value.message
    assert "kinds:" in (err.value.hint or "")
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]
    store = _store(ws)
    assert not [e for e in store.iter_events() if e.name == "decision.recorded"]
    store.close()


def test_kind_based_drop_masks_the_kind_inside_free_text(ws: Path) -> None:
    r = export("drop_kind_flow", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert r.status == "released", r.message
    t = pq.read_table(ws / "out" / "trips.parquet")
    assert "phone" not in t.column_names
    notes = t.column("note").to_pylist()
    assert notes.count("call [PHONE]") == 400 and set(notes) == {"ok", "call [PHONE]"}
    manifest = json.loads((ws / "out" / "manifest.json").read_text(encoding="utf-8"))
    drop = manifest["body"]["operators"][0]
    assert drop["op"] == "drop" and drop["params"]["spans_masked"] == {"note:phone": 400}


def test_revoked_approval_refuses(ws: Path) -> None:
    from datetime import date

    from carborder.model.approval import Approval

    store = _store(ws)
    store.add_approval(
        Approval(
            id="SCC-TEST-1",
            kind="standard_contract",
            flows=["ok_flow"],
            issued=date(2026, 1, 5),
            revoked=True,
        ),
        actor="t",
    )
    store.close()
    r = export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert r.status == "refused"


def test_threshold_warning_comes_from_the_pack(ws: Path) -> None:
    w = Workspace.open(ws)
    pack = w.pack()
    from datetime import date

    t = next(t for t in thresholds_of(pack, date(2026, 6, 1)) if t.fact == "pi.individuals")
    (ws / "inventory" / "counters.yaml").write_text(
        yaml.safe_dump(
            {
                "counters": {
                    # the export decides on today's date: the counts are this year's
                    "year": date.today().year,
                    "pi.individuals": t.value - 80,
                    "pi.sensitive_individuals": 0,
                }
            }
        )
    )
    r = export("ok_flow", workspace=ws, inputs=_inp(ws), output=ws / "out")
    assert r.status == "released", r.message
    assert any(t.id in w for w in r.warnings), r.warnings
    assert crossing_warnings([t], {"pi.individuals": 0}, {"pi.individuals": 1}) == []


def test_cli_commands(ws: Path, tmp_path: Path) -> None:
    import typer

    from carborder.cli.commands import approval, audit, manifest, plan
    from carborder.cli.commands import export as export_cmd

    app = typer.Typer()
    for mod in (export_cmd, approval, audit, manifest, plan):
        mod.register(app)
    runner = CliRunner()
    w = ["--workspace", str(ws)]
    inp = ["--input", str(_inp(ws)[0])]

    res = runner.invoke(app, ["export", "no_approval", *w, *inp, "--output", str(ws / "o1")])
    assert res.exit_code == 1, res.output
    assert "pathways.contract_sensitive_pi" in res.output

    evidence = tmp_path / "filing.pdf"
    evidence.write_bytes(b"%PDF-1.4 filing receipt")
    res = runner.invoke(
        app,
        [
            "approval",
            "add",
            "SCC-CLI-1",
            "--kind",
            "standard_contract",
            "--flow",
            "no_approval",
            "--issued",
            "2026-02-01",
            "--evidence",
            str(evidence),
            *w,
        ],
    )
    assert res.exit_code == 0, res.output
    # recorded without its scope, the filing covers nothing yet (fail closed)
    res = runner.invoke(app, ["export", "no_approval", *w, *inp, "--output", str(ws / "o1b")])
    assert res.exit_code == 1, res.output
    # the scope the filing states (purpose, method, recipient); --scope-from-flow would take the
    # declared kinds, and the gateway's scan of the input finds more than were declared
    granted = tmp_path / "granted.yaml"
    granted.write_text(
        "purposes: [rd_collaboration]\nactivities: [transfer]\nrecipients: [rd]\n", encoding="utf-8"
    )
    res = runner.invoke(app, ["approval", "scope", "SCC-CLI-1", "--scope", str(granted), *w])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["approval", "show", "SCC-CLI-1", *w])
    doc = json.loads(res.output)
    assert doc["evidence_sha256"] and doc["source"] == "database"
    assert doc["scope"]["recipients"] == ["rd"] and doc["scope"]["purposes"] == ["rd_collaboration"]
    res = runner.invoke(
        app,
        [
            "approval",
            "add",
            "X",
            "--kind",
            "bogus",
            "--flow",
            "ok_flow",
            "--issued",
            "2026-02-01",
            *w,
        ],
    )
    assert res.exit_code == 2 and "unknown approval kind" in res.output
    res = runner.invoke(app, ["approval", "list", *w, "--format", "json"])
    assert {a["id"] for a in json.loads(res.output)} == {"SCC-CLI-1", "SCC-TEST-1", "MNR-TEST-1"}

    res = runner.invoke(
        app, ["export", "no_approval", *w, *inp, "--output", str(ws / "o2"), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["status"] == "released"
    res = runner.invoke(
        app, ["export", "ok_flow", *w, "--input", str(ws / "nope.csv"), "--output", str(ws / "o3")]
    )
    assert res.exit_code == 2

    res = runner.invoke(app, ["manifest", "verify", str(ws / "o2"), *w])
    assert res.exit_code == 0, res.output
    (ws / "o2" / "trips.parquet").write_bytes(b"tampered")
    res = runner.invoke(app, ["manifest", "verify", str(ws / "o2")])
    assert res.exit_code == 1 and "NOT intact" in res.output

    res = runner.invoke(app, ["audit", "verify", *w])
    assert res.exit_code == 0 and "intact" in res.output
    res = runner.invoke(app, ["audit", "export", *w, "--since", "2000-01-01"])
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert lines and all(set(x) >= {"seq", "hash", "prev_hash", "payload"} for x in lines)
    res = runner.invoke(app, ["audit", "export", *w, "--since", "2999-01-01"])
    assert res.output == ""

    res = runner.invoke(app, ["approval", "revoke", "SCC-CLI-1", *w, "--reason", "test"])
    assert res.exit_code == 0
    res = runner.invoke(app, ["export", "no_approval", *w, *inp, "--output", str(ws / "o4")])
    assert res.exit_code == 1

    from carborder.scan import save_scan, scan

    save_scan(ws, "trips", scan(_inp(ws), asset="trips"))  # what `carborder scan --save` does
    res = runner.invoke(app, ["plan", "no_approval", *w, "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["pathway"] == "standard_contract_or_certification"
    best = doc["options"][0]
    # Dropping the coordinates takes the trajectory, the table's last sensitive category, and
    # with it its sensitive individuals: 50 people's non-sensitive PI needs no mechanism
    # (before sensitive counts outlived their columns, only anonymising the table helped).
    assert best["pathway"] == "exempt" and "anonymized" not in best["changed"]
    assert best["changed"]["pi.sensitive_kinds"] == []
    assert best["changed"]["pi.sensitive_individuals"] == 0

    store = _store(ws)
    with store.session() as s:
        from sqlalchemy import update

        from carborder.store.tables import AuditEventRow

        s.execute(update(AuditEventRow).where(AuditEventRow.seq == 2).values(actor="mallory"))
    store.close()
    res = runner.invoke(app, ["audit", "verify", *w])
    assert res.exit_code == 1 and "seq 2" in res.output


def test_canonical_json_is_stable() -> None:
    assert canonical_json({"b": [1, 2], "a": None}) == b'{"a":null,"b":[1,2]}'
