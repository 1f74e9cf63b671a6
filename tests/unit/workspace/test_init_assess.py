"""A workspace built from a scenario's parts decides exactly like `carborder decide` on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.i18n import render_article
from carborder.rulebook import load_pack

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
runner = CliRunner()


def _invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def _workspace_from(scenario_file: Path, root: Path) -> dict[str, Any]:
    """`carborder init` a workspace, then copy the scenario's parts into its files."""
    assert _invoke("init", str(root)).exit_code == 0
    doc: dict[str, Any] = yaml.safe_load(scenario_file.read_text(encoding="utf-8"))
    config = yaml.safe_load((root / "carborder.yaml").read_text(encoding="utf-8"))
    config["handler"] = doc["handler"]
    (root / "carborder.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    inventory = root / "inventory"
    for key in ("assets", "recipients", "flows", "approvals"):
        part = {key: doc.get(key, [])}
        (inventory / f"{key}.yaml").write_text(
            yaml.safe_dump(part, sort_keys=False), encoding="utf-8"
        )
    counters = {
        "counters": doc.get("counters", {"pi.individuals": 0, "pi.sensitive_individuals": 0})
    }
    (inventory / "counters.yaml").write_text(yaml.safe_dump(counters), encoding="utf-8")
    return doc


def test_init_then_assess_an_empty_workspace(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = _invoke("init", str(root))
    assert result.exit_code == 0, result.output
    assert (root / "carborder.yaml").is_file()
    assert sorted(p.name for p in (root / "inventory").glob("*.yaml")) == [
        "approvals.yaml",
        "assets.yaml",
        "counters.yaml",
        "flows.yaml",
        "recipients.yaml",
    ]
    result = _invoke(
        "assess", "--workspace", str(root), "--format", "json", "--as-of", "2026-06-30"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decisions"] == []
    # nothing to refuse: --check passes
    assert _invoke("assess", "--workspace", str(root), "--check").exit_code == 0


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert _invoke("init", str(root)).exit_code == 0
    result = _invoke("init", str(root))
    assert result.exit_code == 2, result.output
    assert "→" in result.output


@pytest.mark.parametrize(
    "scenario",
    [
        "walkthroughs/w4_ads_raw_logs_blocked.yaml",  # a hard gate and important data
        "thresholds/split_flows_still_summed.yaml",  # two flows summed in one batch
        "exemptions/contract_with_individual_not_counted.yaml",  # an uncounted exemption
        "approvals/security_assessment_expiring_window.yaml",  # approvals and working-day windows
        "thresholds/counters_plus_batch_reach_100000.yaml",  # year-to-date counters
        "ftz/beijing_road_signs_important.yaml",  # the handler's FTZ from carborder.yaml
    ],
)
def test_workspace_decides_like_the_scenario(tmp_path: Path, scenario: str) -> None:
    file = SCENARIOS / scenario
    doc = _workspace_from(file, tmp_path / "ws")
    as_of = str(doc["as_of"])
    decided = _invoke("decide", str(file), "--format", "json")
    assert decided.exit_code == 0, decided.output
    assessed = _invoke(
        "assess", "--workspace", str(tmp_path / "ws"), "--format", "json", "--as-of", as_of
    )
    assert assessed.exit_code == 0, assessed.output
    want = {d["flow"]: d for d in json.loads(decided.stdout)["decisions"]}
    got = {d["flow"]: d for d in json.loads(assessed.stdout)["decisions"]}
    assert want.keys() == got.keys()
    for flow, decision in want.items():
        assert got[flow] == decision, f"{scenario}::{flow} differs"


def test_assess_check_exits_1_when_a_flow_is_not_allowed(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _workspace_from(SCENARIOS / "thresholds/pi_100000_standard_contract.yaml", root)
    result = _invoke("assess", "--workspace", str(root), "--check", "--as-of", "2026-06-30")
    assert result.exit_code == 1, result.output
    assert "crm_to_hq" in result.output


def test_assess_check_passes_when_every_flow_is_allowed(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _workspace_from(SCENARIOS / "thresholds/pi_99999_exempt.yaml", root)
    result = _invoke("assess", "--workspace", str(root), "--check", "--as-of", "2026-06-30")
    assert result.exit_code == 0, result.output


def test_explain_in_chinese_cites_every_determining_rule(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _workspace_from(SCENARIOS / "walkthroughs/w1_remote_access_trajectories.yaml", root)
    result = _invoke(
        "explain", "munich_query", "--workspace", str(root), "--lang", "zh", "--as-of", "2026-06-30"
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assessed = _invoke(
        "assess", "--workspace", str(root), "--format", "json", "--as-of", "2026-06-30"
    )
    decision = json.loads(assessed.stdout)["decisions"][0]
    assert decision["pathway"] == "security_assessment"
    pack = load_pack()
    assert decision["reasons"]
    for rid in decision["reasons"]:
        assert rid in text
        for cite in pack.rules[rid].cites:
            title = pack.instruments[cite.instrument].title.zh
            assert f"《{title}》{render_article(cite.article, 'zh')}" in text, (
                f"{rid}: {title} {cite.article} not cited"
            )
    assert pack.meta.disclaimer.zh in text
    assert "数据出境流 munich_query" in text


def test_explain_of_an_unknown_flow_exits_2(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _workspace_from(SCENARIOS / "walkthroughs/w1_remote_access_trajectories.yaml", root)
    result = _invoke("explain", "munich_querry", "--workspace", str(root))
    assert result.exit_code == 2, result.output
    assert "munich_querry" in result.output
