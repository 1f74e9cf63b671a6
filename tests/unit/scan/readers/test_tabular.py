"""Readers: encodings, nested JSON, Arrow IPC, hive partitions, corrupt files, expansion."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq
import pytest

from carborder.errors import ScanInputError
from carborder.scan import scan
from carborder.scan.readers import expand, reader_for
from carborder.scan.readers.tabular import CsvReader, detect_encoding


def _batches(path: Path) -> pa.Table:
    cls = reader_for(path)
    assert cls is not None
    r = cls()
    return pa.Table.from_batches(
        [b for u in r.units(path, target_bytes=1 << 30) for b in r.batches(u)]
    )


def test_gbk_csv_is_detected_and_decoded(tmp_path: Path) -> None:
    p = tmp_path / "crm.csv"
    rows = [
        "姓名,手机号,身份证号",
        "张三,13800138000,11010519491231002X",
        "李四,13900139000,110105194912310021",
    ]
    p.write_bytes(("\n".join(rows * 30) + "\n").encode("gbk"))
    assert detect_encoding(p) == "gb18030"
    t = _batches(p)
    assert t.column_names == ["姓名", "手机号", "身份证号"]
    assert t.column("手机号").type == pa.string()  # identifiers stay text
    assert t.column("姓名")[0].as_py() == "张三"


def test_tsv_and_delimiter_sniffing(tmp_path: Path) -> None:
    p = tmp_path / "x.tsv"
    p.write_text("vin\tlat\nLSVAU218XN2183294\t31.2\n", encoding="utf-8")
    assert _batches(p).column_names == ["vin", "lat"]
    q = tmp_path / "y.txt"
    q.write_text("a;b\n1;2\n", encoding="utf-8")
    assert _batches(q).column_names == ["a", "b"]


def test_nested_json_lines_are_walked(tmp_path: Path) -> None:
    p = tmp_path / "events.jsonl"
    recs = [
        {
            "vehicle": {"vin": "LSVAU218XN2183294"},
            "owner": {"contact": {"phone": "13800138000"}},
            "track": [
                {"lat": 31.2301, "lon": 121.4701, "t": 1},
                {"lat": 31.2302, "lon": 121.4702, "t": 2},
            ],
        }
    ] * 5
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    res = scan(p)
    assert {"vin", "phone"} <= set(res.facts["pi.kinds"])  # type: ignore[arg-type]
    cols = {e.column for e in res.evidence["pi.kinds"]}
    assert "owner.contact.phone" in cols
    assert res.facts["geo.present"] is True


def test_arrow_ipc_and_feather(tmp_path: Path) -> None:
    t = pa.table({"phone": ["13800138000"] * 10})
    feather.write_feather(t, tmp_path / "a.feather")
    assert scan(tmp_path / "a.feather").facts["pi.kinds"] == ["phone"]


def test_hive_partition_values_become_columns(tmp_path: Path) -> None:
    d = tmp_path / "lake" / "vin=LSVAU218XN2183294" / "day=2026-05-01"
    d.mkdir(parents=True)
    pq.write_table(pa.table({"speed": [1.0, 2.0]}), d / "part-0.parquet")
    res = scan(tmp_path / "lake")
    assert res.facts["pi.kinds"] == ["vin"]
    assert res.evidence["pi.kinds"][0].column == "vin"


def test_corrupt_parquet_is_reported_and_the_rest_continues(tmp_path: Path) -> None:
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 this is not parquet at all PAR1")
    pq.write_table(pa.table({"phone": ["13800138000"] * 3}), tmp_path / "good.parquet")
    res = scan(tmp_path)
    assert [e.path.endswith("bad.parquet") for e in res.errors] == [True]
    assert res.errors[0].reason
    assert res.facts["pi.kinds"] == ["phone"]
    status = {Path(f.path).name: f.status for f in res.files}
    assert status == {"bad.parquet": "error", "good.parquet": "ok"}


def test_unknown_files_are_skipped_not_failed(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("hello", encoding="utf-8")
    res = scan(tmp_path)
    assert res.errors == [] and res.files[0].status == "skipped"


def test_expand_globs_dirs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "a" / ".hidden.csv").write_text("a\n1\n", encoding="utf-8")
    assert [p.name for p in expand([tmp_path])] == ["x.csv"]
    assert [p.name for p in expand([str(tmp_path / "**" / "*.csv")])] == ["x.csv"]
    with pytest.raises(ScanInputError, match="no such file"):
        expand([tmp_path / "nope"])


def test_reader_by_sniffing(tmp_path: Path) -> None:
    pq.write_table(pa.table({"a": [1]}), tmp_path / "noext")
    cls = reader_for(tmp_path / "noext")
    assert cls is not None and cls.name == "parquet"
    assert reader_for(tmp_path / "x.csv.gz") is CsvReader


def test_parquet_is_streamed_in_bounded_batches(tmp_path: Path) -> None:
    p = tmp_path / "big.parquet"
    pq.write_table(pa.table({"x": list(range(5000))}), p, row_group_size=1000)
    cls = reader_for(p)
    assert cls is not None
    sizes = [
        b.num_rows for u in cls().units(p, target_bytes=1) for b in cls().batches(u, batch_rows=700)
    ]
    assert max(sizes) <= 700 and sum(sizes) == 5000


def test_parquet_units_balance_on_batch_boundaries(tmp_path: Path) -> None:
    from carborder.scan.readers.base import DEFAULT_BATCH_ROWS
    from carborder.scan.readers.tabular import ParquetReader

    p = tmp_path / "wide.parquet"
    n = 3 * DEFAULT_BATCH_ROWS + 1234
    # three row groups: two full-size, one of two batches and a bit
    pq.write_table(pa.table({"x": pa.array(range(n))}), p, row_group_size=n // 3 + 1)
    r = ParquetReader()
    whole = [b for u in r.units(p, target_bytes=1, parts=1) for b in r.batches(u)]
    units = r.units(p, target_bytes=1, parts=2)
    assert len(units) == 4  # the odd row group is cut in two row ranges
    assert sum(u.size for u in units) == p.stat().st_size
    split = [b for u in units for b in r.batches(u)]
    # every row once, in the same batches a whole read gives
    assert [len(b) for b in split] == [len(b) for b in whole]
    got = pa.Table.from_batches(split).column("x").to_pylist()
    assert got == list(range(n))


def test_parquet_batches_hold_one_row_group_not_the_whole_unit(tmp_path: Path) -> None:
    """Arrow's pre-buffering kept every requested row group until the reader ended."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from carborder.scan.readers.base import Unit
    from carborder.scan.readers.tabular import ParquetReader

    rng = np.random.default_rng(0)
    path = tmp_path / "groups.parquet"
    groups = 12
    with pq.ParquetWriter(path, pa.schema([("v", pa.string())]), compression="none") as w:
        for _ in range(groups):
            vals = rng.integers(0, 1 << 62, 50_000).astype(str)
            w.write_table(pa.table({"v": vals}), row_group_size=50_000)
    group_bytes = path.stat().st_size // groups
    unit = Unit(str(path), "parquet", tuple(range(groups)), path.stat().st_size)
    base = pa.total_allocated_bytes()
    peak = 0
    rows = 0
    for b in ParquetReader().batches(unit, batch_rows=10_000):
        peak = max(peak, pa.total_allocated_bytes() - base)
        rows += b.num_rows
    assert rows == groups * 50_000
    assert peak < 4 * group_bytes
