"""The zh/en catalogue is complete in both languages and Chinese output has no English left."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor
from tests.zh_check import english_words, pack_identifiers, without_examples

from carborder.cli.render import explain_text
from carborder.decide import decide_all
from carborder.i18n import messages, render_article
from carborder.rulebook import load_pack
from carborder.workspace.io import load_scenario

LOCALES = Path(__file__).resolve().parents[3] / "src" / "carborder" / "i18n" / "locales"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


class _Variables(Visitor):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _catalogue(lang: str) -> dict[str, tuple[str, set[str]]]:
    """Message id → (file, variables), failing on duplicate ids and syntax errors."""
    out: dict[str, tuple[str, set[str]]] = {}
    for path in sorted((LOCALES / lang).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, ast.Junk)]
        assert not junk, f"{path.name}: cannot parse {junk[0].content!r}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                name = entry.id.name
                assert name not in out, f"{lang}: '{name}' in {out[name][0]} and {path.name}"
                seen = _Variables()
                seen.visit(entry)
                out[name] = (path.name, seen.names)
    return out


def test_both_languages_have_the_same_messages_and_variables() -> None:
    en, zh = _catalogue("en"), _catalogue("zh")
    assert sorted(set(en) - set(zh)) == [], "messages missing in zh"
    assert sorted(set(zh) - set(en)) == [], "messages missing in en"
    differ = {k: (en[k][1], zh[k][1]) for k in en if en[k][1] != zh[k][1]}
    assert differ == {}, "the two languages use different variables"
    assert {k: v[0] for k, v in en.items()} == {k: v[0] for k, v in zh.items()}, "same files"


def test_chinese_catalogue_has_no_english_words() -> None:
    zh = messages("zh")
    pack = load_pack()
    bad = {}
    for msg_id in zh.ids():
        text = zh.as_dict().get(msg_id)
        if text is None:
            continue
        # examples in help texts (command lines, indented YAML) are typed, not read
        words = english_words(without_examples(text), pack_identifiers(pack))
        if words:
            bad[msg_id] = words
    assert bad == {}


def test_the_checker_finds_english_left_in_chinese() -> None:
    assert english_words("审批状态：missing") == ["missing"]
    assert english_words("true, 未开启") == ["true"]
    assert english_words("依据：《个人信息保护法》Art. 38") == ["Art"]
    assert (
        english_words("数据出境流 crm_to_hq 事实：pi.kinds=[vin]、“secondary”、VIN", {"vin"}) == []
    )


@pytest.mark.parametrize(
    ("article", "zh"),
    [
        ("Art. 7(1)-(2)", "第七条第一款至第二款"),
        ("Art. 7(2)", "第七条第二款"),
        ("Art. 3-6", "第三条至第六条"),
        ("Art. 4, 6", "第四条、第六条"),
        ("Art. 55(4)", "第五十五条第四款"),
        ("items 1, 3", "第1、3项"),
        ("items 2-3", "第2至3项"),
        ("item 1", "第1项"),
        ("Art. 3, items 1, 3", "第三条第1、3项"),
        ("Part 1, exemption 8", "第一部分，第8项豁免情形"),
        ("Annex B", "附录B"),
    ],
)
def test_articles_render_the_chinese_way(article: str, zh: str) -> None:
    assert render_article(article, "zh") == zh
    assert render_article(article, "en") == article


def _pack_articles() -> list[str]:
    pack = load_pack()
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("article"), str) and "instrument" in value:
                found.add(value["article"])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for rule in pack.rules.values():
        walk(rule.model_dump(mode="json"))
    for param in pack.parameters.values():
        walk(param.model_dump(mode="json"))
    walk(pack.meta.model_dump(mode="json"))
    return sorted(found)


@pytest.mark.parametrize("article", _pack_articles())
def test_every_article_of_the_builtin_pack_renders_in_chinese(article: str) -> None:
    rendered = render_article(article, "zh")
    assert english_words(rendered) == [], f"{article!r} → {rendered!r}"


def _scenario_files() -> list[Path]:
    return sorted(p for p in SCENARIOS.rglob("*.yaml") if "broken" not in p.parts)


@pytest.mark.parametrize("path", _scenario_files(), ids=lambda p: p.stem)
def test_chinese_explanations_of_every_scenario_are_fully_chinese(path: Path) -> None:
    pack = load_pack()
    scenario = load_scenario(path, pack)
    identifiers = pack_identifiers(pack) | {
        *(a.id for a in scenario.assets),
        *(f.id for f in scenario.flows),
        *(r.id for r in scenario.recipients),
        *(a.id for a in scenario.approvals),
    }
    for decision in decide_all(scenario.inventory(), pack, scenario.as_of):
        text = explain_text(decision, pack, "zh")
        words = english_words(text, identifiers)
        assert words == [], f"{path.name} / {decision.flow}: {sorted(set(words))}"
    assert scenario.as_of <= date(2100, 1, 1)
