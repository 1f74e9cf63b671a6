"""The Ray runner driven the way users run it: a cluster started with ``ray start --head`` in
its own process, then ``carborder scan ... --ray-address``; DBC files reach the workers
through the job's runtime environment, not through the submitting machine's paths."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from carborder.demo.tabular import write_demo_tabular
from carborder.scan import scan

pytest.importorskip("ray")
pytest.importorskip("cantools")
pytest.importorskip("opendbc")

from tests.can_logs import mqb_dbc_path, write_vin_log

from carborder.scan.readers.can import load_dbc

BIN = Path(sys.executable).parent
# Ray on Linux advertises the machine's network address; RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0
# keeps the cluster, the driver and the workers on 127.0.0.1. This throwaway loopback cluster
# runs without Ray's token authentication (a real cluster keeps it: see the README).
ENV = {
    **os.environ,
    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_AUTH_MODE": "disabled",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ray_head() -> Iterator[str]:
    port = _free_port()
    # short: Ray puts unix sockets under it
    temp = tempfile.mkdtemp(prefix="cbray", dir="/tmp")
    proc = subprocess.Popen(
        [
            str(BIN / "ray"),
            "start",
            "--head",
            f"--port={port}",
            "--num-cpus=2",
            "--include-dashboard=false",
            "--disable-usage-stats",
            f"--temp-dir={temp}",
            "--block",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
        start_new_session=True,
    )
    ready = threading.Event()
    lines: list[str] = []

    def watch() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "Ray runtime started" in line:
                ready.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        if not ready.wait(180):
            pytest.fail("ray start --head did not come up:\n" + "".join(lines[-20:]))
        yield f"127.0.0.1:{port}"
    finally:
        # the head and everything it started share the session we gave it
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
        if proc.stdout is not None:
            proc.stdout.close()
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("raydata")
    write_demo_tabular(out, rows=3000)
    write_vin_log(out / "vin.log", load_dbc([mqb_dbc_path()]))
    return out


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "carborder"), *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_cli_on_a_ray_cluster_equals_local(ray_head: str, data: Path, tmp_path: Path) -> None:
    # the DBC lives in a folder the workers never see by path: only the runtime env carries it
    private = tmp_path / "private-dbc"
    private.mkdir()
    for f in mqb_dbc_path().parent.glob("*.dbc"):
        shutil.copy2(f, private / f.name)
    dbc = private / mqb_dbc_path().name
    got = _cli(
        "scan",
        str(data),
        "--ray-address",
        ray_head,
        "--dbc",
        str(dbc),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert got.returncode == 0, got.stdout[-2000:] + got.stderr[-2000:]
    doc = json.loads(got.stdout)
    local = scan(data, dbc=[dbc])
    assert doc["facts"] == json.loads(local.model_dump_json())["facts"]
    assert "vin" in doc["facts"]["pi.kinds"]
    assert doc["details"]["runner"] == "ray"


def test_missing_ray_names_the_extra(data: Path, tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "from carborder.cli.main import main\n"
        f"sys.argv = ['carborder', 'scan', {str(data / 'tsp_trips.parquet')!r}, '--runner', 'ray']\n"
        "main()\n"
    )
    got = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert got.returncode == 2, got.stderr[-2000:]
    assert "carborder[ray]" in got.stdout + got.stderr
    assert "Traceback" not in got.stderr
