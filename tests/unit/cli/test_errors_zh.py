"""Errors under ``--lang zh``: each family through the real CLI, Chinese outside identifiers
and quoted library text (issue 14.2); the English stays as it was.

One case per family of message: missing paths and patterns, sensitive-area GeoJSON, DBC files,
skipped files (table, summary and ``--strict``), a missing workspace or one that exists, the
YAML reader's bounds, a rulebook pack that does not check. Broken inventories are swept by
``test_broken_sweep.py`` (every scenario of ``tests/scenarios/broken``, zh too).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.rulebook.loader import default_pack_dir
from carborder.scan import runners
from carborder.scan.readers import registry as readers

RUNNER = CliRunner()

#: Reader and runner names: identifiers the files table and the summary show in any language.
IDENTIFIERS = {*readers.names(), *runners.RUNNERS}


def _table(tmp: Path) -> Path:
    path = tmp / "trips.csv"
    path.write_text("lat,lon\n31.2304,121.4737\n31.2310,121.4741\n", encoding="utf-8")
    return path


def _areas(tmp: Path, doc: object | str) -> list[str]:
    areas = tmp / "areas.geojson"
    areas.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return ["scan", str(_table(tmp)), "--sensitive-areas", str(areas)]


def _point(tmp: Path) -> list[str]:
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.4, 31.2]}}
    return _areas(tmp, {"type": "FeatureCollection", "features": [point]})


def _dbc(tmp: Path) -> list[str]:
    log = tmp / "frames.log"
    log.write_text("(1.0) can0 123#0011223344556677\n", encoding="utf-8")
    dbc = tmp / "car.dbc"
    dbc.write_bytes(b"BO_ 291 Msg: 8 X\n" + bytes(range(256)))
    return ["scan", str(log), "--dbc", str(dbc)]


def _skips(tmp: Path) -> Path:
    (tmp / "data").mkdir()
    (tmp / "data" / "notes.xyz").write_text("a,b\n", encoding="utf-8")
    (tmp / "data" / "empty.csv").write_bytes(b"")
    return tmp / "data"


def _config(tmp: Path, text: str) -> list[str]:
    assert RUNNER.invoke(app, ["init", str(tmp / "ws")]).exit_code == 0
    (tmp / "ws" / "carborder.yaml").write_text(text, encoding="utf-8")
    return ["assess", "--workspace", str(tmp / "ws")]


def _init_twice(tmp: Path) -> list[str]:
    assert RUNNER.invoke(app, ["init", str(tmp / "ws")]).exit_code == 0
    return ["init", str(tmp / "ws")]


#: case → (command line built in a scratch folder, words the Chinese message must hold)
CASES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "no such path": (lambda t: ["scan", str(t / "missing.parquet")], "不存在"),
    "pattern matches nothing": (lambda t: ["scan", str(t / "*.parquet")], "通配"),
    "areas: a point": (_point, "要素"),
    "areas: not JSON": (lambda t: _areas(t, "{not json"), "不是 JSON"),
    "areas: a list": (lambda t: _areas(t, "[]"), "FeatureCollection"),
    "areas: no features": (lambda t: _areas(t, {"type": "Topology"}), "GeoJSON"),
    "dbc: not a DBC": (_dbc, "DBC"),
    "strict: files skipped": (lambda t: ["scan", str(_skips(t)), "--strict"], "无法扫描"),
    "no workspace": (lambda t: ["assess", "--workspace", str(t)], "此处没有"),
    "workspace exists": (_init_twice, "已存在"),
    "yaml: a huge number": (lambda t: _config(t, f"handler: {{id: x}}\nx: {'9' * 80}\n"), "位"),
    "yaml: an alias cycle": (lambda t: _config(t, "a: &x [*x]\n"), "循环"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_scan_and_workspace_errors_are_chinese_under_lang_zh(case: str, tmp_path: Path) -> None:
    build, says = CASES[case]
    args = build(tmp_path)
    zh = RUNNER.invoke(app, [*args, "--lang", "zh"])
    out = " ".join(zh.output.split())
    assert zh.exit_code == 2 and "Traceback" not in zh.output, out
    assert "错误" in out and says in out, out
    assert english_words(out, IDENTIFIERS) == [], out
    en = RUNNER.invoke(app, args)  # the same error, in English by default
    assert en.exit_code == 2 and "error" in en.output and "错误" not in en.output, en.output


def test_skipped_files_say_why_in_chinese(tmp_path: Path) -> None:
    folder = _skips(tmp_path)
    zh = RUNNER.invoke(app, ["scan", str(folder), "--lang", "zh"])
    out = " ".join(zh.output.split())
    assert zh.exit_code == 0, out
    assert "空文件：文件没有任何字节" in out and "没有读取 `.xyz` 的读取器" in out, out
    assert "跳过 2 个文件" in out
    assert english_words(out, IDENTIFIERS) == [], out
    # the JSON keeps the English reason (a stable head) and carries both languages
    doc = json.loads(RUNNER.invoke(app, ["scan", str(folder), "--format", "json"]).stdout)
    skipped = {Path(f["path"]).name: f for f in doc["files"]}
    assert skipped["empty.csv"]["reason"] == "empty: the file has no bytes"
    assert skipped["empty.csv"]["reason_i18n"]["zh"] == "空文件：文件没有任何字节"
    assert skipped["notes.xyz"]["reason"].startswith("unsupported format: no reader for .xyz")


def _pack(tmp: Path, rel: str, old: str, new: str) -> list[str]:
    """The built-in pack with one edit in ``rel``; ``rulebook lint`` reads it."""
    root = tmp / "pack"
    shutil.copytree(default_pack_dir(), root)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), (rel, old)
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return ["rulebook", "lint", str(root)]


GATE = "gates/surveying_data.yaml"

#: pack fault → (file, pattern, replacement, words the Chinese message must hold)
PACK_CASES: dict[str, tuple[str, str, str, str]] = {
    "id out of place": (GATE, r"^id: gates.surveying_data$", "id: gates.elsewhere", "位置不符"),
    "unknown instrument": (GATE, r"instrument: mnr_notice_2022", "instrument: nope", "法规文件"),
    "unknown fact": (GATE, r"fact: geo.present", "fact: geo.presence", "未知事实"),
    "two comparisons": (GATE, r"^( +)is: foreign_transit$", r"\1is: abroad\n\1in: [x]", "一个比较"),
    "unknown folder": ("pack.yaml", r"\Z", "", "文件夹"),
}


@pytest.mark.parametrize("case", sorted(PACK_CASES))
def test_pack_errors_are_chinese_under_lang_zh(case: str, tmp_path: Path) -> None:
    rel, old, new, says = PACK_CASES[case]
    args = _pack(tmp_path, rel, old, new)
    if case == "unknown folder":
        (tmp_path / "pack" / "misc").mkdir()
        (tmp_path / "pack" / "misc" / "x.yaml").write_text("id: misc.x\n", encoding="utf-8")
    zh = RUNNER.invoke(app, [*args, "--lang", "zh"])
    out = " ".join(zh.output.split())
    assert zh.exit_code == 2 and "Traceback" not in zh.output, out
    assert "错误" in out and says in out, out
    assert english_words(out) == [], out
    en = RUNNER.invoke(app, args)
    assert en.exit_code == 2 and "错误" not in en.output, en.output
