"""The detector contract: a pure function from an Arrow batch to findings plus mergeable stats."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, Protocol, Self

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from carborder.model.facts import Evidence, Facts

__all__ = [
    "BatchContext",
    "Detector",
    "Findings",
    "Mergeable",
    "column_hint",
]


class Mergeable(Protocol):
    """Statistics that combine across batches, files and processes (and pickle)."""

    def merge(self, other: Self) -> Self:
        """Return the statistics of both inputs together."""

    def facts(self) -> tuple[Facts, dict[str, list[Evidence]]]:
        """Facts these statistics establish, with evidence per fact name."""


@dataclass
class BatchContext:
    """What a detector may know besides the batch: file, options and cached column profiles."""

    file: str
    options: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    #: Work begun ahead on this batch (:meth:`Detector.start`), awaited before the batch is
    #: given up, so nothing runs on in the background for a batch no one reads any more.
    started: list[Future[Any]] = field(default_factory=list)

    def settle(self) -> None:
        """Wait for the work begun ahead on this batch (its errors are the detectors' to raise)."""
        wait(self.started)


@dataclass
class Findings:
    """One detector's output for one batch.

    ``stats`` merge by key across the whole scan; ``row_keys`` (64-bit hashes of identifier
    values aligned with the batch rows, keyed by PI kind, with their validity mask) and
    ``row_flags`` (boolean masks such as ``"sensitive"``) are per-batch only and feed the
    individual counter, which never sees raw values. ``loose_keys`` are hashes of identifiers
    found in free text: people of their own, never linked to the row's other identifiers.
    """

    stats: dict[str, Any] = field(default_factory=dict)
    row_keys: dict[str, tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]] = field(
        default_factory=dict
    )
    row_flags: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict)
    #: per kind: (hashes of the valid rows' first identifiers, row mask, further identifiers)
    loose_keys: dict[
        str, list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_], npt.NDArray[np.uint64]]]
    ] = field(default_factory=dict)


class Detector(ABC):
    """Base class: subclasses declare ClassVar metadata and implement :meth:`detect`.

    ``modalities`` says which batches a detector reads (``"tabular"``, ``"image"``...), and
    ``emits`` lists the fact names it may establish. Both are checked at class creation so a
    registry never has to instantiate a detector to learn about it.
    """

    name: ClassVar[str]
    version: ClassVar[str]
    modalities: ClassVar[frozenset[str]]
    emits: ClassVar[frozenset[str]]
    #: Detectors with the same value share work on a batch (column scans cached in the batch
    #: context) and run one after the other in one thread; detectors of different groups
    #: may run at the same time on the same batch. ``None``: a group of its own.
    batch_group: ClassVar[str | None] = None

    def __init_subclass__(cls, *, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        for attr in ("name", "version", "modalities", "emits"):
            if not hasattr(cls, attr):
                raise TypeError(f"detector {cls.__qualname__} must declare ClassVar {attr!r}")

    @abstractmethod
    def detect(self, batch: pa.RecordBatch, ctx: BatchContext) -> Findings:
        """Inspect one batch and return findings; must not keep state between calls."""

    def start(self, batch: pa.RecordBatch, ctx: BatchContext) -> None:
        """Begin work on ``batch`` in the background, before :meth:`detect` is called on it.

        The engine calls this for the next batch while the detectors still work on the one
        before, so work outside the GIL (column scans) overlaps that batch's Python-level
        work. What it computes goes into ``ctx.cache`` (its futures into ``ctx.started``),
        where :meth:`detect` takes it: findings never depend on whether it ran. Default:
        nothing.
        """
        return None


_SPLIT = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+|(?<=[a-z])(?=[A-Z])")


def _tokens(name: str) -> set[str]:
    return {p.lower() for p in _SPLIT.split(name) if p}


@lru_cache(maxsize=4096)
def column_hint(column: str, comment: str, words: frozenset[str]) -> bool:
    """True when a column's name or comment mentions one of ``words``.

    English words must be whole tokens (``phone`` in ``driver_phone`` but not ``telephoto``);
    Chinese words match as substrings (``手机`` in ``客户手机号``).

    >>> column_hint("driverPhone", "", frozenset({"phone"})), column_hint("x", "客户手机号", frozenset({"手机"}))
    (True, True)
    >>> column_hint("telephoto", "", frozenset({"phone"}))
    False
    """
    text = f"{column} {comment}"
    toks = _tokens(column) | _tokens(comment)
    for w in words:
        if w.isascii():
            if w in toks:
                return True
        elif w in text:
            return True
    return False
