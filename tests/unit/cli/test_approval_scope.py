"""``approval add --scope FILE | --scope-from-flow``: the scope is stored, shown and checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from carborder.cli.main import app

runner = CliRunner()

# A standard-contract flow (sensitive PI of 5,000 people): the case of
# tests/scenarios/approvals/scope_contract_recipient_changed.yaml, recorded through the CLI.
INVENTORY = """\
assets:
  - id: faceid_templates
    facts:
      origin: domestic
      domain: connected_operation
      content.kinds: [customer_records]
      pi.kinds: [face, vin]
      pi.individuals: 5000
      pi.sensitive_kinds: [biometric]
      pi.sensitive_individuals: 5000
      camera.outside_vehicle: false
      camera.cabin: false
      geo.present: false
recipients:
  - {id: munich_rd, country: DE, relation: affiliate}
  - {id: stuttgart_lab, country: DE, relation: affiliate}
flows:
  - id: faceid_to_munich
    activity: transfer
    assets: [faceid_templates]
    recipient: RECIPIENT
    scenario: after_sales
    overseas_storage: {location: DE, period_months: 24}
"""


def _run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def _ok(*args: str) -> Any:
    result = _run(*args)
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    _ok("init", str(root))
    for name in ("assets", "recipients", "flows"):
        (root / "inventory" / f"{name}.yaml").unlink()
    _set_recipient(root, "munich_rd")
    return root


def _set_recipient(root: Path, recipient: str) -> None:
    text = INVENTORY.replace("RECIPIENT", recipient)
    (root / "inventory" / "case.yaml").write_text(text, encoding="utf-8")


def _approval(root: Path) -> dict[str, Any]:
    (row,) = json.loads(_ok("approval", "list", "-w", str(root), "--format", "json").stdout)
    return dict(row)


def _decision(root: Path) -> dict[str, Any]:
    out = json.loads(
        _ok("assess", "-w", str(root), "--format", "json", "--as-of", "2026-06-30").stdout
    )
    flows = out["decisions"] if isinstance(out, dict) else out
    (d,) = [d for d in flows if d["flow"] == "faceid_to_munich"]
    return dict(d)


def _add(root: Path, *extra: str) -> Any:
    return _run(
        "approval", "add", "SCC-1", "-w", str(root), "--kind", "standard_contract",
        "--flow", "faceid_to_munich", "--issued", "2026-01-15", *extra,
    )  # fmt: skip


def _obligations(d: dict[str, Any]) -> set[str]:
    return {o["id"] for o in d["obligations"]}


def test_scope_from_flow_then_recipient_changes_needs_refiling(ws: Path) -> None:
    assert _add(ws, "--scope-from-flow").exit_code == 0
    scope = _approval(ws)["scope"]
    assert scope["recipients"] == ["munich_rd"] and scope["purposes"] == ["after_sales"]
    assert scope["pi_kinds"] == ["face", "vin"] and scope["storage"]["location"] == "DE"
    before = _decision(ws)
    assert before["approval"]["status"] == "covered", before["approval"]
    assert "obligations.record_approval_scope" not in _obligations(before)

    _set_recipient(ws, "stuttgart_lab")
    after = _decision(ws)
    assert after["approval"]["status"] == "changed", after["approval"]
    assert any("stuttgart_lab" in c for c in after["approval"]["changes"])
    assert "obligations.standard_contract_refiling" in _obligations(after)
    assert after["status"] != "allowed"


def test_without_scope_the_approval_covers_nothing_until_it_is_recorded(ws: Path) -> None:
    assert _add(ws).exit_code == 0
    assert _approval(ws)["scope"] is None
    d = _decision(ws)
    # fail closed: no change could be seen, so the filing does not cover the flow
    assert d["approval"]["status"] == "unscoped" and d["status"] != "allowed"
    assert "SCC-1" in d["approval"]["unscoped"]
    assert "obligations.record_approval_scope" in _obligations(d)
    ob = next(o for o in d["obligations"] if o["id"] == "obligations.record_approval_scope")
    assert (
        "carborder approval scope" in ob["title_en"]
        and "carborder approval scope" in ob["title_zh"]
    )

    # record the scope of the existing approval: stored, audited, and the filing covers again
    res = _run("approval", "scope", "SCC-1", "-w", str(ws), "--scope-from-flow", "--lang", "zh")
    assert res.exit_code == 0, res.output
    assert "已记录审批 SCC-1 的批准范围" in res.stdout
    scope = _approval(ws)["scope"]
    assert scope["recipients"] == ["munich_rd"] and scope["purposes"] == ["after_sales"]
    after = _decision(ws)
    assert after["approval"]["status"] == "covered", after["approval"]
    assert after["approval"]["unscoped"] == []
    assert "obligations.record_approval_scope" not in _obligations(after)
    lines = _ok("audit", "export", "-w", str(ws)).stdout.splitlines()
    scoped = [json.loads(x) for x in lines if '"approval.scoped"' in x]
    assert len(scoped) == 1 and scoped[0]["payload"]["scope"]["recipients"] == ["munich_rd"]
    assert _ok("audit", "verify", "-w", str(ws)).exit_code == 0

    # a recorded scope is not replaced (a change would pass unseen)
    again = _run("approval", "scope", "SCC-1", "-w", str(ws), "--scope-from-flow")
    assert again.exit_code == 2 and "already has a recorded scope" in again.output


def test_scope_command_needs_exactly_one_source_and_a_stored_approval(ws: Path) -> None:
    assert _add(ws).exit_code == 0
    res = _run("approval", "scope", "SCC-1", "-w", str(ws))
    assert res.exit_code == 2 and "--scope-from-flow" in res.output
    res = _run("approval", "scope", "NOPE", "-w", str(ws), "--scope-from-flow")
    assert res.exit_code == 2 and "no approval" in res.output


def test_scope_file_is_stored_shown_and_audited(ws: Path, tmp_path: Path) -> None:
    scope = tmp_path / "scope.yaml"
    scope.write_text(
        "purposes: [after_sales]\nrecipients: [munich_rd]\npi_kinds: [face, vin]\n"
        "storage: {location: DE, period_months: 12}\n",
        encoding="utf-8",
    )
    assert _add(ws, "--scope", str(scope)).exit_code == 0
    shown = json.loads(_ok("approval", "show", "SCC-1", "-w", str(ws)).stdout)
    assert shown["scope"]["storage"] == {"location": "DE", "period_months": 12}
    table = _ok("approval", "list", "-w", str(ws)).stdout
    assert "munich_rd" in table
    # the flow keeps data 24 months, the contract allows 12: the storage left the scope
    d = _decision(ws)
    assert d["approval"]["status"] == "changed"
    assert any("storage period" in c for c in d["approval"]["changes"])
    lines = _ok("audit", "export", "-w", str(ws)).stdout.splitlines()
    events = [json.loads(line) for line in lines if line.strip()]
    added = [e for e in events if e["name"] == "approval.added"]
    assert added[0]["payload"]["scope"]["recipients"] == ["munich_rd"]
    assert len(added[0]["payload"]["scope_sha256"]) == 64
    _ok("audit", "verify", "-w", str(ws))


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("purposes: [after_sales]\nrecipient: [x]\n", 2, "recipient"),
        ("purposes: [a]\nstorage: {location: DE, period_months: -3}\n", 2, "period_months"),
        ("purposes: [a\n", None, "malformed"),
        ("- just a list\n", None, "mapping"),
    ],
)
def test_bad_scope_file_exits_2_naming_file_and_line(
    ws: Path, tmp_path: Path, text: str, line: int | None, what: str
) -> None:
    scope = tmp_path / "bad_scope.yaml"
    scope.write_text(text, encoding="utf-8")
    result = _add(ws, "--scope", str(scope))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "bad_scope.yaml" in result.output and what in result.output
    if line is not None:
        assert f":{line}" in result.output
    assert json.loads(_ok("approval", "list", "-w", str(ws), "--format", "json").stdout) == []


def test_scope_file_and_scope_from_flow_exclude_each_other(ws: Path, tmp_path: Path) -> None:
    scope = tmp_path / "scope.yaml"
    scope.write_text("purposes: [after_sales]\n", encoding="utf-8")
    result = _add(ws, "--scope", str(scope), "--scope-from-flow")
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_the_scope_reads_in_chinese(ws: Path) -> None:
    from tests.zh_check import english_words

    assert _add(ws, "--scope-from-flow").exit_code == 0
    zh = _ok("approval", "list", "-w", str(ws), "--lang", "zh", "--as-of", "2026-06-30").stdout
    assert "接收方" in zh and "24 个月" in zh and "向境外传输" in zh  # the activity, translated
    ids = {"SCC-1", "faceid_to_munich", "munich_rd", "after_sales",
           "faceid_templates", "customer_records", "face", "vin", "biometric", "DE"}  # fmt: skip
    assert english_words(zh, ids) == []
    en = _ok("approval", "list", "-w", str(ws), "--as-of", "2026-06-30").stdout
    assert "recipients: munich_rd" in en and "24 months" in en


def _explain(root: Path, *extra: str) -> Any:
    return _ok("explain", "faceid_to_munich", "-w", str(root), "--as-of", "2026-06-30", *extra)


def test_explain_lists_the_scope_changes_in_both_languages_and_in_json(ws: Path) -> None:
    from tests.zh_check import english_words

    assert _add(ws, "--scope-from-flow").exit_code == 0
    assert "Changes since the approved scope" not in _explain(ws).stdout
    _set_recipient(ws, "stuttgart_lab")
    en = _explain(ws).stdout
    assert "Changes since the approved scope" in en
    assert "SCC-1: recipients stuttgart_lab — not in the approved munich_rd" in en
    doc = json.loads(_explain(ws, "--format", "json").stdout)
    (change,) = doc["decision"]["approval"]["scope_changes"]
    assert change == {
        "approval": "SCC-1",
        "dimension": "recipients",
        "found": ["stuttgart_lab"],
        "approved": ["munich_rd"],
        "known": True,
    }
    assert any("stuttgart_lab" in line for line in doc["explanation"])
    zh = _explain(ws, "--lang", "zh").stdout
    assert "与批准范围相比的变化" in zh and "SCC-1：接收方 stuttgart_lab" in zh
    ids = {"SCC-1", "stuttgart_lab", "munich_rd"}
    section = [ln for ln in zh.splitlines() if "SCC-1" in ln or "批准范围" in ln]
    assert english_words("\n".join(section), ids) == []


def test_explain_names_unscoped_approvals_with_the_command_that_records_them(ws: Path) -> None:
    assert _add(ws).exit_code == 0
    en = _explain(ws).stdout
    assert "Approvals recorded without their scope" in en
    assert "carborder approval scope SCC-1 --scope FILE" in en
    doc = json.loads(_explain(ws, "--format", "json").stdout)
    assert doc["decision"]["approval"]["unscoped"] == ["SCC-1"]
    assert any("carborder approval scope SCC-1" in line for line in doc["explanation"])
    zh = _explain(ws, "--lang", "zh").stdout
    assert "未记录批准范围的审批/备案" in zh
