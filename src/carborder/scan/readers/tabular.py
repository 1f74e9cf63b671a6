"""Tabular readers: Parquet, CSV/TSV (any encoding incl. GB18030/GBK), JSON Lines, Arrow IPC."""

from __future__ import annotations

import gzip
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.ipc as ipc
import pyarrow.json as pajson
import pyarrow.parquet as pq

from carborder.errors import Msg, ScanInputError
from carborder.scan.readers.base import DEFAULT_BATCH_ROWS, Reader, Unit
from carborder.scan.readers.registry import register

__all__ = [
    "ArrowIpcReader",
    "CsvReader",
    "JsonLinesReader",
    "ParquetReader",
    "detect_encoding",
    "hive_partitions",
]

_HIVE = re.compile(r"^([^=/]+)=([^/]*)$")
_ENCODING_PROBE = 1 << 16
_KEEP_NUMERIC = re.compile(r"(?i)(lat|lon|lng|long|纬度|经度|time|ts|speed|alt|heading|epoch)")


def hive_partitions(path: Path) -> dict[str, str]:
    """``key=value`` directory names of a hive-partitioned dataset, outermost first.

    >>> hive_partitions(Path("/lake/trips/city=sh/day=2024-05-01/part-0.parquet"))
    {'city': 'sh', 'day': '2024-05-01'}
    """
    out = {}
    for part in path.parent.parts:
        m = _HIVE.match(part)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _with_partitions(batch: pa.RecordBatch, parts: dict[str, str]) -> pa.RecordBatch:
    if not parts:
        return batch
    arrays = list(batch.columns)
    names = list(batch.schema.names)
    for k, v in parts.items():
        if k not in names:
            arrays.append(pa.array([v] * batch.num_rows, type=pa.string()))
            names.append(k)
    return pa.RecordBatch.from_arrays(arrays, names=names)


def _balance(units: list[Unit], meta: pq.FileMetaData, parts: int) -> list[Unit]:
    """Split the trailing single-row-group units so ``parts`` workers finish together.

    ``n % parts`` units would otherwise run while the other workers idle; each of them is
    cut into ``parts`` row ranges on ``DEFAULT_BATCH_ROWS`` boundaries (a worker then
    decodes and skips the rows before its range: cheap next to scanning them).

    >>> import pyarrow as pa, pyarrow.parquet as pq, tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "t.parquet")
    >>> pq.write_table(pa.table({"x": range(6 * DEFAULT_BATCH_ROWS)}), p,
    ...                row_group_size=2 * DEFAULT_BATCH_ROWS)
    >>> us = [Unit(p, "parquet", (i,), 1) for i in range(3)]
    >>> [(u.part, u.extra.get("rows")) for u in _balance(us, pq.ParquetFile(p).metadata, 2)]
    [((0,), None), ((1,), None), ((2,), (0, 262144)), ((2,), (262144, 524288))]
    """
    extra = len(units) % parts if parts > 1 else 0
    if not extra:
        return units
    out = list(units[: len(units) - extra])
    for u in units[len(units) - extra :]:
        n_rows = meta.row_group(u.part[0]).num_rows if u.part and len(u.part) == 1 else 0
        n_batches = -(-n_rows // DEFAULT_BATCH_ROWS)
        pieces = min(parts, n_batches)
        if pieces < 2:
            out.append(u)
            continue
        bounds = [DEFAULT_BATCH_ROWS * (n_batches * k // pieces) for k in range(pieces)]
        bounds.append(n_rows)
        for a, b in itertools.pairwise(bounds):
            out.append(Unit(u.path, u.reader, u.part, u.size * (b - a) // n_rows, {"rows": (a, b)}))
    return out


def _fail(path: str, exc: Exception) -> ScanInputError:
    return ScanInputError(
        Msg("err-reader-failed", detail=f"{type(exc).__name__}: {exc}".splitlines()[0][:300]),
        file=path,
    )


@register
class ParquetReader(Reader):
    """Parquet files, streamed by row groups; hive ``key=value`` folders become columns."""

    name: ClassVar[str] = "parquet"
    suffixes: ClassVar[tuple[str, ...]] = (".parquet", ".pq", ".parq")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Parquet files start with ``PAR1``."""
        return head.startswith(b"PAR1")

    def units(self, path: Path, *, target_bytes: int, parts: int = 1) -> list[Unit]:
        """One unit per run of row groups totalling about ``target_bytes``.

        When the row-group units do not divide evenly among ``parts`` workers, the last
        ones are split into row ranges on batch boundaries (``extra["rows"]``), so every
        worker gets about the same number of rows and batches stay those of a whole read.
        """
        try:
            meta = pq.ParquetFile(path).metadata
        except (OSError, pa.ArrowException) as exc:
            raise _fail(str(path), exc) from exc
        units: list[Unit] = []
        group: list[int] = []
        size = 0
        for i in range(meta.num_row_groups):
            group.append(i)
            size += meta.row_group(i).total_byte_size
            if size >= target_bytes:
                units.append(Unit(str(path), self.name, tuple(group), size))
                group, size = [], 0
        if group or not units:
            units.append(Unit(str(path), self.name, tuple(group), size))
        units = _balance(units, meta, parts)
        if len(units) == 1:
            return [Unit(str(path), self.name, None, path.stat().st_size)]
        total = sum(u.size for u in units) or 1
        disk = path.stat().st_size
        sizes = [u.size * disk // total for u in units]
        sizes[-1] += disk - sum(sizes)  # rounding: the parts add up to the file
        return [
            Unit(u.path, u.reader, u.part, size, u.extra)
            for u, size in zip(units, sizes, strict=True)
        ]

    def batches(
        self, unit: Unit, *, batch_rows: int = DEFAULT_BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Stream row groups as batches (only a unit's row range, when it has one)."""
        parts = hive_partitions(Path(unit.path))
        rows = unit.extra.get("rows")
        start, stop = (int(rows[0]), int(rows[1])) if rows is not None else (0, -1)
        try:
            # no pre-buffering: it keeps every requested row group's bytes until the reader
            # ends (a 1.3 GB unit held ~1.2 GB); read one column chunk at a time instead
            pf = pq.ParquetFile(unit.path, pre_buffer=False)
            groups = list(unit.part) if unit.part is not None else None
            if groups == []:
                return
            pos = 0
            for b in pf.iter_batches(batch_size=batch_rows, row_groups=groups):
                end = pos + b.num_rows
                if rows is not None:
                    # Parquet cannot seek to a row: earlier batches are decoded and skipped
                    if end <= start:
                        pos = end
                        continue
                    if pos >= stop:
                        break
                    b = b.slice(max(start - pos, 0), min(stop, end) - max(start, pos))
                pos = end
                yield _with_partitions(b, parts)
        except (OSError, pa.ArrowException) as exc:
            raise _fail(unit.path, exc) from exc

    def comments(self, unit: Unit) -> dict[str, str]:
        """Field metadata ``comment``/``description`` (as written by Spark and Hive)."""
        try:
            schema = pq.read_schema(unit.path)
        except (OSError, pa.ArrowException):
            return {}
        out = {}
        for f in schema:
            md = f.metadata or {}
            for key in (b"comment", b"description"):
                if key in md:
                    out[f.name] = md[key].decode("utf-8", "replace")
        return out


def detect_encoding(path: Path) -> str:
    r"""Guess a text file's encoding from its first 64 KiB; GBK/GB2312 read as GB18030.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False, suffix=".csv") as f:
    ...     _ = f.write("姓名,手机号\n张三,13800138000\n李四,13900139000\n".encode("gbk"))
    >>> detect_encoding(Path(f.name)); os.unlink(f.name)
    'gb18030'
    """
    from charset_normalizer import from_bytes

    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        head = fh.read(_ENCODING_PROBE)
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the probe's end is still UTF-8.
        if exc.start >= len(head) - 3:
            return "utf-8"
    best = from_bytes(head).best()
    enc = (best.encoding if best is not None else "gb18030").lower().replace("_", "")
    if enc in ("gbk", "gb2312", "cp936", "gb18030", "hz") or best is None:
        return "gb18030"
    if enc not in ("big5", "cp950", "big5hkscs") and _decodes_as_gb18030(head):
        # Short or mostly-ASCII GBK samples are often guessed as cp874/cp949/latin-1; bytes that
        # are valid GB18030 (and not UTF-8) are read as the mainland encoding they most likely are.
        return "gb18030"
    return enc


def _decodes_as_gb18030(head: bytes) -> bool:
    try:
        head.decode("gb18030")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the probe's end
    return True


def _delimiter(path: Path, encoding: str) -> str:
    if path.name.lower().endswith((".tsv", ".tsv.gz", ".tab")):
        return "\t"
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        line = fh.readline(1 << 14).decode(encoding, "replace")
    counts = {d: line.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


@register
class CsvReader(Reader):
    """Delimited text (CSV, TSV, gzip-compressed too), streamed block by block.

    Integer-looking columns are read as text (phones, IDs and card numbers are identifiers,
    not numbers), except coordinates and times.
    """

    name: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (
        ".csv",
        ".tsv",
        ".tab",
        ".txt",
        ".csv.gz",
        ".tsv.gz",
        ".txt.gz",
    )

    def batches(
        self, unit: Unit, *, batch_rows: int = DEFAULT_BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Stream the file in blocks."""
        path = Path(unit.path)
        parts = hive_partitions(path)
        try:
            enc = detect_encoding(path)
            read = pacsv.ReadOptions(encoding=enc, block_size=1 << 22)
            parse = pacsv.ParseOptions(delimiter=_delimiter(path, enc), newlines_in_values=False)
            with pacsv.open_csv(unit.path, read_options=read, parse_options=parse) as probe:
                schema = probe.schema
            types = {
                f.name: pa.string()
                for f in schema
                if pa.types.is_integer(f.type) and not _KEEP_NUMERIC.search(f.name)
            }
            conv = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True)
            with pacsv.open_csv(
                unit.path, read_options=read, parse_options=parse, convert_options=conv
            ) as rd:
                for b in rd:
                    yield _with_partitions(b, parts)
        except (OSError, pa.ArrowException, UnicodeError, LookupError) as exc:
            raise _fail(unit.path, exc) from exc


@register
class JsonLinesReader(Reader):
    """Newline-delimited JSON; nested objects become struct and list columns."""

    name: ClassVar[str] = "jsonl"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz")

    def batches(
        self, unit: Unit, *, batch_rows: int = DEFAULT_BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Stream the file in blocks."""
        parts = hive_partitions(Path(unit.path))
        try:
            read = pajson.ReadOptions(block_size=1 << 22)
            with pajson.open_json(unit.path, read_options=read) as rd:
                for b in rd:
                    yield _with_partitions(b, parts)
        except (OSError, pa.ArrowException) as exc:
            raise _fail(unit.path, exc) from exc


@register
class ArrowIpcReader(Reader):
    """Arrow IPC files and streams, Feather v2."""

    name: ClassVar[str] = "arrow"
    suffixes: ClassVar[tuple[str, ...]] = (".arrow", ".feather", ".ipc", ".arrows")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Arrow IPC files start with ``ARROW1``."""
        return head.startswith(b"ARROW1")

    def batches(
        self, unit: Unit, *, batch_rows: int = DEFAULT_BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Yield the stored batches, re-sliced to at most ``batch_rows``."""
        parts = hive_partitions(Path(unit.path))
        try:
            source = pa.memory_map(unit.path)
            try:
                reader: ipc.RecordBatchFileReader | ipc.RecordBatchStreamReader = ipc.open_file(
                    source
                )
                it: Iterator[pa.RecordBatch] = (
                    reader.get_batch(i) for i in range(reader.num_record_batches)
                )
            except pa.ArrowInvalid:
                source = pa.memory_map(unit.path)
                it = iter(ipc.open_stream(source))
            for b in it:
                # IPC reading trusts the file's offsets and lengths; a corrupt file would make
                # later compute kernels read out of bounds (a segfault, not an error), so every
                # batch is fully validated before any detector touches it.
                b.validate(full=True)
                for off in range(0, max(b.num_rows, 1), batch_rows):
                    yield _with_partitions(b.slice(off, batch_rows), parts)
        except (OSError, pa.ArrowException) as exc:
            raise _fail(unit.path, exc) from exc
