#!/usr/bin/env python3
"""Count the README's reliability figures from test runs, never by hand.

Runs the broken-input corpus, the fuzzing, the per-item bad-input tests, the tamper suite and
the fault-injection test (``--slow`` adds their slow runs: many more fuzz examples and kills),
then writes ``bench/results/reliability.json`` and the README block between the
``reliability`` markers. Every figure says which run it came from.

    .venv/bin/python scripts/reliability_figures.py            # the CI-sized runs
    .venv/bin/python scripts/reliability_figures.py --slow     # the slow runs too
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "reliability.json"
README = REPO / "README.md"
START, END = "<!-- reliability:start -->", "<!-- reliability:end -->"
SUITES = {
    "corpus": "tests/broken_inputs/test_corpus.py",
    "fuzz": "tests/broken_inputs/test_fuzz.py",
    "items": "tests/integration/test_bad_inputs.py",
    "tamper": "tests/integration/test_tamper.py",
    "faults": "tests/integration/test_fault_injection.py",
}


def _pytest(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)


def _collected(path: str, marker: str, env: dict[str, str]) -> list[str]:
    done = _pytest(["--collect-only", "-q", "-m", marker, path], env)
    return [line.strip() for line in done.stdout.splitlines() if "::" in line]


def _outcomes(junit: Path) -> dict[str, str]:
    """Test id (file::name[param]) → passed / failed / skipped, from a JUnit XML report."""
    out: dict[str, str] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        module = case.get("classname", "").replace(".", "/")
        test_id = f"{module}.py::{case.get('name')}"
        state = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                state = "failed"
            elif child.tag == "skipped":
                state = "skipped"
        out[test_id] = state
    return out


def measure(*, slow: bool) -> dict[str, Any]:
    """Run the suites and count what they tried and what held."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env["CARBORDER_FUZZ_LOG"] = str(Path(tmp) / "fuzz.log")
        env["CARBORDER_FAULT_REPORT"] = str(Path(tmp) / "faults.json")
        junit = Path(tmp) / "junit.xml"
        marker = [] if slow else ["-m", "not slow"]
        done = _pytest(
            [
                *marker,
                "-q",
                "-n",
                os.environ.get("PYTEST_WORKERS", "2"),
                f"--junitxml={junit}",
                *SUITES.values(),
            ],
            env,
        )
        outcomes = _outcomes(junit)
        fuzz = (
            Counter(
                line.split("\t")[0]
                for line in Path(env["CARBORDER_FUZZ_LOG"]).read_text(encoding="utf-8").splitlines()
            )
            if Path(env["CARBORDER_FUZZ_LOG"]).exists()
            else Counter()
        )
        faults_path = Path(env["CARBORDER_FAULT_REPORT"])
        faults = json.loads(faults_path.read_text(encoding="utf-8")) if faults_path.exists() else {}
        corpus = _collected(SUITES["corpus"], "broken_input", env)
        tampers = _collected(SUITES["tamper"], "tamper_case", env)

    def passed(ids: list[str]) -> int:
        return sum(1 for i in ids if outcomes.get(i) == "passed")

    items = [i for i in outcomes if i.startswith(SUITES["items"])]
    return {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "run": "slow" if slow else "ci",
        "pytest_exit": done.returncode,
        "broken_inputs": {
            "cases": len(corpus),
            "refused_clearly": passed(corpus),
            "source": f"{SUITES['corpus']} (cases from tests/broken_inputs/generate.py): exit 2, "
            "file named, what to do, no traceback",
        },
        "issue_items": {
            "tests": len(items),
            "passed": passed(items),
            "source": f"{SUITES['items']}: one test per bad-input item of issue 8",
        },
        "fuzzed_inputs": {
            "examples": sum(fuzz.values()),
            "by_surface": dict(sorted(fuzz.items())),
            "crashes": sum(
                1 for i, s in outcomes.items() if i.startswith(SUITES["fuzz"]) and s == "failed"
            ),
            "source": f"{SUITES['fuzz']}: Hypothesis-drawn files per reader and YAML surface, "
            "exit 0 or 2 and never a traceback",
        },
        "tampers": {
            "cases": len(tampers),
            "detected": passed(tampers),
            "source": f"{SUITES['tamper']}: tests marked tamper_case (audit verify exits 1 and "
            "names the problem, or 2 for an altered anchor)",
        },
        "faults": {
            "kills": int(faults.get("kills", 0)),
            "survived": int(faults.get("survived", 0)),
            "kill_points_per_export": int(faults.get("kill_points_per_export", 0)),
            "source": f"{SUITES['faults']}: SIGKILL at stages and random calls of an export, "
            "invariants checked after every kill",
        },
    }


def render(fig: dict[str, Any]) -> str:
    """The README block for the figures."""
    b, i, z, t, f = (
        fig["broken_inputs"],
        fig["issue_items"],
        fig["fuzzed_inputs"],
        fig["tampers"],
        fig["faults"],
    )
    rows = [
        (
            "Broken inputs refused clearly (exit 2, file, remedy)",
            f"{b['refused_clearly']} of {b['cases']}",
            b["source"],
        ),
        ("Issue 8 bad-input items", f"{i['passed']} of {i['tests']} tests", i["source"]),
        (
            "Fuzzed inputs without a crash",
            f"{z['examples'] - z['crashes']} of {z['examples']}",
            z["source"],
        ),
        ("Tamper cases detected", f"{t['detected']} of {t['cases']}", t["source"]),
        ("Exports killed, invariants kept", f"{f['survived']} of {f['kills']}", f["source"]),
    ]
    lines = [
        START,
        f"Measured {fig['measured']} ({fig['run']} run) by `scripts/reliability_figures.py`; "
        "the numbers are in `bench/results/reliability.json`.",
        "",
        "| What | Figure | Where it comes from |",
        "|---|---|---|",
        *(f"| {a} | {n} | {s} |" for a, n, s in rows),
        END,
    ]
    return "\n".join(lines)


def write_readme(block: str) -> None:
    """Replace the README's reliability block."""
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    README.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main() -> int:
    """Measure (or re-render), write the JSON and the README block; exit 1 if a test failed."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--slow", action="store_true", help="include the slow runs")
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite the README from the JSON"
    )
    args = parser.parse_args()
    if args.render_only:
        fig = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        fig = measure(slow=args.slow)
        RESULTS.write_text(json.dumps(fig, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_readme(render(fig))
    print(render(fig))
    return 0 if fig.get("pytest_exit") == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
