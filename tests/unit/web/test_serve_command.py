"""`carborder serve` speaks the command's language: its start-up lines and its bad options."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app

REPO = Path(__file__).resolve().parents[3]
_MAIN = "import sys; from carborder.cli.main import main; sys.argv[0] = 'carborder'; main()"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_bad_cookie_setting_is_a_usage_error_in_chinese(workspace: Path) -> None:
    args = ["serve", "-w", str(workspace), "--cookie-secure", "maybe"]
    zh = CliRunner().invoke(app, [*args, "--lang", "zh"], env={"COLUMNS": "200"})
    assert zh.exit_code == 2 and "maybe" in zh.output
    assert "值无效" in zh.output and "可选值" in zh.output, zh.output
    en = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert en.exit_code == 2 and "'maybe' is not one of" in en.output


def test_start_up_lines_follow_lang(workspace: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")])}
    args = ["serve", "-w", str(workspace), "--port", str(port), "--lang", "zh"]
    proc = subprocess.Popen(
        [sys.executable, "-c", _MAIN, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "OpenAPI" in line:
                break
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
    text = "".join(lines)
    assert f"http://127.0.0.1:{port}/" in text and "正在为" in text, text
    ours = [ln for ln in lines if "carborder" in ln or "OpenAPI" in ln or "用户" in ln]
    assert ours and all(english_words(ln, {"carborder", "OpenAPI", "API"}) == [] for ln in ours)
