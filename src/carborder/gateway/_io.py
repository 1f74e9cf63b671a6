"""Streaming readers for export inputs (Parquet, CSV, JSON Lines, Arrow) and the Parquet writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from carborder.errors import CarborderError, InputError, Msg
from carborder.gateway.bag_folders import walk_inputs
from carborder.gateway.formats import PARQUET, TableFormat, detect_table_format
from carborder.safety.files import require_regular_file
from carborder.scan.readers.base import DEFAULT_BATCH_ROWS
from carborder.scan.readers.rosbag import rosbag2_folder_of

__all__ = [
    "BATCH_ROWS",
    "InputFile",
    "expand_inputs",
    "handed_batches",
    "open_input",
    "parquet_writer",
    "write_parquet",
]

#: Rows per batch: fixed, so the same input always gives the same row groups and bytes; the
#: scan engine's, so the batches a Parquet output is written from are the batches a scan of
#: it reads (the re-scan scans them as they are written: see ``written_scan``).
BATCH_ROWS = DEFAULT_BATCH_ROWS
_SUFFIXES = (".parquet", ".csv", ".tsv", ".jsonl", ".arrow", ".csv.gz", ".tsv.gz", ".jsonl.gz")
#: Vehicle files picked up from folders (rosbag2 folders too; name any other vehicle file).
_VEHICLE_SUFFIXES = (".mcap", ".bag")


@dataclass(frozen=True)
class InputFile:
    """One input file: its schema, a factory that streams its batches afresh, its format."""

    path: Path
    schema: pa.Schema
    batches: Callable[[], Iterator[pa.RecordBatch]]
    format: TableFormat = PARQUET


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files named, or the tables, MCAP files, ROS 1 bags and rosbag2 folders inside named folders.

    A rosbag2 folder (named, found inside a named folder, or reached through a storage file or
    ``metadata.yaml`` named in it) is one input. Each folder's finds are sorted. An input named
    twice (or reached twice through a folder, a symlink or ``..``) is listed once, where it
    first appears.

    Raises:
        InputError: a path is missing, or no supported file was found.
    """
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(walk_inputs(p, _SUFFIXES + _VEHICLE_SUFFIXES))
        else:
            # a regular file, or a clear reason: not found, a device, a FIFO, no permission
            named = require_regular_file(p, what="input")
            out.append(rosbag2_folder_of(named) or named)
    if not out:
        raise InputError(Msg("err-no-input-files"), hint=Msg("hint-no-input-files"))
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in out:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique


def open_input(path: Path, *, batch_rows: int = BATCH_ROWS) -> InputFile:
    """Open a Parquet file, or another tabular file the scan engine reads, for streaming.

    CSV (any encoding), TSV, JSON Lines and Arrow IPC go through the scan engine's readers,
    so the schema is the one the scanner sees (identifier-like integers read as text).

    Raises:
        InputError: unsupported format or unreadable file.
    """
    if path.suffix.lower() == ".parquet":
        try:
            schema = pq.ParquetFile(path).schema_arrow
        except (pa.ArrowException, OSError) as exc:
            raise InputError(Msg("err-cannot-read-input", detail=str(exc)), file=path) from None

        def parquet_batches() -> Iterator[pa.RecordBatch]:
            # pre_buffer would hold every row group read so far until the file is done
            with pq.ParquetFile(path, pre_buffer=False) as pf:
                yield from pf.iter_batches(batch_size=batch_rows, use_threads=False)

        return InputFile(path, schema, parquet_batches, detect_table_format(path))
    from carborder.scan.readers.base import Unit
    from carborder.scan.readers.registry import reader_for

    cls = reader_for(path)
    if cls is None or cls.modality != "tabular":
        raise InputError(
            Msg(
                "err-unsupported-input-format",
                suffix=path.suffix or Msg("value-none-paren"),
            ),
            file=path,
            hint=Msg("hint-export-input-formats"),
        )
    reader = cls()
    unit = Unit(path=str(path), reader=cls.name, size=path.stat().st_size)

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            for batch in reader.batches(unit):
                yield from _rebatch(batch, batch_rows)
        except CarborderError as exc:
            raise InputError(exc.message_msg or exc.message, file=path) from None

    first = next(batches(), None)
    if first is None:
        raise InputError(Msg("err-input-no-rows"), file=path)
    schema = first.schema

    def typed_batches() -> Iterator[pa.RecordBatch]:
        for batch in batches():
            yield batch if batch.schema == schema else batch.cast(schema)

    return InputFile(path, schema, typed_batches, detect_table_format(path))


def _rebatch(batch: pa.RecordBatch, rows: int) -> Iterator[pa.RecordBatch]:
    for start in range(0, batch.num_rows, rows):
        yield batch.slice(start, rows)


def parquet_writer(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    """The export's Parquet writer: deterministic (no timestamps), fixed options."""
    return pq.ParquetWriter(
        path,
        schema,
        compression="zstd",
        compression_level=3,
        use_dictionary=True,
        write_statistics=True,
        store_schema=True,
    )


def handed_batches(
    writer: pq.ParquetWriter, schema: pa.Schema, batches: Iterable[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """Write each non-empty batch (cast to ``schema``) and yield it as the writer got it."""
    for batch in batches:
        if batch.num_rows == 0:
            continue
        batch = batch.cast(schema) if batch.schema != schema else batch
        writer.write_batch(batch)
        yield batch


def write_parquet(path: Path, schema: pa.Schema, batches: Iterator[pa.RecordBatch]) -> int:
    """Write batches deterministically (no timestamps, fixed options); return rows written."""
    rows = 0
    with parquet_writer(path, schema) as writer:
        for batch in handed_batches(writer, schema, batches):
            rows += batch.num_rows
    return rows
