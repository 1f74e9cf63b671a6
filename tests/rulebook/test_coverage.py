"""The scenario corpus exercises every rule of the pack; the code holds no legal numbers."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from carborder.decide import decide_all
from carborder.rulebook import Pack, load_pack
from carborder.workspace.io import load_scenario

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "tests" / "scenarios"
SRC = REPO / "src"

#: Rule kinds whose every id must be exercised by some scenario.
COVERED_PREFIXES = (
    "important_data.",
    "exemptions.",
    "pathways.",
    "gates.",
    "obligations.",
    "reviews.",
)


@lru_cache(maxsize=1)
def _pack() -> Pack:
    return load_pack()


def _scenario_files() -> list[Path]:
    return sorted(p for p in SCENARIOS.rglob("*.yaml") if p.parent.name != "broken")


def exercised_rules() -> dict[str, list[str]]:
    """Rule id → scenario files whose trace has it with a result other than false, or whose
    expectations name it."""
    pack = _pack()
    seen: dict[str, list[str]] = {}
    for path in _scenario_files():
        scenario = load_scenario(path, pack)
        name = str(path.relative_to(SCENARIOS))
        for decision in decide_all(scenario.inventory(), pack, scenario.as_of):
            for step in decision.trace:
                if step.result != "false":
                    seen.setdefault(step.rule, []).append(name)
        for expect in scenario.expect.values():
            named = [*expect.reasons, *(expect.important or []), *expect.obligations]
            if expect.exemption:
                named.append(expect.exemption)
            for rule in named:
                seen.setdefault(rule, []).append(name)
    return seen


def test_every_rule_of_the_pack_is_exercised_by_a_scenario() -> None:
    rules = sorted(r for r in _pack().rules if r.startswith(COVERED_PREFIXES))
    seen = exercised_rules()
    missing = [r for r in rules if r not in seen]
    assert not missing, "rules no scenario exercises:\n  " + "\n  ".join(missing)


def test_scenario_corpus_is_large_enough() -> None:
    assert len(_scenario_files()) >= 65


def test_every_expectation_names_pathway_status_reasons_and_a_cite() -> None:
    pack = _pack()
    thin: list[str] = []
    for path in _scenario_files():
        for flow, expect in load_scenario(path, pack).expect.items():
            if not (expect.status and expect.reasons and expect.cites):
                thin.append(f"{path.relative_to(SCENARIOS)}::{flow}")
    assert not thin, "expectations without status, reasons or cites: " + ", ".join(thin)


def test_expected_cites_name_articles_the_pack_uses() -> None:
    pack = _pack()
    used = {(c.instrument, c.article) for r in pack.rules.values() for c in r.cites}
    used |= {
        (c.instrument, c.article)
        for p in pack.parameters.values()
        for v in p.values.values()
        for c in v.cites
    }
    unknown: list[str] = []
    for path in _scenario_files():
        for flow, expect in load_scenario(path, pack).expect.items():
            for c in expect.cites:
                if (c.instrument, c.article) not in used:
                    unknown.append(f"{path.name}::{flow}: {c.instrument} {c.article}")
    assert not unknown, "cites not spelled as in the pack:\n  " + "\n  ".join(unknown)


_THRESHOLD_LITERALS = re.compile(r"\b(100000|1000000|10000)\b|\b(100_000|1_000_000|10_000)\b")

#: Lines that hold one of those numbers for a reason that is not law, each with why.
_NOT_THRESHOLDS = {
    # unit conversion: microseconds per second in timestamp generalisation
    ("src/carborder/deid/generalise_time.py", '"us": 1_000_000'),
}


def _allowed(rel: str, line: str) -> bool:
    return any(rel == f and frag in line for f, frag in _NOT_THRESHOLDS)


def test_source_code_holds_no_threshold_literals() -> None:
    hits: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            rel = path.relative_to(REPO).as_posix()
            if _THRESHOLD_LITERALS.search(line) and not _allowed(rel, line):
                hits.append(f"{rel}:{number}: {line.strip()}")
    assert not hits, "threshold numbers belong in the pack, found in code:\n  " + "\n  ".join(hits)


def test_every_rule_carries_cites_and_a_confidence_of_known_instruments() -> None:
    pack = _pack()
    problems: list[str] = []
    for rid, rule in sorted(pack.rules.items()):
        if not rule.cites:
            problems.append(f"{rid}: no cites")
        if rule.confidence is None:
            problems.append(f"{rid}: no confidence")
        for c in rule.cites:
            if c.instrument not in pack.instruments:
                problems.append(f"{rid}: unknown instrument {c.instrument}")
            if not c.article.strip():
                problems.append(f"{rid}: empty article for {c.instrument}")
    for pid, param in sorted(pack.parameters.items()):
        for day, value in param.values.items():
            if not value.cites:
                problems.append(f"{pid}@{day}: no cites")
            if value.confidence is None:
                problems.append(f"{pid}@{day}: no confidence")
            for c in value.cites:
                if c.instrument not in pack.instruments:
                    problems.append(f"{pid}@{day}: unknown instrument {c.instrument}")
    for spec in pack.meta.pathways:
        for c in spec.cites:
            if c.instrument not in pack.instruments:
                problems.append(f"pack.yaml pathway {spec.id}: unknown instrument {c.instrument}")
    assert not problems, "\n".join(problems)
