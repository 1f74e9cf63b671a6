"""Streaming readers for export inputs (Parquet, CSV) and the deterministic Parquet writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from carborder.errors import InputError

__all__ = ["BATCH_ROWS", "InputFile", "expand_inputs", "open_input", "write_parquet"]

#: Rows per batch: fixed, so the same input always gives the same row groups and bytes.
BATCH_ROWS = 1 << 16
_SUFFIXES = (".parquet", ".csv")


@dataclass(frozen=True)
class InputFile:
    """One input file: its schema and a factory that streams its batches afresh."""

    path: Path
    schema: pa.Schema
    batches: Callable[[], Iterator[pa.RecordBatch]]


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files named, or the Parquet/CSV files inside named directories, sorted.

    Raises:
        InputError: a path is missing, or no supported file was found.
    """
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in _SUFFIXES))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"input not found: {p}", file=p)
    if not out:
        raise InputError("no input files", hint="pass Parquet or CSV files (or folders of them)")
    return out


def open_input(path: Path, *, batch_rows: int = BATCH_ROWS) -> InputFile:
    """Open a Parquet or CSV file for streaming.

    Raises:
        InputError: unsupported suffix or unreadable file.
    """
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            schema = pq.ParquetFile(path).schema_arrow

            def parquet_batches() -> Iterator[pa.RecordBatch]:
                with pq.ParquetFile(path) as pf:
                    yield from pf.iter_batches(batch_size=batch_rows, use_threads=False)

            return InputFile(path, schema, parquet_batches)
        if suffix == ".csv":
            with pacsv.open_csv(path) as reader:
                schema = reader.schema
            convert = pacsv.ConvertOptions(column_types=dict(zip(schema.names, schema.types, strict=True)))

            def csv_batches() -> Iterator[pa.RecordBatch]:
                with pacsv.open_csv(path, convert_options=convert) as rd:
                    for batch in rd:
                        yield from _rebatch(batch, batch_rows)

            return InputFile(path, schema, csv_batches)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"cannot read input: {exc}", file=path) from None
    raise InputError(
        f"unsupported input format {suffix or '(none)'}", file=path, hint="use .parquet or .csv"
    )


def _rebatch(batch: pa.RecordBatch, rows: int) -> Iterator[pa.RecordBatch]:
    for start in range(0, batch.num_rows, rows):
        yield batch.slice(start, rows)


def write_parquet(
    path: Path, schema: pa.Schema, batches: Iterator[pa.RecordBatch]
) -> int:
    """Write batches deterministically (no timestamps, fixed options); return rows written."""
    rows = 0
    with pq.ParquetWriter(
        path,
        schema,
        compression="zstd",
        compression_level=3,
        use_dictionary=True,
        write_statistics=True,
        store_schema=True,
    ) as writer:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            writer.write_batch(batch.cast(schema) if batch.schema != schema else batch)
            rows += batch.num_rows
    return rows
