"""Approval lists show computed validity; one actor across events; saved scans are audited."""

from __future__ import annotations

import getpass
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.decide.workdays import add_years
from carborder.rulebook import load_pack

runner = CliRunner()

INVENTORY = """\
assets:
  - id: trips
    facts: {domain: connected_operation, pi.kinds: [phone], pi.individuals: 10}
recipients:
  - {id: hq, country: DE}
flows:
  - {id: trips_to_hq, activity: transfer, assets: [trips], recipient: hq}
"""


def _invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    _invoke("init", str(root))
    (root / "inventory" / "case.yaml").write_text(INVENTORY, encoding="utf-8")
    for name in ("assets", "recipients", "flows"):
        (root / "inventory" / f"{name}.yaml").unlink()
    return root


def _kind_with_validity() -> tuple[str, int]:
    pack = load_pack()
    for kind_id, kind in pack.meta.approval_kinds.items():
        if kind.validity_years is not None:
            return kind_id, int(pack.param_at(kind.validity_years, date(2026, 6, 30))[0])
    pytest.skip("the pack gives no approval kind a validity period")


def test_approval_without_end_date_lists_its_computed_validity(ws: Path) -> None:
    kind, years = _kind_with_validity()
    _invoke(
        "approval", "add", "A-1", "-w", str(ws), "--kind", kind,
        "--flow", "trips_to_hq", "--issued", "2026-01-15",
    )  # fmt: skip
    # no scope recorded: valid, but it covers nothing until the scope is recorded
    (bare,) = json.loads(
        _invoke(
            "approval", "list", "-w", str(ws), "--format", "json", "--as-of", "2026-06-30"
        ).stdout
    )
    assert bare["state"] == "unscoped"
    _invoke("approval", "scope", "A-1", "-w", str(ws), "--scope-from-flow", "--as-of", "2026-06-30")
    expected = add_years(date(2026, 1, 15), years).isoformat()
    listed = json.loads(
        _invoke(
            "approval", "list", "-w", str(ws), "--format", "json", "--as-of", "2026-06-30"
        ).stdout
    )
    (row,) = listed
    assert row["valid_until"] is None
    assert row["valid_until_effective"] == expected and row["valid_until_from"] == "pack"
    assert row["state"] == "covered"
    table = _invoke("approval", "list", "-w", str(ws), "--as-of", "2026-06-30").stdout
    assert f"{expected} (pack rule)" in table and "—" not in table
    zh = _invoke("approval", "list", "-w", str(ws), "--lang", "zh", "--as-of", "2026-06-30").stdout
    assert f"{expected}（按规则包计算）" in zh and "已取得且有效" in zh
    # scope values are identifiers (purpose, method, recipient, data set, kinds)
    scope_ids = {str(v) for vs in row["scope"].values() if isinstance(vs, list) for v in vs}
    assert english_words(zh, {"trips_to_hq", *scope_ids}) == []
    later = add_years(date(2026, 1, 15), years + 1).isoformat()
    expired = json.loads(
        _invoke("approval", "list", "-w", str(ws), "--format", "json", "--as-of", later).stdout
    )
    assert expired[0]["state"] == "expired"


def _events(ws: Path) -> list[dict[str, Any]]:
    out = _invoke("audit", "export", "-w", str(ws)).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_one_actor_across_events_and_saved_scans_are_audited(ws: Path, tmp_path: Path) -> None:
    data = tmp_path / "trips.csv"
    data.write_text("phone,city\n13800138000,上海\n13900139000,北京\n", encoding="utf-8")
    kind, _ = _kind_with_validity()
    _invoke("key", "generate", "-w", str(ws))
    _invoke(
        "approval", "add", "A-1", "-w", str(ws), "--kind", kind,
        "--flow", "trips_to_hq", "--issued", "2026-01-15",
    )  # fmt: skip
    _invoke("approval", "revoke", "A-1", "-w", str(ws), "--reason", "test")
    _invoke("scan", str(data), "--asset", "trips", "--workspace", str(ws))
    events = _events(ws)
    names = [e["name"] for e in events]
    assert "scan.recorded" in names and "approval.added" in names and "key.generated" in names
    assert {e["actor"] for e in events} == {getpass.getuser()}
    scan = next(e for e in events if e["name"] == "scan.recorded")
    assert scan["payload"]["files"] == [hashlib.sha256(data.read_bytes()).hexdigest()]
    # --actor names someone else, everywhere the same way
    _invoke("scan", str(data), "--asset", "trips", "--workspace", str(ws), "--actor", "li.wei")
    assert _events(ws)[-1]["actor"] == "li.wei"
    assert _invoke("audit", "verify", "-w", str(ws)).exit_code == 0
