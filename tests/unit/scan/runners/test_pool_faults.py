"""The pool runner never turns a lost unit into an empty one: each part comes back or is an error.

A worker killed by a real signal while it holds a unit, or a unit its worker cannot read,
must leave an error naming the part (the scan then fails closed), never clean facts
computed from fewer rows than the file holds.
"""

from __future__ import annotations

import dataclasses
import re
from concurrent.futures import Future
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.pool_faults import KillWorker

from carborder.scan.engine import ScanOptions, ScanState
from carborder.scan.readers.base import Unit
from carborder.scan.readers.tabular import ParquetReader
from carborder.scan.runners import pool


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pool") / "phones.parquet"
    rng = np.random.default_rng(7)
    n = 8000
    phones = [f"13{d:09d}" for d in rng.integers(0, 10**9, n)]
    pq.write_table(pa.table({"phone": phones, "n": np.arange(n)}), path, row_group_size=1000)
    return path


def _units(path: Path) -> list[Unit]:
    # one unit per row group, so that several are in flight when one worker dies
    units = ParquetReader().units(path, target_bytes=1, parts=2)
    assert len(units) >= 4
    return units


def _lost_parts(reasons: list[str], count: int) -> set[int]:
    found = {int(m.group(1)) - 1 for r in reasons for m in [re.search(r"part (\d+) of", r)] if m}
    assert all(f"of {count} " in r for r in reasons)
    return found


def test_a_worker_killed_mid_unit_is_an_error_not_an_empty_part(table: Path) -> None:
    # every unit kills the worker that receives it; the scanning parent never unpickles
    # its own units, so it scans the rest and only the units handed to a worker are lost
    units = [
        dataclasses.replace(u, extra={**u.extra, "fault": KillWorker()}) for u in _units(table)
    ]
    result = pool.run(units, ScanOptions(), workers=2).result()
    assert result.errors, "a killed worker's unit vanished without an error"
    assert {e.code for e in result.errors} == {"scan-worker"}
    lost = _lost_parts([e.reason for e in result.errors], len(units))
    assert len(lost) == len(result.errors)
    # every byte of the file is either scanned or in a part named as lost
    report = result.files[0]
    assert report.status == "error"
    assert report.bytes + sum(units[i].size for i in lost) == sum(u.size for u in units)
    assert report.rows == 8000 - sum(1000 for _ in lost)
    # both languages say which part is missing
    assert all(e.reason_i18n.get("zh") and "部分" in e.reason_i18n["zh"] for e in result.errors)


def test_a_unit_its_worker_cannot_read_is_an_error(table: Path) -> None:
    units = _units(table)
    units[1] = dataclasses.replace(units[1], reader="no-such-reader")
    result = pool.run(units, ScanOptions(), workers=2).result()
    assert [e.path for e in result.errors] == [str(table)]
    assert result.files[0].status == "error"


def test_a_result_that_does_not_cover_its_unit_is_an_error(table: Path) -> None:
    unit = _units(table)[0]
    done: Future[ScanState] = Future()
    done.set_result(ScanState())  # a state for no unit at all
    state = pool._outcome(done, unit, 0, 4)
    assert state.files[unit.path].status == "error"
    assert "part 1 of 4" in state.errors[0].reason
