"""The reader contract: a file (or a part of one) in, a stream of Arrow record batches out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

__all__ = ["DEFAULT_BATCH_ROWS", "Reader", "Unit"]

#: Rows per batch: large enough for vectorised work, small enough to bound memory.
DEFAULT_BATCH_ROWS = 1 << 18


@dataclass(frozen=True)
class Unit:
    """One piece of work for a runner: a file, or some row groups of a file.

    ``part`` is reader-specific (e.g. Parquet row-group indices); units pickle, so process
    pools and Ray workers receive them as they are.
    """

    path: str
    reader: str
    part: tuple[int, ...] | None = None
    size: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


class Reader(ABC):
    """Base class for format readers; subclasses declare ClassVars and implement two methods.

    ``suffixes`` are lower-case file endings (``".parquet"``, ``".csv.gz"``); ``sniff`` is the
    fallback when the ending says nothing; ``modality`` tells which detectors read the batches.
    """

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    modality: ClassVar[str] = "tabular"
    #: What one record of this format is, as shown to people ("rows", "messages"...).
    record_unit: ClassVar[str] = "rows"
    #: What a channel of this format is ("topics", "CAN ids"), when it has channels.
    channel_unit: ClassVar[str] = ""

    def __init_subclass__(cls, *, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        for attr in ("name", "suffixes"):
            if not hasattr(cls, attr):
                raise TypeError(f"reader {cls.__qualname__} must declare ClassVar {attr!r}")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Return True when the first bytes of a file look like this format."""
        return False

    def units(self, path: Path, *, target_bytes: int, parts: int = 1) -> list[Unit]:
        """Split a file into units of roughly ``target_bytes`` (default: the whole file).

        ``parts`` is the number of workers the units are for; readers that can split finely
        use it to balance the last units.
        """
        return [Unit(str(path), self.name, None, path.stat().st_size)]

    @abstractmethod
    def batches(
        self, unit: Unit, *, batch_rows: int = DEFAULT_BATCH_ROWS
    ) -> Iterator[pa.RecordBatch]:
        """Yield record batches for the unit; raise ``ScanInputError`` for unreadable input."""

    def comments(self, unit: Unit) -> dict[str, str]:
        """Column comments (descriptions) when the format stores them."""
        return {}

    def records(self, batch: pa.RecordBatch) -> tuple[int, int, list[str | dict[str, str]]]:
        """(records, channels, warnings) a batch stands for; tabular: its rows, no channels."""
        return batch.num_rows, 0, []
