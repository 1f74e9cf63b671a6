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


def test_without_scope_the_decision_asks_for_it(ws: Path) -> None:
    assert _add(ws).exit_code == 0
    assert _approval(ws)["scope"] is None
    d = _decision(ws)
    assert "SCC-1" in d["approval"]["unscoped"]
    assert "obligations.record_approval_scope" in _obligations(d)


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
    assert "接收方" in zh and "24 个月" in zh
    ids = {"SCC-1", "faceid_to_munich", "munich_rd", "after_sales", "transfer",
           "faceid_templates", "customer_records", "face", "vin", "biometric", "DE"}  # fmt: skip
    assert english_words(zh, ids) == []
    en = _ok("approval", "list", "-w", str(ws), "--as-of", "2026-06-30").stdout
    assert "recipients: munich_rd" in en and "24 months" in en
