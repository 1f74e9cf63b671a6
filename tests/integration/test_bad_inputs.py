"""Issue #8's bad-input items, one test each, through the real CLI: exit 2, a clear message
naming the file (or setting) and what to do, never a traceback.

Permission cases run the CLI in a child process; when the tests run as root (which ignores
file modes) the child drops the capabilities that override them, so the modes really apply.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.gateway_workspace import KEY, make_workspace
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.deid.keys import ENV_VAR

RUNNER = CliRunner()
REPO = Path(__file__).resolve().parents[2]
CARBORDER = Path(sys.executable).with_name("carborder")


def _flat(text: str) -> str:
    """Output with the terminal's line wrapping undone."""
    return " ".join(text.split())


def _cli(*args: str | Path) -> tuple[int, str]:
    res = RUNNER.invoke(app, [str(a) for a in args])
    assert "Traceback" not in res.output and "internal error" not in res.output, res.output
    return res.exit_code, _flat(res.output)


def _bad(*args: str | Path, says: tuple[str, ...] = ()) -> str:
    code, out = _cli(*args)
    assert code == 2, out
    for part in says:
        assert part in out, (part, out)
    return out


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_VAR, KEY)
    return make_workspace(tmp_path / "ws", rows=200, vehicles=20)


def _export(ws: Path, out: Path, *inputs: Path, flow: str = "ok_flow") -> list[str]:
    args = ["export", flow, "--workspace", str(ws), "--output", str(out)]
    for p in inputs or (ws / "data" / "trips.parquet",):
        args += ["--input", str(p)]
    return args


# -- item 5: a workspace without a handler ---------------------------------------------


@pytest.mark.parametrize("config", ["", "pack: cn-auto-2026\n", "handler: {name: Acme}\n"])
def test_a_workspace_without_a_handler_is_bad_input(ws: Path, config: str) -> None:
    (ws / "carborder.yaml").write_text(config, encoding="utf-8")
    out = _bad(*_export(ws, ws.parent / "out"), says=("carborder.yaml", "handler"))
    assert "carborder init" in out and not (ws.parent / "out").exists()
    _bad("assess", "--workspace", ws, says=("carborder.yaml", "handler"))


# -- item 6: approval add ---------------------------------------------------------------


def _approval(ws: Path, ref: str, *extra: str) -> list[str]:
    return [
        *("approval", "add", ref, "--kind", "standard_contract", "--flow", "ok_flow"),
        *("--issued", "2026-02-01", "--workspace", str(ws), *extra),
    ]


def test_approval_add_refuses_an_id_declared_in_the_inventory(ws: Path) -> None:
    _bad(*_approval(ws, "SCC-TEST-1"), says=("SCC-TEST-1", "inventory"))
    code, out = _cli("approval", "show", "SCC-TEST-1", "--workspace", ws)
    assert code == 0 and '"source": "inventory"' in out


def test_approval_add_refuses_a_duplicate_id(ws: Path) -> None:
    assert _cli(*_approval(ws, "SCC-NEW-1"))[0] == 0
    _bad(*_approval(ws, "SCC-NEW-1"), says=("already exists",))


def test_approval_add_refuses_validity_ending_before_issue(ws: Path) -> None:
    _bad(*_approval(ws, "SCC-NEW-2", "--valid-until", "2026-01-31"), says=("before",))
    assert _cli("approval", "show", "SCC-NEW-2", "--workspace", ws)[0] == 2


# -- Low: image dimension bombs -----------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk


def _jpeg_header(width: int, height: int) -> bytes:
    sof = b"\x08" + struct.pack(">HH", height, width) + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


@pytest.mark.parametrize("name", ["bomb.png", "bomb.jpg"])
def test_image_dimension_bombs_are_refused_before_decoding(tmp_path: Path, name: str) -> None:
    data = _png_header(60000, 60000) if name.endswith("png") else _jpeg_header(60000, 60000)
    path = tmp_path / name
    path.write_bytes(data)
    _bad("scan", path, says=(name, "pixels", "beyond the limit"))


# -- Low: permissions and read-only state (as another user when root) ---------------------


SETPRIV = shutil.which("setpriv")
#: Root without these capabilities is held to file modes like any owner.
_DROP = "-dac_override,-dac_read_search,-fowner"


@pytest.fixture
def shared_ws(ws: Path) -> Path:
    """The workspace, for a child process held to file modes (skipped if that is impossible)."""
    if os.geteuid() == 0 and SETPRIV is None:
        pytest.skip("running as root without setpriv (util-linux): file modes cannot apply")
    return ws


def _as_user(*args: str | Path, env: dict[bytes, bytes] | None = None) -> tuple[int, str]:
    """Run the CLI in a child process held to file modes (capabilities dropped as root)."""
    prefix: list[str] = []
    if os.geteuid() == 0 and SETPRIV is not None:
        prefix = [SETPRIV, f"--inh-caps={_DROP}", f"--bounding-set={_DROP}", "--"]
    full_env = {**os.environb, ENV_VAR.encode(): KEY.encode()}
    full_env.update(env or {})
    done = subprocess.run(
        [*prefix, str(CARBORDER), *map(str, args)],
        capture_output=True,
        env=full_env,
        timeout=300,
        check=False,
    )
    out = _flat((done.stdout + done.stderr).decode("utf-8", "replace"))
    assert "Traceback" not in out and "internal error" not in out, out
    return done.returncode, out


def _state(ws: Path) -> Path:
    code, out = _as_user("key", "generate", "--workspace", ws)  # creates .carborder/ as the user
    assert code == 0, out
    return ws / ".carborder"


def test_an_unwritable_output_folder_is_named(shared_ws: Path) -> None:
    parent = shared_ws.parent / "read-only"
    parent.mkdir()
    parent.chmod(0o555)
    code, out = _as_user(*_export(shared_ws, parent / "out"))
    assert code == 2 and str(parent) in out and "permission denied (write)" in out, out


def test_a_read_only_database_is_named(shared_ws: Path) -> None:
    db = _state(shared_ws) / "carborder.db"
    db.chmod(0o444)
    code, out = _as_user(*_export(shared_ws, shared_ws / "out"))
    assert code == 2 and str(db) in out and "read-only" in out, out
    assert not (shared_ws / "out").exists()


def test_a_read_only_state_folder_is_named(shared_ws: Path) -> None:
    state = _state(shared_ws)
    for extra in state.glob("carborder.db-*"):
        extra.unlink()
    state.chmod(0o555)
    code, out = _as_user(*_export(shared_ws, shared_ws / "out"))
    assert code == 2 and "carborder.db" in out and "read-only" in out, out


def test_an_unreadable_key_file_is_named(shared_ws: Path) -> None:
    key = _state(shared_ws) / "keys" / "manifest-signing.ed25519.pem"
    key.chmod(0)
    code, out = _as_user(*_export(shared_ws, shared_ws / "out"))
    assert code == 2 and str(key) in out and "permission denied (read)" in out, out


def test_a_pseudonym_key_that_is_not_utf8_is_refused(shared_ws: Path) -> None:
    raw = b"k\xff\xfe0123456789abcdefghijklmnopqrstuvwxyz"
    code, out = _as_user(*_export(shared_ws, shared_ws / "out"), env={ENV_VAR.encode(): raw})
    assert code == 2 and ENV_VAR in out and "UTF-8" in out, out


@pytest.mark.parametrize("key", ["0" * 40, "a" * 40, "ab" * 20, "changeme"])
def test_weak_pseudonym_keys_are_refused(
    ws: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv(ENV_VAR, key)
    _bad(*_export(ws, ws.parent / "out"), says=(ENV_VAR,))
    assert not (ws.parent / "out").exists()


# -- Low: YAML surfaces -------------------------------------------------------------------

YAML_CASES = {
    "unknown tag": "flows: !secret x\n",
    "python tag": "flows: !!python/object/apply:os.system [ls]\n",
    "NUL byte": "flows: []\x00\n",
    "5,000-digit number": "counters: {pi.individuals: " + "9" * 5000 + "}\n",
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_odd_yaml_in_the_inventory_is_bad_input(ws: Path, case: str) -> None:
    path = ws / "inventory" / "extra.yaml"
    path.write_text(YAML_CASES[case], encoding="utf-8")
    _bad("assess", "--workspace", ws, says=("extra.yaml",))


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_odd_yaml_in_carborder_yaml_is_bad_input(ws: Path, case: str) -> None:
    cfg = ws / "carborder.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + YAML_CASES[case], encoding="utf-8")
    _bad("assess", "--workspace", ws, says=("carborder.yaml",))


# -- Low: sensitive-area GeoJSON ----------------------------------------------------------

GEOJSON_CASES = {
    "not json": "{not json",
    "not a collection": "[1, 2]",
    "feature without geometry": '{"type":"FeatureCollection","features":[1]}',
    "bad coordinates": '{"type":"FeatureCollection","features":[{"type":"Feature",'
    '"geometry":{"type":"Polygon","coordinates":[[1,2]]}}]}',
    "deep nesting": '{"type":"FeatureCollection","features":' + "[" * 100000 + "]" * 100000 + "}",
}


@pytest.mark.parametrize("case", sorted(GEOJSON_CASES))
def test_malformed_sensitive_areas_are_bad_input_in_export_and_assess(ws: Path, case: str) -> None:
    (ws / "areas.geojson").write_text(GEOJSON_CASES[case], encoding="utf-8")
    cfg = ws / "carborder.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "sensitive_areas: areas.geojson\n", "utf-8")
    _bad(*_export(ws, ws.parent / "out"), says=("areas.geojson",))
    _bad("assess", "--workspace", ws, says=("areas.geojson",))
    assert not (ws.parent / "out").exists()


# -- Low: dates at the end of the calendar --------------------------------------------------


def test_as_of_at_the_end_of_the_calendar_is_bad_input(ws: Path, tmp_path: Path) -> None:
    _bad("assess", "--workspace", ws, "--as-of", "9999-12-31", says=("9999-12-31",))
    _bad("plan", "ok_flow", "--workspace", ws, "--as-of", "9999-12-31", says=("9999-12-31",))
    scenario = {
        "name": "end of calendar",
        "as_of": "9999-12-31",
        "assets": [{"id": "a", "facts": {"domain": "connected_operation", "pi.kinds": ["vin"]}}],
        "recipients": [{"id": "r", "country": "DE"}],
        "flows": [
            {
                "id": "f",
                "activity": "transfer",
                "assets": ["a"],
                "recipient": "r",
                "scenario": "rd_collaboration",
            }
        ],
    }
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    _bad("decide", path, says=("9999-12-31",))


# -- Low: a dropped audit_head table ------------------------------------------------------


def test_a_dropped_head_table_is_bad_input_for_export(ws: Path) -> None:
    assert _cli("approval", "list", "--workspace", ws)[0] == 0  # creates the database
    conn = sqlite3.connect(ws / ".carborder" / "carborder.db")
    conn.execute("DROP TABLE audit_head")
    conn.commit()
    conn.close()
    _bad(*_export(ws, ws.parent / "out"), says=("audit_head", "carborder.db"))
    assert not (ws.parent / "out").exists()
    code, out = _cli("audit", "verify", "--workspace", ws)
    assert code == 1 and "audit_head" in out


# -- Low: corrupt, truncated and mislabelled files ----------------------------------------


def test_corrupt_truncated_and_mislabelled_files_are_bad_input(ws: Path, tmp_path: Path) -> None:
    good = (ws / "data" / "trips.parquet").read_bytes()
    cases = {
        "truncated.parquet": good[: len(good) // 2],
        "csv-named.parquet": b"vin,phone\nA,1\n",
        "parquet-named.mcap": good,
        "garbage.bag": os.urandom(512),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        out = _bad("scan", path, says=(name,))
        assert "→" in out, out  # what to do


# -- Low: the same input twice, devices and FIFOs, garbage DBC, output folder mode ---------


def test_the_same_input_given_twice_is_listed_once(ws: Path) -> None:
    inp = ws / "data" / "trips.parquet"
    out = ws.parent / "out"
    assert _cli(*_export(ws, out, inp, inp, ws / "data" / ".." / "data" / "trips.parquet"))[0] == 0
    body = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["body"]
    assert [i["name"] for i in body["inputs"]] == ["trips.parquet"]


def test_dev_zero_and_a_fifo_are_named_for_what_they_are(ws: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, kind in ((Path("/dev/zero"), "character device"), (fifo, "FIFO")):
        _bad("scan", path, says=(kind,))
        _bad(*_export(ws, ws.parent / "out", path), says=(kind,))


def test_a_garbage_dbc_is_not_echoed_to_the_terminal(tmp_path: Path) -> None:
    dbc = tmp_path / "garbage.dbc"
    dbc.write_bytes(bytes(range(256)) * 4)
    log = tmp_path / "frames.log"
    log.write_text("(1600000000.000000) can0 123#DEADBEEF\n", encoding="utf-8")
    res = RUNNER.invoke(app, ["scan", str(log), "--dbc", str(dbc)])
    assert res.exit_code == 2, res.output
    controls = [c for c in res.output if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
    assert controls == [] and "garbage.dbc" in res.output


def test_an_existing_empty_output_folder_keeps_its_mode(ws: Path) -> None:
    out = ws.parent / "out"
    out.mkdir()
    out.chmod(0o700)
    assert _cli(*_export(ws, out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o700 and (out / "manifest.json").is_file()


# -- Low: assess refuses the plans export refuses (validated when the inventory loads) -------


@pytest.mark.parametrize(
    ("step", "says"),
    [
        ({"op": "pseudonymize_all", "params": {}}, "pseudonymize_all"),
        ({"op": "generalise_geo", "params": {"precision_m": "far"}}, "precision_m"),
    ],
)
def test_assess_refuses_a_plan_export_refuses(ws: Path, step: dict[str, Any], says: str) -> None:
    flows = ws / "inventory" / "flows.yaml"
    doc = yaml.safe_load(flows.read_text(encoding="utf-8"))
    doc["flows"][0]["deid"] = [step]
    flows.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    _bad("assess", "--workspace", ws, says=("flows.yaml", says))
    _bad(*_export(ws, ws.parent / "out"), says=("flows.yaml", says))
