"""Table formats of export inputs and outputs: an export keeps the input's format by default.

A GBK CSV roster leaves as a GBK (GB18030) CSV with the same delimiter, quoting, line ends and
byte-order mark; Parquet stays Parquet, JSON Lines stay JSON Lines, Arrow IPC stays Arrow IPC.
``--output-format`` picks another. The manifest records each output file's format.

Every writer is deterministic (fixed options, no timestamps, gzip without name or mtime), so
the same input and plan give the same bytes and a rerun is recognised as ``unchanged``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any, Literal, cast

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from carborder.errors import InputError, Msg

__all__ = [
    "OUTPUT_FORMATS",
    "PARQUET",
    "TableFormat",
    "detect_table_format",
    "output_format",
    "output_name",
    "table_rows",
    "write_table",
]

Kind = Literal["parquet", "csv", "jsonl", "arrow"]

#: Choices of ``--output-format`` (``keep``: the input's own format).
OUTPUT_FORMATS = ("keep", "parquet", "csv", "tsv", "jsonl", "arrow")

_CSV_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_ARROW_SUFFIXES = (".arrow", ".feather", ".ipc", ".arrows")


@dataclass(frozen=True)
class TableFormat:
    r"""How a table is (or will be) written.

    Attributes:
        kind: ``parquet``, ``csv``, ``jsonl`` or ``arrow``.
        encoding: Text encoding (CSV, JSON Lines); GBK files are read and written as GB18030,
            its superset (identical bytes for every GBK character).
        delimiter: CSV field separator.
        quoting: ``minimal`` (quote only values holding the delimiter, a quote or a line end)
            or ``all`` (quote every value).
        newline: CSV line end (``\n`` or ``\r\n``).
        bom: Whether the text starts with a UTF-8 byte-order mark.
        gzip: Whether the file is gzip-compressed (``.csv.gz``...).
        suffix: The file-name suffix (``.csv``, ``.tsv.gz``, ``.parquet``...).
    """

    kind: Kind
    encoding: str = "utf-8"
    delimiter: str = ","
    quoting: Literal["minimal", "all"] = "minimal"
    newline: str = "\n"
    bom: bool = False
    gzip: bool = False
    suffix: str = ".parquet"

    def manifest(self) -> dict[str, Any]:
        """What the manifest records (text settings only for text formats)."""
        data = asdict(self)
        if self.kind in ("parquet", "arrow"):
            return {"kind": self.kind}
        if self.kind == "jsonl":
            return {"kind": "jsonl", "encoding": self.encoding, "gzip": self.gzip}
        return data


#: Parquet with default settings (the format of Parquet inputs and of ``--output-format parquet``).
PARQUET = TableFormat("parquet")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in (*_CSV_SUFFIXES, *_JSONL_SUFFIXES):
        if name.endswith(s + ".gz"):
            return s + ".gz"
    return path.suffix.lower()


def detect_table_format(path: Path) -> TableFormat:
    r"""The format of a tabular input, as the readers read it (encoding, delimiter, quoting...).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = Path(d, "r.csv")
    >>> rows = '"姓名";"电话";"备注"\r\n' + '"张三";"13800138000";"已交车，回访客户"\r\n' * 20
    >>> _ = p.write_bytes(rows.encode("gbk"))
    >>> f = detect_table_format(p); (f.kind, f.encoding, f.delimiter, f.quoting, f.newline)
    ('csv', 'gb18030', ';', 'all', '\r\n')
    """
    suffix = _suffix(path)
    zipped = suffix.endswith(".gz")
    if suffix == ".parquet" or suffix in (".pq", ".parq"):
        return TableFormat("parquet", suffix=suffix)
    if suffix in _ARROW_SUFFIXES:
        return TableFormat("arrow", suffix=suffix)
    if suffix.removesuffix(".gz") in _JSONL_SUFFIXES:
        return TableFormat("jsonl", gzip=zipped, suffix=suffix)
    from carborder.scan.readers.tabular import detect_encoding

    encoding = detect_encoding(path)
    opener = gzip.open if zipped else open
    with opener(path, "rb") as fh:
        head = fh.read(1 << 16)
    bom = head.startswith(b"\xef\xbb\xbf")
    text = head.decode(encoding, "replace").removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    first = lines[0] if lines else ""
    newline = "\r\n" if first.endswith("\r\n") else "\n"
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    delimiter = (
        "\t"
        if suffix.removesuffix(".gz") in (".tsv", ".tab")
        else (max(counts, key=lambda d: counts[d]) if any(counts.values()) else ",")
    )
    sample = [ln.rstrip("\r\n") for ln in lines[:2] if ln.strip()]
    fields = [f for ln in sample for f in ln.split(delimiter)]
    quoted = bool(fields) and all(len(f) >= 2 and f[0] == f[-1] == '"' for f in fields)
    return TableFormat(
        "csv",
        encoding=encoding,
        delimiter=delimiter,
        quoting="all" if quoted else "minimal",
        newline=newline,
        bom=bom,
        gzip=zipped,
        suffix=suffix,
    )


def output_format(input_format: TableFormat, choice: str = "keep") -> TableFormat:
    r"""The format an output is written in: the input's (``keep``) or the one chosen.

    A chosen text format keeps the input's encoding and gzip when the input was text too.

    >>> output_format(TableFormat("csv", encoding="gb18030", suffix=".csv"), "parquet").suffix
    '.parquet'
    >>> output_format(TableFormat("parquet"), "tsv").delimiter
    '\t'

    Raises:
        InputError: an unknown choice.
    """
    if choice == "keep":
        return input_format
    text = input_format.kind in ("csv", "jsonl")
    encoding = input_format.encoding if text else "utf-8"
    zipped = input_format.gzip if text else False
    gz = ".gz" if zipped else ""
    if choice == "parquet":
        return TableFormat("parquet", suffix=".parquet")
    if choice == "arrow":
        return TableFormat("arrow", suffix=".arrow")
    if choice == "jsonl":
        return TableFormat("jsonl", encoding=encoding, gzip=zipped, suffix=".jsonl" + gz)
    if choice in ("csv", "tsv"):
        keep = input_format if input_format.kind == "csv" else TableFormat("csv")
        return replace(
            keep,
            kind="csv",
            encoding=encoding,
            delimiter="\t"
            if choice == "tsv"
            else ("," if keep.delimiter == "\t" else keep.delimiter),
            gzip=zipped,
            suffix=(".tsv" if choice == "tsv" else ".csv") + gz,
        )
    raise InputError(
        Msg("err-unknown-output-format", choice=choice),
        key="output-format",
        hint=Msg("hint-choose-one-of", choices=", ".join(OUTPUT_FORMATS)),
    )


def output_name(input_path: Path, fmt: TableFormat) -> tuple[str, str]:
    """(stem, suffix) of an output: the input's stem with the output format's suffix.

    >>> output_name(Path("crm.csv.gz"), TableFormat("parquet"))
    ('crm', '.parquet')
    """
    suffix = _suffix(input_path)
    stem = (
        input_path.name[: -len(suffix)]
        if suffix and input_path.name.lower().endswith(suffix)
        else input_path.stem
    )
    return stem, fmt.suffix


def write_table(
    path: Path, fmt: TableFormat, schema: pa.Schema, batches: Iterator[pa.RecordBatch]
) -> int:
    """Write batches in ``fmt`` deterministically; return the rows written."""
    if fmt.kind == "parquet":
        from carborder.gateway._io import write_parquet

        return write_parquet(path, schema, batches)
    if fmt.kind == "arrow":
        return _write_arrow(path, schema, batches)
    with path.open("wb") as raw:
        sink: IO[bytes] = (
            cast(IO[bytes], gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0))
            if fmt.gzip
            else raw
        )
        try:
            if fmt.bom:
                sink.write(b"\xef\xbb\xbf")
            if fmt.kind == "jsonl":
                return _write_jsonl(sink, fmt, batches)
            return _write_csv(sink, fmt, schema, batches)
        finally:
            if sink is not raw:
                sink.close()


def _write_arrow(path: Path, schema: pa.Schema, batches: Iterator[pa.RecordBatch]) -> int:
    rows = 0
    with pa.OSFile(str(path), "wb") as f, ipc.new_file(f, schema) as writer:
        for b in batches:
            if b.num_rows:
                writer.write_batch(b.cast(schema) if b.schema != schema else b)
                rows += b.num_rows
    return rows


def _encode(data: bytes, encoding: str) -> bytes:
    return data if encoding in ("utf-8", "utf8", "ascii") else data.decode("utf-8").encode(encoding)


def _write_csv(
    sink: IO[bytes], fmt: TableFormat, schema: pa.Schema, batches: Iterator[pa.RecordBatch]
) -> int:
    rows = 0
    sink.write(_encode(_header(fmt, schema), fmt.encoding))
    for b in batches:
        if b.num_rows == 0:
            continue
        b = b.cast(schema) if b.schema != schema else b
        sink.write(_encode(_csv_rows(fmt, b), fmt.encoding))
        rows += b.num_rows
    return rows


def _needs_quotes(value: str, fmt: TableFormat) -> bool:
    return any(c in value for c in (fmt.delimiter, '"', "\r", "\n"))


def _header(fmt: TableFormat, schema: pa.Schema) -> bytes:
    if fmt.quoting == "all":
        return _python_csv(fmt, [schema.names], quote_all=True)
    if any(_needs_quotes(n, fmt) for n in schema.names):
        return _python_csv(fmt, [schema.names], quote_all=False)
    return (fmt.delimiter.join(schema.names) + fmt.newline).encode("utf-8")


def _csv_rows(fmt: TableFormat, batch: pa.RecordBatch) -> bytes:
    """One batch of CSV rows (UTF-8): Arrow's writer, or Python's for values needing quotes.

    Arrow cannot quote only the values that need it (it quotes every string), so a minimal
    batch is written unquoted by Arrow, and only a batch holding a delimiter, quote or line end
    goes through the ``csv`` module — with the same text for every value (Arrow's casts).
    """
    buf = io.BytesIO()
    style = "all_valid" if fmt.quoting == "all" else "none"
    options = pacsv.WriteOptions(
        include_header=False, delimiter=fmt.delimiter, quoting_style=style, eol=fmt.newline
    )
    try:
        pacsv.write_csv(batch, buf, options)
        return buf.getvalue()
    except pa.ArrowInvalid:
        pass
    columns = [
        pc.cast(col, pa.string()).to_pylist()
        if not pa.types.is_string(col.type)
        else col.to_pylist()
        for col in batch.columns
    ]
    return _python_csv(fmt, list(zip(*columns, strict=True)), quote_all=False)


def _python_csv(fmt: TableFormat, rows: list[Any], *, quote_all: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=fmt.delimiter,
        lineterminator=fmt.newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _write_jsonl(sink: IO[bytes], fmt: TableFormat, batches: Iterator[pa.RecordBatch]) -> int:
    rows = 0
    for b in batches:
        lines = (
            json.dumps(r, ensure_ascii=False, sort_keys=False, default=str) + "\n"
            for r in b.to_pylist()
        )
        sink.write("".join(lines).encode(fmt.encoding))
        rows += b.num_rows
    return rows


def table_rows(path: Path) -> int | None:
    """Rows of a table file by its suffix (None: not a table; -1: unreadable).

    Parquet and Arrow IPC from their metadata; text formats by reading them as the export does.
    """
    suffix = _suffix(path)
    try:
        if suffix in (".parquet", ".pq", ".parq"):
            return int(pq.ParquetFile(path).metadata.num_rows)
        if suffix in _ARROW_SUFFIXES:
            with pa.memory_map(str(path)) as source:
                rows: int = ipc.open_file(source).read_all().num_rows
                return rows
        if suffix.removesuffix(".gz") not in (*_CSV_SUFFIXES, *_JSONL_SUFFIXES):
            return None
        from carborder.scan.readers.base import Unit
        from carborder.scan.readers.registry import reader_for

        cls = reader_for(path)
        if cls is None:
            return None
        unit = Unit(path=str(path), reader=cls.name, size=path.stat().st_size)
        total: int = sum(b.num_rows for b in cls().batches(unit))
        return total
    except Exception:
        return -1
