"""Local, process-pool and Ray runners give identical facts on the same files."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from carborder.demo.tabular import write_demo_tabular
from carborder.scan import ScanResult, example_areas_path, scan


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_demo_tabular(out, rows=6000)
    # a file with several row groups so the pool splits it into units
    t = pq.read_table(out / "tsp_trips.parquet")
    pq.write_table(t, out / "tsp_split.parquet", row_group_size=1000)
    return out


def _comparable(r: ScanResult) -> dict[str, object]:
    return {"facts": r.facts, "files": [(f.path, f.rows, f.status) for f in r.files]}


def test_pool_equals_local(demo: Path) -> None:
    local = scan(demo, sensitive_areas=example_areas_path())
    pool = scan(demo, runner="pool", workers=2, sensitive_areas=example_areas_path())
    assert _comparable(pool) == _comparable(local)
    # scans report kinds; the pack's dated mapping makes id_number sensitive at decision time
    assert "id_number" in local.facts["pi.kinds"]
    assert local.facts["pi.sensitive_kinds"] == ["trajectory"]


def test_progress_is_reported(demo: Path) -> None:
    events = []
    scan(demo / "tsp_trips.parquet", progress=events.append)
    assert events and events[-1].bytes_done == events[-1].bytes_total > 0
    assert events[-1].rows_done == 6000 // 500 * 500 or events[-1].rows_done > 0


def test_sample_limits_rows(demo: Path) -> None:
    r = scan(demo / "tsp_trips.parquet", sample=100)
    assert r.sampled and r.files[0].rows == 100


def test_empty_table(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": pa.array([], type=pa.string())}), tmp_path / "e.parquet")
    r = scan(tmp_path)
    assert r.facts == {} and r.files[0].status == "ok"


def test_one_shot_cli_pool_equals_local(demo: Path) -> None:
    # the console script as users run it: the fork server starts early and holds the CLI's
    # imports (workers would otherwise each re-run the script's imports); facts must agree
    import json
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("carborder")
    if not exe.exists():
        pytest.skip(f"no console script next to {sys.executable} (install the package)")

    def run(runner: str) -> dict[str, object]:
        out = subprocess.run(
            [str(exe), "scan", str(demo), "--runner", runner, "--format", "json", "--quiet"],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
        doc = json.loads(out.stdout)
        return {"facts": doc["facts"], "files": [(f["path"], f["rows"]) for f in doc["files"]]}

    assert run("pool") == run("local")


def test_pool_leaves_arrow_threads_as_they_were(demo: Path) -> None:
    # the scanning parent takes its share of the cores for the scan only (an application
    # that calls scan() keeps its own Arrow thread setting)
    import pyarrow as pa

    before = pa.cpu_count()
    scan(demo / "tsp_split.parquet", runner="pool", workers=2)
    assert pa.cpu_count() == before
