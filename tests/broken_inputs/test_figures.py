"""The README's reliability figures are the ones the figures script rendered from its JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.scripts import load_script

REPO = Path(__file__).resolve().parents[2]


def test_readme_reliability_block_is_rendered_from_the_measured_figures() -> None:
    module = load_script("scripts/reliability_figures.py")
    figures = json.loads((REPO / "bench" / "results" / "reliability.json").read_text("utf-8"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert module.render(figures) in readme, "run scripts/reliability_figures.py"
    assert figures["pytest_exit"] == 0
    assert figures["broken_inputs"]["refused_clearly"] == figures["broken_inputs"]["cases"] > 50
    assert figures["tampers"]["detected"] == figures["tampers"]["cases"] >= 15
    assert figures["fuzzed_inputs"]["crashes"] == 0 and figures["fuzzed_inputs"]["examples"] > 0
    assert figures["faults"]["survived"] == figures["faults"]["kills"] > 0
