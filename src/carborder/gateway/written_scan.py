"""Re-scan Parquet outputs in the batches handed to their writer, as they are written.

The re-scan proves the plan on what is released. For a Parquet output, what is released is
the bytes pyarrow's writer makes from two things only: the output schema and the batches it
is handed. So those batches are scanned (and searched for leaks) as they are handed over,
instead of reading back and decoding the file twice (once for the scan, once for the leak
search). Why that proves the file:

* the writer never sees the input's raw values (the plan replaced them in the batches
  before), so it cannot write an identifier the scan did not see in the batches;
* the batches are cut as the scan engine cuts a file it reads (``BATCH_ROWS`` rows), and
  scanned as one unit of that file, so the facts are those of a scan of the written file
  read whole (a test compares them with a scan of the file);
* after the writer closes, a read-back of the file's footer must confirm it is the file of
  those batches: one row group per batch handed over, with the same row counts in the same
  order; the schema the file gives back equals the schema scanned; no column comments and no
  ``key=value`` folders (which a scan of the file would see and the batches did not carry).
  Otherwise the file itself is read back and scanned, as for every other output;
* the SHA-256 of the written bytes goes into the signed manifest, so the proven bytes are
  the released bytes; anything that changes them later fails ``manifest verify``.

A write that fails (disk full...) raises as before; a scan that fails on the batches leaves
a file error in the state, which the proof turns into a refusal (nothing is released).
CSV, TSV, JSON Lines and Arrow outputs are still read back: text formats re-infer types
when read, so their batches are not what a scan of the file sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from carborder.gateway._io import handed_batches, parquet_writer
from carborder.gateway.proof import LeakCounter, ScannedTable
from carborder.gateway.scanning import EngineScanner, ScanOutcome

__all__ = ["WrittenScans", "cut_like_a_read"]


def cut_like_a_read(batches: Iterable[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    """The batches as a reader of their concatenation yields them: ``rows`` rows each.

    Batches of exactly ``rows`` rows pass through untouched (no copy).

    >>> bs = [pa.record_batch({"a": list(range(n))}) for n in (3, 5, 1)]
    >>> [b.num_rows for b in cut_like_a_read(bs, 4)]
    [4, 4, 1]
    """
    held: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        if not held and batch.num_rows == rows:
            yield batch
            continue
        held.append(batch)
        count += batch.num_rows
        while count >= rows:
            joined = pa.Table.from_batches(held).combine_chunks()
            whole = joined.slice(0, rows).to_batches()
            yield whole[0] if len(whole) == 1 else pa.concat_batches(whole)
            rest = joined.slice(rows)
            held = rest.to_batches() if rest.num_rows else []
            count = rest.num_rows
    if count:
        yield pa.concat_batches(held) if len(held) > 1 else held[0]


class WrittenScans:
    """Writes Parquet outputs while scanning the batches handed to the writer.

    Args:
        scanner: The engine scanner of the run (the same that scanned the inputs).
        hidden: Kinds the plan drops, pseudonymises or masks (searched for as leaks).
        before: The scan of the inputs.
    """

    def __init__(self, scanner: EngineScanner, hidden: frozenset[str], before: ScanOutcome) -> None:
        self._scanner = scanner
        self._options = scanner.options()
        self._hidden = hidden
        self._before = before
        #: output file name → its scan, for outputs whose footer matched the batches
        self.tables: dict[str, ScannedTable] = {}

    def write(self, path: Path, schema: pa.Schema, batches: Iterator[pa.RecordBatch]) -> int:
        """Write ``batches`` to the Parquet file ``path`` and scan them; return rows written."""
        counter = LeakCounter(self._hidden, self._before)
        handed: list[int] = []
        failed: list[BaseException] = []
        finished: list[bool] = []

        def tapped() -> Iterator[pa.RecordBatch]:
            try:
                with parquet_writer(path, schema) as writer:
                    for batch in handed_batches(writer, schema, batches):
                        handed.append(batch.num_rows)
                        counter.add(batch)
                        yield batch
                finished.append(True)
            except Exception as exc:
                failed.append(exc)
                raise

        state = self._scanner.scan_batches(
            path, cut_like_a_read(tapped(), self._options.batch_rows), self._options
        )
        if failed:
            raise failed[0]  # the write failed: as when writing without a scan
        if not finished and not state.errors:
            # the scan stopped taking batches without saying why: the file is not whole
            raise RuntimeError(f"the scan of {path.name} stopped before the last batch")
        report = state.files.get(str(path))
        if report is not None:
            state.files[str(path)] = report.model_copy(update={"bytes": path.stat().st_size})
        if state.errors or _file_of(path, schema, handed):
            self.tables[path.name] = ScannedTable(state, counter.leaks(path.name))
        return sum(handed)


def _file_of(path: Path, schema: pa.Schema, handed: list[int]) -> bool:
    """Whether the written file is the file of the batches handed over (footer only)."""
    from carborder.scan.readers.base import Unit
    from carborder.scan.readers.tabular import ParquetReader, hive_partitions

    if hive_partitions(path):
        return False  # a scan of the file adds the folders' key=value columns
    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException):
        return False
    meta = pf.metadata
    groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    if groups != handed or not pf.schema_arrow.equals(schema):
        return False
    return not ParquetReader().comments(Unit(str(path), ParquetReader.name))
