"""scan, inspect and export speak the chosen language, name what they count, and show progress
only on a terminal (never with --quiet, never when piped)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.progress import TimeRemainingColumn, TransferSpeedColumn
from tests.zh_check import english_words, pack_identifiers
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.cli.progress import ScanProgress, progress_bar
from carborder.rulebook import load_pack
from carborder.scan import ProgressEvent

runner = CliRunner()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a table, a CAN log and an MCAP drive log (the demo's generators)."""
    from carborder.demo.vehicle import write_demo_vehicle

    folder = tmp_path_factory.mktemp("data")
    (folder / "roster.csv").write_text(
        "name,phone,city\n张三,13800138000,上海\n李四,13900139000,北京\n", encoding="utf-8"
    )
    write_demo_vehicle(folder)
    return folder


def _identifiers(output: str) -> set[str]:
    """Data read from files (paths, readers, fact names, topic types): the same in any language."""
    ids = set(pack_identifiers(load_pack()))
    ids.update({"csv", "can", "mcap", "parquet", "local", "WGS", "raw"})
    ids.update(re.findall(r"[A-Za-z_]+(?=[=/])", output))
    return ids


def test_scan_in_chinese_is_chinese_and_headers_name_the_units(data: Path) -> None:
    result = runner.invoke(app, ["scan", str(data), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "记录数（" in out and "行" in out and "条消息" in out and "CAN 帧" in out
    assert "通道数（" in out and "个话题" in out
    files = out[out.index("文件") :]
    as_json = runner.invoke(app, ["scan", str(data), "--format", "json"]).stdout
    identity = json.loads(as_json)["details"].get("people.identity_kinds") or []
    words = english_words(files, _identifiers(out) | set(identity))
    assert words == [], sorted(set(words))


def test_scan_headers_in_english_name_the_units(data: Path) -> None:
    result = runner.invoke(app, ["scan", str(data)])
    assert result.exit_code == 0, result.output
    header = next(ln for ln in result.stdout.splitlines() if "records (" in ln)
    assert "rows" in header and "messages" in header and "CAN frames" in header
    assert "channels (" in header and "topics" in header
    assert "1 rows" not in result.stdout  # counts carry their unit, not a bare number


def test_inspect_names_topics_and_can_ids_and_their_counts(data: Path) -> None:
    result = runner.invoke(
        app, ["inspect", str(data / "can_capture.log"), str(data / "adas_drive_log.mcap")]
    )
    assert result.exit_code == 0, result.output
    heads = [ln for ln in result.stdout.splitlines() if ln.startswith("┃")]
    assert "CAN id / signal" in heads[0] and "frames" in heads[0]
    assert "topic" in heads[1] and "messages" in heads[1]
    zh = runner.invoke(app, ["inspect", str(data / "can_capture.log"), "--lang", "zh"])
    assert "CAN 标识 / 信号" in zh.stdout and "帧数" in zh.stdout and "不构成法律意见" in zh.stdout


def test_no_progress_when_piped_or_quiet(data: Path) -> None:
    for extra in ([], ["--quiet"]):
        result = runner.invoke(app, ["scan", str(data / "roster.csv"), *extra])
        assert result.exit_code == 0
        assert "eta" not in result.stderr and "scanning" not in result.stderr


def _terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=160), buf


def test_the_bar_on_a_terminal_shows_rate_records_and_eta() -> None:
    console, buf = _terminal()
    bar = progress_bar(quiet=False, console=console)
    feed = ScanProgress(bar)
    with bar:
        feed(ProgressEvent(5_000_000, 10_000_000, 12_345, 1, 2))
        bar.refresh()
    text = buf.getvalue()
    assert "scanning 1/2 files" in text
    assert "12,345 records" in text and "eta" in text and "MB" in text
    # the rate needs two samples apart in time; the columns are what a bar shows once it has them
    kinds = {type(c) for c in bar.columns}
    assert {TransferSpeedColumn, TimeRemainingColumn} <= kinds


def test_quiet_silences_the_bar_even_on_a_terminal() -> None:
    console, buf = _terminal()
    bar = progress_bar(quiet=True, console=console)
    with bar:
        ScanProgress(bar)(ProgressEvent(1, 2, 3, 1, 2))
        bar.refresh()
    assert buf.getvalue() == ""


def test_the_chinese_bar_is_chinese() -> None:
    console, buf = _terminal()
    bar = progress_bar(quiet=False, console=console, lang="zh")
    with bar:
        ScanProgress(bar, "zh")(ProgressEvent(1, 2, 3, 1, 2))
        bar.refresh()
    assert "扫描中 1/2 个文件" in buf.getvalue() and "条记录" in buf.getvalue()


def test_an_export_rendered_in_chinese_has_no_english_labels(tmp_path: Path) -> None:
    from carborder.cli.commands.export import _render
    from carborder.cli.options import Lang
    from carborder.cli.output import out_console
    from carborder.gateway.result import ExportResult

    result = ExportResult(
        status="released",
        run_id="r1",
        flow="crm_to_hq",
        message="released: flow crm_to_hq",
        message_zh="已导出：流程 crm_to_hq",
        manifest=tmp_path / "manifest.json",
        files=[{"path": "crm.csv", "rows": 2000, "bytes": 197353, "sha256": "0a1b" * 16}],
        counters={"pi.individuals": 5333, "pi.sensitive_individuals": 12},
    )
    with out_console.capture() as captured:
        _render(result, Lang.ZH)
    text = captured.get()
    assert "本年累计" in text and "5,333" in text and "2,000 行" in text
    assert english_words(text, {"crm_to_hq", "crm.csv", str(tmp_path)}) == []
    with out_console.capture() as captured:
        _render(result, Lang.EN)
    assert "year to date" in captured.get() and "2,000 rows" in captured.get()
