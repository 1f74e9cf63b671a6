"""`carborder deid operators` lists every registered operator, fully, in zh and en; init's plan works."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.zh_check import english_words, pack_identifiers
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.deid import registry
from carborder.i18n import messages
from carborder.rulebook import load_pack
from carborder.workspace.config import Workspace
from carborder.workspace.validate import check_deid_plan

runner = CliRunner()


def _docs(lang: str = "en") -> list[dict[str, Any]]:
    result = runner.invoke(app, ["deid", "operators", "--format", "json", "--lang", lang])
    assert result.exit_code == 0, result.output
    docs: list[dict[str, Any]] = json.loads(result.stdout)["operators"]
    return docs


def test_every_registered_operator_is_listed_with_all_its_parameters() -> None:
    docs = {d["name"]: d for d in _docs()}
    assert sorted(docs) == registry.names()
    for name, doc in docs.items():
        cls = registry.get(name)
        assert [p["name"] for p in doc["parameters"]] == list(cls.params_model.model_fields)
        assert doc["promise"]["changes"] == sorted(cls.changes)
        assert doc["summary"] and all(p["description"] for p in doc["parameters"])
        required = {p["name"] for p in doc["parameters"] if p["required"]}
        assert required == {k for k, f in cls.params_model.model_fields.items() if f.is_required()}


def test_every_example_is_a_valid_plan_step() -> None:
    """The examples pass the same check the inventory loader runs (and carry every required one)."""
    steps = [d["example"] for d in _docs()]
    assert all(s["op"] for s in steps)
    check_deid_plan({"deid": steps}, file=Path("examples"), lines={}, prefix="flows[0]")
    for doc in _docs():
        required = {p["name"] for p in doc["parameters"] if p["required"]}
        assert required <= set(doc["example"]), doc["name"]


def test_every_builtin_operator_has_catalogue_prose_in_both_languages() -> None:
    for lang in ("en", "zh"):
        m = messages(lang)
        for name in registry.names():
            assert m.has(f"deid-op-{name}"), f"{lang}: deid-op-{name}"
            for param in registry.get(name).params_model.model_fields:
                assert m.has(f"deid-param-{name}-{param}"), f"{lang}: {name}.{param}"


def _identifiers(docs: list[dict[str, Any]]) -> set[str]:
    """What a user types as is: operator and parameter names, types, formats, example values."""
    out: set[str] = set(pack_identifiers(load_pack()))
    for d in docs:
        out.add(d["name"])
        out.update(d["applies_to"]["formats"])
        for p in d["parameters"]:
            out.add(p["name"])
            out.update(re.findall(r"[A-Za-z_]+", p["type"] + " " + json.dumps(p["default"])))
        out.update(re.findall(r"[A-Za-z_]+", d["example_yaml"]))
    return out


def test_the_chinese_listing_is_fully_chinese() -> None:
    result = runner.invoke(app, ["deid", "operators", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "去标识化算子" in result.output and "不构成法律意见" in result.output
    docs = _docs("zh")
    # the texts themselves (the table folds long fact names across lines)
    texts = [result.output.splitlines()[0], result.output.splitlines()[-2]]
    for d in docs:
        texts += [d["summary"], d["applies_to"]["text"], *d["promise"]["text"]]
        texts += [p["description"] for p in d["parameters"]]
    words = english_words("\n".join(texts), _identifiers(docs))
    assert words == [], sorted(set(words))
    # the English listing is English
    en = runner.invoke(app, ["deid", "operators"])
    assert "De-identification operators" in en.output and "generalise_geo" in en.output


def test_unknown_operator_error_points_to_the_listing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["decide", "tests/scenarios/broken/deid_unknown_operator.yaml"])
    assert result.exit_code == 2
    assert "carborder deid operators" in result.output


def _uncommented(text: str) -> str:
    """An init template with its commented example entries switched on."""
    out = []
    for line in text.splitlines():
        if re.match(r"^\w+: \[\]$", line):
            out.append(line.removesuffix(" []"))
        elif line.startswith(("# -", "#  ")):
            out.append(line[2:])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def test_the_init_templates_example_plan_uses_kinds_and_loads(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    flows = (root / "inventory" / "flows.yaml").read_text(encoding="utf-8")
    steps = re.findall(r"\{op: .*\}", flows)
    assert steps and all("kinds:" in s and "columns:" not in s for s in steps), steps
    for f in (root / "inventory").glob("*.yaml"):
        f.write_text(_uncommented(f.read_text(encoding="utf-8")), encoding="utf-8")
    ws = Workspace.open(root)
    inventory = ws.inventory()
    assert [f.id for f in inventory.flows] == ["crm_to_hq"]
    assert [s.op for s in inventory.flows[0].deid] == ["drop", "pseudonymise"]
    result = runner.invoke(app, ["assess", "--workspace", str(root), "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_listing_is_the_same_structure_in_both_languages(lang: str) -> None:
    docs = _docs(lang)
    assert [d["name"] for d in docs] == registry.names()
    assert [d["example"] for d in docs] == [d["example"] for d in _docs("en")]
