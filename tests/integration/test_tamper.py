"""Tampering with the workspace database is found by ``carborder audit verify`` (exit 1).

One test per tamper case, each applied to a copy of one workspace with two releases, a
refused export, approvals (one revoked) and their decisions. Each test also names what the
verdict must mention. ``tamper_case`` records the case for the README's reliability figures
(``scripts/reliability_figures``).

Cases a hash chain alone finds (an edited, deleted or reordered event) sit beside the ones
it cannot: a row changed without its event, the last event deleted with the head moved back,
and the whole chain rewritten consistently — found by the cross-checks and the anchors.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.gateway_workspace import KEY, make_workspace, write_trips
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.audit.chain import GENESIS_HASH, link_hash_raw
from carborder.cli.main import app
from carborder.deid.keys import ENV_VAR
from carborder.gateway import export

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A workspace with two releases, a refusal, approvals (one revoked): built once."""
    mp = pytest.MonkeyPatch()
    mp.setenv(ENV_VAR, KEY)
    root = tmp_path_factory.mktemp("tamper")
    ws = make_workspace(root / "ws", rows=200, vehicles=20)
    for n in (1, 2):
        inp = write_trips(root / f"in{n}.parquet", vehicles=20, rows=200, seed=n)
        r = export("ok_flow", workspace=ws, inputs=[inp], output=root / f"out{n}")
        assert r.status == "released", r.message
    r = export("no_approval", workspace=ws, inputs=[root / "in1.parquet"], output=root / "no")
    assert r.status == "refused"
    for ref in ("SCC-DB-1", "SCC-DB-2"):
        res = RUNNER.invoke(
            app,
            [
                *("approval", "add", ref, "--kind", "standard_contract", "--flow", "ok_flow"),
                *("--issued", "2026-02-01", "--workspace", str(ws)),
            ],
        )
        assert res.exit_code == 0, res.output
    res = RUNNER.invoke(app, ["approval", "revoke", "SCC-DB-2", "--workspace", str(ws)])
    assert res.exit_code == 0, res.output
    yield ws
    mp.undo()


@pytest.fixture
def ws(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_VAR, KEY)
    copy = tmp_path / "ws"
    shutil.copytree(pristine, copy)
    return copy


def _db(ws: Path) -> sqlite3.Connection:
    return sqlite3.connect(ws / ".carborder" / "carborder.db", isolation_level=None)


def _sql(ws: Path, *statements: str) -> None:
    conn = _db(ws)
    try:
        for stmt in statements:
            conn.execute(stmt)
    finally:
        conn.close()


def _verify(ws: Path, *anchors: Path) -> tuple[int, dict[str, object]]:
    args = ["audit", "verify", "--workspace", str(ws), "--format", "json"]
    for a in anchors:
        args += ["--anchor", str(a)]
    res = RUNNER.invoke(app, args)
    doc = json.loads(res.stdout) if res.stdout.strip().startswith("{") else {}
    return res.exit_code, doc


def _kinds(doc: dict[str, object]) -> set[str]:
    problems = doc.get("problems")
    assert isinstance(problems, list)
    return {str(p["kind"]) for p in problems}


def _detected(ws: Path, kind: str, *anchors: Path) -> dict[str, object]:
    """``audit verify`` exits 1 and names ``kind`` (one of ``a|b``) among its problems.

    The same verdict in Chinese names every problem in Chinese: kinds and details (ids,
    hashes, paths and event names stay as they are).
    """
    code, doc = _verify(ws, *anchors)
    assert code == 1, doc
    assert set(kind.split("|")) & _kinds(doc), doc
    args = ["audit", "verify", "--workspace", str(ws), "--lang", "zh"]
    for a in anchors:
        args += ["--anchor", str(a)]
    zh = RUNNER.invoke(app, args, env={"COLUMNS": "400"})
    assert zh.exit_code == 1 and "审计链在第" in zh.stdout, zh.output
    assert english_words(zh.stdout) == [], zh.stdout
    return doc


def _rehash(ws: Path) -> None:
    """Recompute every link and the head: the chain verifies on its own again."""
    conn = _db(ws)
    try:
        rows = conn.execute(
            "SELECT seq, name, actor, created, payload_json FROM audit_events ORDER BY seq"
        ).fetchall()
        prev = GENESIS_HASH
        for seq, name, actor, created, payload in rows:
            digest = link_hash_raw(prev, seq, name, actor, created, payload)
            conn.execute(
                "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?",
                (prev, digest, seq),
            )
            prev = digest
        conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (rows[-1][0], prev))
    finally:
        conn.close()


def _anchor(ws: Path, path: Path) -> Path:
    res = RUNNER.invoke(app, ["audit", "anchor", "--workspace", str(ws), "--output", str(path)])
    assert res.exit_code == 0, res.output
    return path


# -- the untouched workspace verifies, and says what it cross-checked ----------------------


def test_the_untouched_workspace_verifies_with_every_cross_check(ws: Path) -> None:
    code, doc = _verify(ws)
    assert code == 0, doc
    checked = doc["checked"]
    assert isinstance(checked, dict)
    assert checked["releases"] == 2 and checked["manifests"] == 2 and checked["outputs"] == 2
    assert checked["counters"] >= 2 and checked["approvals"] == 2 and checked["decisions"] >= 3
    assert checked["anchors"] == 4  # two stored manifests, two in the output folders


# -- what the chain alone finds -----------------------------------------------------------


@pytest.mark.tamper_case
def test_edited_event(ws: Path) -> None:
    _sql(ws, "UPDATE audit_events SET actor = 'someone' WHERE seq = 2")
    _detected(ws, "edited")


@pytest.mark.tamper_case
def test_deleted_event_in_the_middle(ws: Path) -> None:
    _sql(ws, "DELETE FROM audit_events WHERE seq = 3")
    _detected(ws, "deleted")


@pytest.mark.tamper_case
def test_last_event_deleted_head_left(ws: Path) -> None:
    _sql(ws, "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
    _detected(ws, "truncated")


# -- what only the cross-checks find ------------------------------------------------------


@pytest.mark.tamper_case
def test_last_event_deleted_and_head_moved_back(ws: Path) -> None:
    # the last event is the revocation of SCC-DB-2: the approval row still says revoked
    _sql(
        ws,
        "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
        "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events), "
        "hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)",
    )
    _detected(ws, "approval-mismatch")


@pytest.mark.tamper_case
def test_last_release_events_deleted_and_head_moved_back(ws: Path) -> None:
    # everything from the second release's export.released on goes, the head follows
    _sql(
        ws,
        "DELETE FROM audit_events WHERE seq >= (SELECT max(seq) FROM audit_events "
        "WHERE name = 'export.released')",
        "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events), "
        "hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)",
    )
    _detected(ws, "run-unaudited")


@pytest.mark.tamper_case
def test_counter_reset(ws: Path) -> None:
    _sql(ws, "UPDATE counters SET estimate = 0, exact_blob = NULL")
    _detected(ws, "counter-mismatch")


@pytest.mark.tamper_case
def test_counter_lowered_keeping_its_version(ws: Path) -> None:
    _sql(ws, "UPDATE counters SET estimate = estimate - 10")
    _detected(ws, "counter-mismatch")


@pytest.mark.tamper_case
def test_counter_deleted(ws: Path) -> None:
    _sql(ws, "DELETE FROM counters")
    _detected(ws, "counter-missing")


@pytest.mark.tamper_case
def test_export_run_deleted(ws: Path) -> None:
    _sql(ws, "DELETE FROM export_runs WHERE status = 'released'")
    _detected(ws, "run-missing")


@pytest.mark.tamper_case
def test_manifest_deleted(ws: Path) -> None:
    _sql(ws, "DELETE FROM manifests")
    _detected(ws, "manifest-missing")


@pytest.mark.tamper_case
def test_manifest_edited(ws: Path) -> None:
    _sql(ws, "UPDATE manifests SET body_json = replace(body_json, '\"rows\":200', '\"rows\":20')")
    _detected(ws, "manifest-mismatch")


@pytest.mark.tamper_case
def test_refused_run_relabelled_released(ws: Path) -> None:
    _sql(ws, "UPDATE export_runs SET status = 'released' WHERE status = 'refused'")
    _detected(ws, "run-unaudited")


@pytest.mark.tamper_case
def test_approval_deleted(ws: Path) -> None:
    _sql(ws, "DELETE FROM approvals WHERE id = 'SCC-DB-1'")
    _detected(ws, "approval-missing")


@pytest.mark.tamper_case
def test_approval_unrevoked(ws: Path) -> None:
    _sql(ws, "UPDATE approvals SET revoked = 0 WHERE id = 'SCC-DB-2'")
    doc = _detected(ws, "approval-mismatch")
    messages = [p["message"] for p in doc["problems"]]  # type: ignore[attr-defined]
    assert "approval SCC-DB-2 is stored valid but the chain says revoked" in messages, messages


@pytest.mark.tamper_case
def test_approval_extended(ws: Path) -> None:
    _sql(ws, "UPDATE approvals SET valid_until = '2099-12-31' WHERE id = 'SCC-DB-1'")
    _detected(ws, "approval-mismatch")


@pytest.mark.tamper_case
def test_approval_inserted_without_event(ws: Path) -> None:
    _sql(
        ws,
        "INSERT INTO approvals (id, kind, flows_json, issued, revoked, created) VALUES "
        "('FORGED-1', 'security_assessment', '[\"no_approval\"]', '2026-01-01', 0, "
        "'2026-01-01T00:00:00.000000Z')",
    )
    _detected(ws, "approval-unaudited")


@pytest.mark.tamper_case
def test_decision_input_edited(ws: Path) -> None:
    _sql(ws, "UPDATE decisions SET input_sha256 = '" + "0" * 64 + "'")
    _detected(ws, "decision-mismatch")


@pytest.mark.tamper_case
def test_decision_deleted(ws: Path) -> None:
    _sql(ws, "DELETE FROM decisions")
    _detected(ws, "decision-missing")


@pytest.mark.tamper_case
def test_head_table_dropped(ws: Path) -> None:
    _sql(ws, "DROP TABLE audit_head")
    _detected(ws, "table-missing")
    # every other command refuses the damaged database as bad input, naming it
    res = RUNNER.invoke(app, ["approval", "list", "--workspace", str(ws)])
    assert res.exit_code == 2 and "audit_head" in res.output, res.output


# -- rewrites of the whole chain: the anchors -------------------------------------------


@pytest.mark.tamper_case
def test_whole_chain_rewritten_consistently(ws: Path) -> None:
    # an early event changed and every hash after it recomputed: the chain verifies alone,
    # but the heads the signed manifests carry are no longer in it
    _sql(ws, "UPDATE audit_events SET actor = 'someone-else' WHERE seq = 1")
    _rehash(ws)
    _detected(ws, "anchor-mismatch")


@pytest.mark.tamper_case
def test_rewrite_found_by_an_anchor_file_alone(ws: Path, tmp_path: Path) -> None:
    anchor = _anchor(ws, tmp_path / "anchor.json")
    # the attacker also removes every manifest, stored and released, and their runs: the
    # only head left outside the database is the anchor file
    _sql(
        ws,
        "UPDATE audit_events SET actor = 'someone-else' WHERE seq = 1",
        "DELETE FROM manifests",
        "DELETE FROM export_runs",
        "DELETE FROM audit_events WHERE name IN ('export.released', 'counters.updated')",
        "DELETE FROM counters",
    )
    _sql(ws, "UPDATE audit_events SET seq = -seq")  # renumber without gaps
    conn = _db(ws)
    try:
        seqs = [r[0] for r in conn.execute("SELECT seq FROM audit_events ORDER BY seq DESC")]
        for n, old in enumerate(seqs, start=1):
            conn.execute("UPDATE audit_events SET seq = ? WHERE seq = ?", (n, old))
    finally:
        conn.close()
    _rehash(ws)
    code, doc = _verify(ws)
    assert code == 0, doc  # without an anchor this rewrite is invisible...
    # ...with one it is not: the anchored seq holds another hash, or is gone
    _detected(ws, "anchor-mismatch|anchor-missing", anchor)


@pytest.mark.tamper_case
def test_truncation_before_an_anchor(ws: Path, tmp_path: Path) -> None:
    anchor = _anchor(ws, tmp_path / "anchor.json")
    _sql(  # the anchor's own audit.anchored event and the anchored head go
        ws,
        "DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 2 FROM audit_events)",
        "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_events), "
        "hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)",
        "UPDATE approvals SET revoked = 0 WHERE id = 'SCC-DB-2'",
    )
    _detected(ws, "anchor-missing", anchor)


def test_a_manifest_is_an_anchor_too(ws: Path) -> None:
    conn = _db(ws)
    try:
        outputs = [r[0] for r in conn.execute("SELECT output FROM export_runs WHERE output != ''")]
    finally:
        conn.close()
    assert outputs
    for out in outputs:
        assert _verify(ws, Path(out) / "manifest.json")[0] == 0


@pytest.mark.tamper_case
def test_altered_anchor_file_is_bad_input(ws: Path, tmp_path: Path) -> None:
    anchor = _anchor(ws, tmp_path / "anchor.json")
    doc = json.loads(anchor.read_text(encoding="utf-8"))
    doc["body"]["seq"] -= 1
    anchor.write_text(json.dumps(doc), encoding="utf-8")
    res = RUNNER.invoke(app, ["audit", "verify", "--workspace", str(ws), "--anchor", str(anchor)])
    assert res.exit_code == 2 and "not intact" in res.output, res.output


@pytest.mark.tamper_case
def test_anchor_of_another_key_is_bad_input(ws: Path, tmp_path: Path) -> None:
    anchor = _anchor(ws, tmp_path / "anchor.json")
    res = RUNNER.invoke(app, ["key", "rotate", "--kind", "signing", "--workspace", str(ws)])
    assert res.exit_code == 0, res.output
    # rotation keeps the old public key: the anchor still verifies...
    assert _verify(ws, anchor)[0] == 0
    # ...but a workspace whose retired keys were removed no longer vouches for it
    shutil.rmtree(ws / ".carborder" / "keys" / "retired-signing")
    res = RUNNER.invoke(app, ["audit", "verify", "--workspace", str(ws), "--anchor", str(anchor)])
    assert res.exit_code == 2 and "does not trust" in res.output, res.output


def test_a_broken_chain_is_not_anchored(ws: Path, tmp_path: Path) -> None:
    _sql(ws, "UPDATE counters SET estimate = 0, exact_blob = NULL")
    res = RUNNER.invoke(
        app, ["audit", "anchor", "--workspace", str(ws), "-o", str(tmp_path / "a.json")]
    )
    assert res.exit_code == 1 and not (tmp_path / "a.json").exists(), res.output


def test_an_anchor_is_written_whole_and_recorded_in_the_chain(ws: Path, tmp_path: Path) -> None:
    import hashlib

    anchor = _anchor(ws, tmp_path / "anchor.json")
    doc = json.loads(anchor.read_text(encoding="utf-8"))
    conn = _db(ws)
    try:
        seq, name, payload = conn.execute(
            "SELECT seq, name, payload_json FROM audit_events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    recorded = json.loads(payload)
    assert name == "audit.anchored" and seq == doc["body"]["seq"] + 1
    assert recorded["hash"] == doc["body"]["hash"]
    assert recorded["anchor_sha256"] == hashlib.sha256(anchor.read_bytes()).hexdigest()
    assert recorded["key_id"] == doc["signature"]["key_id"]
    assert _verify(ws, anchor)[0] == 0  # the event after the anchored head is part of the chain
    # a folder that does not exist: nothing written, nothing recorded
    res = RUNNER.invoke(
        app, ["audit", "anchor", "--workspace", str(ws), "-o", str(tmp_path / "no" / "a.json")]
    )
    assert res.exit_code != 0 and not (tmp_path / "no").exists()
    conn = _db(ws)
    try:
        assert conn.execute("SELECT max(seq) FROM audit_events").fetchone()[0] == seq
    finally:
        conn.close()
    assert list(tmp_path.glob("**/.anchor*.tmp")) == []
