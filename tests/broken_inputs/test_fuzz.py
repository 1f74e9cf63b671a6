"""Property-based fuzzing of every reader and every YAML surface through the real CLI.

Whatever bytes a file holds, carborder either reads it (exit 0) or says it is bad input
(exit 2): never a traceback, never "internal error", never a raw control byte on the terminal.

- readers: a valid seed of each format (Parquet, Arrow, CSV, JSON Lines, MCAP, ROS 1 bag, CAN
  log, PNG, JPEG, MP4, plus DBC and sensitive-area GeoJSON) with drawn cuts, overwrites and
  insertions, scanned with ``scan --strict``;
- YAML surfaces: drawn YAML-ish text (structure, anchors, tags, odd scalars and bytes) as an
  inventory file, ``carborder.yaml``, a scenario, an approvals file and a pack file.

CI runs a few examples per surface; ``slow`` runs many more (``CARBORDER_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.rulebook.loader import default_pack_dir
from tests.broken_inputs.generate import SEEDS, seed_bytes
from tests.gateway_workspace import make_workspace

RUNNER = CliRunner()
CI_EXAMPLES = 6
# 50 fixed examples per surface keep the landing run inside its time budget; a hunt sets
# CARBORDER_FUZZ_EXAMPLES (and CARBORDER_FUZZ_RANDOM=1) much higher.
SLOW_EXAMPLES = int(os.environ.get("CARBORDER_FUZZ_EXAMPLES", "50"))
# Landings run the same examples every time, so a red run is a finding, not luck of the draw;
# CARBORDER_FUZZ_RANDOM=1 draws fresh examples for a hunt (its findings become seeds or fixes).
DERANDOMIZE = os.environ.get("CARBORDER_FUZZ_RANDOM", "") != "1"


def _seeds() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        return {suffix: seed_bytes(suffix, Path(tmp)) for suffix in SEEDS}


SEED = _seeds()
SEED[".dbc"] = (
    b'VERSION ""\n\nBU_: ECU\n\nBO_ 180 SPEED: 8 ECU\n SG_ SPEED : 47|16@0+ (0.01,0) [0|250] "kph" ECU\n'
)
SEED[".geojson"] = (
    b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a"},'
    b'"geometry":{"type":"Polygon","coordinates":[[[121.4,31.2],[121.5,31.2],[121.5,31.3],'
    b"[121.4,31.2]]]}}]}"
)


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with up to three drawn edits: cut, overwrite a span, insert bytes."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["cut", "overwrite", "insert", "flip"]))
        at = draw(st.integers(0, max(0, len(out))))
        if op == "cut":
            del out[at:]
        elif op == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=64))
            out[at : at + len(chunk)] = chunk
        elif op == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif out:
            i = min(at, len(out) - 1)
            out[i] ^= 1 << draw(st.integers(0, 7))
    return bytes(out)


def _no_crash(surface: str, args: list[str]) -> None:
    res = RUNNER.invoke(app, args)
    out = res.output
    log = os.environ.get("CARBORDER_FUZZ_LOG")
    if log:  # one line per example, counted by scripts/reliability_figures.py
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{surface}\t{res.exit_code}\n")
    assert "Traceback" not in out and "internal error" not in " ".join(out.split()), out[-2000:]
    assert res.exit_code in (0, 2), (res.exit_code, out[-2000:])
    controls = [c for c in out if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
    assert controls == [], controls[:10]


def _scan_args(suffix: str, data: bytes, tmp: Path) -> list[str]:
    if suffix == ".dbc":
        log, dbc = tmp / "frames.log", tmp / "fuzz.dbc"
        log.write_bytes(SEED[".log"])
        dbc.write_bytes(data)
        return ["scan", str(log), "--dbc", str(dbc)]
    if suffix == ".geojson":
        table, areas = tmp / "trips.parquet", tmp / "areas.geojson"
        table.write_bytes(SEED[".parquet"])
        areas.write_bytes(data)
        return ["scan", str(table), "--sensitive-areas", str(areas)]
    path = tmp / f"fuzz{suffix}"
    path.write_bytes(data)
    return ["scan", "--strict", str(path)]


READERS = sorted(SEED)


def _reader_property(examples: int) -> Callable[..., None]:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
        derandomize=DERANDOMIZE,
    )
    @given(data=st.data())
    def run(suffix: str, data: st.DataObject) -> None:
        blob = data.draw(mutated(SEED[suffix]), label="bytes")
        with tempfile.TemporaryDirectory() as tmp:
            _no_crash(suffix, _scan_args(suffix, blob, Path(tmp)))

    return run


_reader_ci = _reader_property(CI_EXAMPLES)
_reader_slow = _reader_property(SLOW_EXAMPLES)


@pytest.mark.parametrize("suffix", READERS)
def test_every_reader_survives_mutated_files(suffix: str) -> None:
    _reader_ci(suffix)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", READERS)
def test_every_reader_survives_many_mutated_files(suffix: str) -> None:
    _reader_slow(suffix)


# -- YAML surfaces --------------------------------------------------------------------------

_SCALARS = st.one_of(
    st.sampled_from(
        [
            "~",
            "null",
            "yes",
            "0x1F",
            "1e400",
            "-.inf",
            ".nan",
            "2026-02-30",
            "9999-12-31",
            "'quoted'",
            '"\\u0000"',
            "!!binary aGVsbG8=",
            "!!python/name:os.system",
            "!custom x",
            "*undefined",
            "&a 1",
            "*a",
            "[]",
            "{}",
            "|\n  block",
            "9" * 80,
            "ok_flow",
            "standard_contract",
            "trips",
        ]
    ),
    st.text(max_size=12),
)


@st.composite
def yaml_text(draw: st.DrawFn, depth: int = 0) -> str:
    """YAML-ish text: mappings and lists of drawn keys and scalars, sometimes broken."""
    kind = draw(st.sampled_from(["map", "list", "scalar"] if depth < 4 else ["scalar"]))
    pad = "  " * depth
    if kind == "scalar":
        return str(draw(_SCALARS))
    if kind == "list":
        items = draw(st.lists(yaml_text(depth + 1), max_size=3))
        return "\n" + "".join(f"{pad}- {i}\n" for i in items) if items else "[]"
    keys = st.sampled_from(
        [
            "flows",
            "assets",
            "approvals",
            "id",
            "handler",
            "pack",
            "as_of",
            "name",
            "deid",
            "op",
            "params",
            "kinds",
            "issued",
            "valid_until",
            "counters",
            "facts",
            "store",
            "sensitive_areas",
            "dbc",
            "recipients",
            "<<",
            "? ",
            "a b",
            "中文",
        ]
    )
    pairs = draw(st.lists(st.tuples(keys, yaml_text(depth + 1)), max_size=4))
    return "\n" + "".join(f"{pad}{k}: {v}\n" for k, v in pairs) if pairs else "{}"


def _raw(draw_text: str, noise: bytes) -> bytes:
    return draw_text.encode("utf-8", "surrogatepass") + noise


@pytest.fixture(scope="module")
def pristine_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("fuzzws") / "ws", rows=50, vehicles=5)


#: YAML surface → where the drawn file goes and the command that reads it.
SURFACES = ("inventory", "config", "approvals", "scenario", "pack")


def _yaml_args(surface: str, blob: bytes, tmp: Path, pristine_ws: Path) -> list[str]:
    if surface == "scenario":
        path = tmp / "scenario.yaml"
        path.write_bytes(blob)
        return ["decide", str(path)]
    if surface == "pack":
        pack = tmp / "pack"
        shutil.copytree(default_pack_dir("cn-auto-2026"), pack)
        (pack / "pack.yaml").write_bytes(blob)
        return ["rulebook", "lint", str(pack)]
    ws = tmp / "ws"
    shutil.copytree(pristine_ws, ws)
    target = {
        "inventory": "inventory/flows.yaml",
        "config": "carborder.yaml",
        "approvals": "inventory/approvals.yaml",
    }[surface]
    (ws / target).write_bytes(blob)
    return ["assess", "--workspace", str(ws)]


def _yaml_property(examples: int) -> Callable[..., None]:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        database=None,
        derandomize=DERANDOMIZE,
    )
    @given(text=yaml_text(), noise=st.binary(max_size=8))
    def run(surface: str, pristine_ws: Path, text: str, noise: bytes) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            _no_crash(
                f"yaml:{surface}", _yaml_args(surface, _raw(text, noise), Path(tmp), pristine_ws)
            )

    return run


_yaml_ci = _yaml_property(CI_EXAMPLES)
_yaml_slow = _yaml_property(SLOW_EXAMPLES)


@pytest.mark.parametrize("surface", SURFACES)
def test_every_yaml_surface_survives_drawn_yaml(surface: str, pristine_ws: Path) -> None:
    _yaml_ci(surface, pristine_ws)


@pytest.mark.slow
@pytest.mark.parametrize("surface", SURFACES)
def test_every_yaml_surface_survives_much_drawn_yaml(surface: str, pristine_ws: Path) -> None:
    _yaml_slow(surface, pristine_ws)
