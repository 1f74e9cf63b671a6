"""Every family of gateway error, through the real CLI, reads fully Chinese under ``--lang zh``.

One case per family (export inputs, output folder, flow/asset/subject, refusals, keys, the
workspace database, de-identification steps, manifests, anchors, approvals): the Chinese
output must have no English word outside identifiers (tests/zh_check), and the English
output keeps its wording (a fragment each), since scripts and the docs read it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.gateway_workspace import KEY, _flow, make_workspace
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.deid.keys import ENV_VAR

runner = CliRunner()

#: Identifiers of the test workspace that appear in messages as they are.
IDS = {"ok_flow", "no_approval", "typo_flow", "trips", "nope", "NOPE", "yesterday", "xyz"}


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with one released export in ``<ws>/out``."""
    ws = make_workspace(tmp_path_factory.mktemp("gw") / "ws", rows=200, vehicles=20)
    code, out = _invoke(["export", "ok_flow", *_io(ws, ws / "out"), "--workspace", ws])
    assert code == 0, out
    return ws


def _io(ws: Path, out: Path, *inputs: Path) -> list[Any]:
    args: list[Any] = ["--output", out]
    for p in inputs or (ws / "data" / "trips.parquet",):
        args += ["--input", p]
    return args


def _invoke(args: list[Any], env: dict[str, str | None] | None = None) -> tuple[int, str]:
    # no password from the environment: `user add` must ask for one
    env = {ENV_VAR: KEY, "CARBORDER_PASSWORD": None, **(env or {})}
    res = runner.invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in res.output and "internal error" not in res.output, res.output
    return res.exit_code, " ".join(res.output.split())


def _copy(ws: Path, tmp: Path) -> Path:
    """A private copy of the released workspace, for a case that damages it."""
    return Path(shutil.copytree(ws, tmp / "ws", ignore=shutil.ignore_patterns("out")))


def _with_flow(ws: Path, tmp: Path, step: dict[str, Any]) -> Path:
    w = _copy(ws, tmp)
    doc = {"flows": [_flow("typo_flow", [step])]}
    (w / "inventory" / "typo.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return w


def _export(flow: str = "ok_flow", *extra: Any, inputs: tuple[Path, ...] = ()) -> Callable:
    def args(ws: Path, tmp: Path) -> list[Any]:
        return ["export", flow, *_io(ws, tmp / "o", *inputs), *extra, "--workspace", ws]

    return args


def _damaged(damage: Callable[[Path], None], *command: str) -> Callable:
    def args(ws: Path, tmp: Path) -> list[Any]:
        w = _copy(ws, tmp)
        damage(w)
        return [*command, "--workspace", w]

    return args


def _keys(w: Path) -> Path:
    return w / ".carborder" / "keys"


def _garbage(path: Path, text: str = "garbage") -> None:
    path.write_text(text, encoding="utf-8")


def _not_hex(w: Path) -> None:
    for key in (_keys(w) / "counter").glob("*.key"):
        _garbage(key, "zz-not-hex")


def _empty_dir(tmp: Path) -> Path:
    (tmp / "empty").mkdir()
    return tmp / "empty"


def _manifest(text: str) -> Callable:
    def args(ws: Path, tmp: Path) -> list[Any]:
        (tmp / "x").mkdir()
        _garbage(tmp / "x" / "manifest.json", text)
        return ["manifest", "verify", tmp / "x"]

    return args


def _flow_step(step: dict[str, Any]) -> Callable:
    def args(ws: Path, tmp: Path) -> list[Any]:
        w = _with_flow(ws, tmp, step)
        return ["export", "typo_flow", *_io(w, tmp / "o"), "--workspace", w]

    return args


def _garbage_file(name: str, text: str, *command: Any) -> Callable:
    """``command`` with ``{file}`` replaced by a scratch file holding ``text``."""

    def args(ws: Path, tmp: Path) -> list[Any]:
        _garbage(tmp / name, text)
        subst = {"{file}": tmp / name, "{ws}": ws, "{out}": ws / "out"}
        return [subst.get(str(a), a) for a in command]

    return args


def _in_ws(*command: Any) -> Callable:
    def args(ws: Path, tmp: Path) -> list[Any]:
        return [*command, "--workspace", ws]

    return args


_SCC = ["--kind", "standard_contract", "--flow", "ok_flow", "--issued"]

#: name → (arguments for (workspace, scratch folder), exit code, English fragment, env)
CASES: dict[str, tuple[Callable, int, str, dict[str, str | None]]] = {
    # export: inputs, output, flow, asset, subject, format
    "unknown flow": (_export("nope"), 2, "unknown flow 'nope'", {}),
    "output format": (_export("ok_flow", "--output-format", "xml"), 2, "unknown output format", {}),
    "input not found": (
        lambda ws, tmp: _export(inputs=(tmp / "missing.parquet",))(ws, tmp),
        2,
        "input: not found",
        {},
    ),
    "input is a device": (_export(inputs=(Path("/dev/null"),)), 2, "not a regular file", {}),
    "no input files": (
        lambda ws, tmp: _export(inputs=(_empty_dir(tmp),))(ws, tmp),
        2,
        "no input files",
        {},
    ),
    "output exists": (
        lambda ws, tmp: ["export", "ok_flow", *_io(ws, ws / "data"), "--workspace", ws],
        2,
        "output directory exists and does not hold this export",
        {},
    ),
    "asset not in flow": (_export("ok_flow", "--asset", "nope"), 2, "is not carried by flow", {}),
    "subject column": (_export("ok_flow", "--subject", "nope"), 2, "is not in every input", {}),
    "weak key": (_export(), 2, "is not a usable key: it is shorter than 16 bytes", {ENV_VAR: "x"}),
    # refusals name rule, status, pathway and facts
    "refused by the decision": (_export("no_approval"), 1, "refused: flow no_approval", {}),
    "dry run": (_export("ok_flow", "--dry-run"), 0, "dry run: flow ok_flow would be released", {}),
    # de-identification steps
    "step column missing": (
        _flow_step({"op": "drop", "params": {"columns": ["nope"]}}),
        2,
        "column(s) nope not in the data",
        {},
    ),
    "step column type": (
        _flow_step(
            {"op": "generalise_geo", "params": {"lat": "vin", "lon": "vin", "precision_m": 1000}}
        ),
        2,
        "column vin is string, not numeric",
        {},
    ),
    "step parameter (our validator)": (
        _flow_step({"op": "mask_text", "params": {"kinds": ["bogus"]}}),
        2,
        "Value error, unknown kind(s) bogus; known:",
        {},
    ),
    "step fits no input": (
        _flow_step({"op": "blur_regions", "params": {}}),
        2,
        "is a media operator for",
        {},
    ),
    # keys and the workspace database
    "signing key damaged": (
        _damaged(lambda w: _garbage(_keys(w) / "manifest-signing.ed25519.pem"), "key", "show-id"),
        2,
        "signing key is not a readable PEM private key",
        {},
    ),
    "counter key not hex": (_damaged(_not_hex, "key", "show-id"), 2, "is not hex", {}),
    "ACTIVE names no key": (
        _damaged(lambda w: _garbage(_keys(w) / "counter" / "ACTIVE", "0" * 16), "key", "show-id"),
        2,
        "which is not in the folder",
        {},
    ),
    "database damaged": (
        _damaged(
            lambda w: _garbage(w / ".carborder" / "carborder.db", "x" * 200), "audit", "verify"
        ),
        2,
        "is not an SQLite database",
        {},
    ),
    # manifests and anchors
    "manifest key id": (
        lambda ws, tmp: ["manifest", "verify", ws / "out", "--key-id", "xyz"],
        2,
        "is not a key id (16 hex) or fingerprint (64 hex)",
        {},
    ),
    "manifest public key": (
        _garbage_file("k.pem", "garbage", "manifest", "verify", "{out}", "--key", "{file}"),
        2,
        "not an Ed25519 public key",
        {},
    ),
    "manifest not JSON": (_manifest("{not json"), 1, "manifest.json unreadable: Expecting", {}),
    "manifest shape": (_manifest("[]"), 1, "not a carborder manifest", {}),
    "anchor format": (
        _garbage_file(
            "a.json", "{}", "audit", "verify", "--workspace", "{ws}", "--anchor", "{file}"
        ),
        2,
        "not an audit anchor or a carborder manifest",
        {},
    ),
    "audit since": (_in_ws("audit", "export", "--since", "yesterday"), 2, "is not a date", {}),
    # decisions the gateway's commands make, and the other commands in front of them
    "plan unknown flow": (_in_ws("plan", "nope"), 2, "unknown flow 'nope'", {}),
    "date not a date": (
        _in_ws("plan", "ok_flow", "--as-of", "2026-13-45"),
        2,
        "'2026-13-45' is not a date; write YYYY-MM-DD",
        {},
    ),
    "date beyond the calendar": (
        _in_ws("plan", "ok_flow", "--as-of", "9999-12-31"),
        2,
        "date '9999-12-31': 9999-12-31 is outside the dates carborder computes with",
        {},
    ),
    "date before the pack": (
        _in_ws("assess", "--as-of", "1990-01-01"),
        2,
        "no counting period in force on 1990-01-01: parameter",
        {},
    ),
    "user without password": (
        _in_ws("user", "add", "li", "--role", "viewer"),
        2,
        "no password: set $CARBORDER_PASSWORD",
        {},
    ),
    # approvals
    "approval ends before issue": (
        _in_ws("approval", "add", "SCC-9", *_SCC, "2026-05-01", "--valid-until", "2026-01-01"),
        2,
        "is before its issue date",
        {},
    ),
    "approval declared": (
        _in_ws("approval", "add", "SCC-TEST-1", *_SCC, "2026-01-01"),
        2,
        "is already declared in the inventory",
        {},
    ),
    "approval unknown flow": (
        _in_ws("approval", "add", "SCC-8", *_SCC[:3], "nope", "--issued", "2026-01-01"),
        2,
        "unknown flow(s) nope",
        {},
    ),
    "approval missing": (_in_ws("approval", "show", "NOPE"), 2, "no approval 'NOPE'", {}),
    "approval scope twice": (
        _in_ws("approval", "scope", "SCC-TEST-1"),
        2,
        "give exactly one of --scope FILE and --scope-from-flow",
        {},
    ),
    "approval in inventory": (
        _in_ws("approval", "scope", "SCC-TEST-1", "--scope-from-flow"),
        2,
        "is declared in inventory/approvals.yaml",
        {},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_gateway_errors_read_fully_chinese(released: Path, tmp_path: Path, case: str) -> None:
    build, code, english, env = CASES[case]
    for lang in ("zh", "en"):
        scratch = tmp_path / lang
        scratch.mkdir()
        exit_code, out = _invoke([*build(released, scratch), "--lang", lang], env)
        assert exit_code == code, (lang, out)
        if lang == "en":
            assert english in out, out
        else:
            assert code != 2 or "错误" in out, out
            assert english_words(out, IDS) == [], out
