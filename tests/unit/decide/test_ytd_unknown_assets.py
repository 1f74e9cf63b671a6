"""Year-to-date totals: an uncounted asset is named, in zh and en, with the fact to declare."""

from __future__ import annotations

from pathlib import Path

import pytest

from carborder.cli.render import explain_text
from carborder.decide import decide_all
from carborder.rulebook import load_pack
from carborder.workspace.io import load_scenario

SCENARIO = (
    Path(__file__).parents[2]
    / "scenarios"
    / "counting"
    / "unknown_count_asset_makes_ytd_unknown.yaml"
)


@pytest.mark.parametrize(
    ("lang", "fragment"),
    [("en", "declare pi.individuals"), ("zh", "请在清单中申报 pi.individuals")],
)
def test_explain_names_the_uncounted_asset_and_the_fact(lang: str, fragment: str) -> None:
    pack = load_pack()
    scenario = load_scenario(SCENARIO, pack)
    decisions = decide_all(scenario.inventory(), pack, scenario.as_of)
    for d in decisions:  # every flow, not only the one carrying the asset
        assert d.pi.ytd_individuals is None
        assert [(g.asset, g.fact) for g in d.pi.ytd_unknown] == [
            ("service_notes", "pi.individuals")
        ]
        text = explain_text(d, pack, lang)
        line = next(x for x in text.splitlines() if "[service_notes]" in x and fragment in x)
        assert "crm_buyers" not in line


def test_counted_assets_are_not_named() -> None:
    pack = load_pack()
    scenario = load_scenario(SCENARIO, pack)
    inv = scenario.inventory()
    notes = next(a for a in inv.assets if a.id == "service_notes")
    fixed = inv.model_copy(
        update={
            "assets": [
                a
                if a.id != "service_notes"
                else notes.model_copy(update={"facts": {**notes.facts, "pi.individuals": 800}})
                for a in inv.assets
            ]
        }
    )
    for d in decide_all(fixed, pack, scenario.as_of):
        assert d.pi.ytd_unknown == [] and d.pi.ytd_individuals == 60800
        assert "declare pi.individuals" not in explain_text(d, pack, "en")
