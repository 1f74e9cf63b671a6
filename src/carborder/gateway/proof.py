"""The re-scan proof: the written output must keep every promise of the plan, or it is refused.

Two checks, both on the files as written in the temp dir:

1. **Identifiers.** No raw, valid identifier of a kind the plan drops, pseudonymises or masks
   may remain in any column of any table (spans inside text included; recognisable
   pseudonyms and masks are not raw), nor in any topic of a vehicle file. Each leak names the
   file, the column, the kind and how many identifiers remain. This counts every valid
   identifier whatever its column is called: the scan's confidence rules decide what a data
   set *is*, not what may leave it.
2. **Facts.** The re-scan's facts keep the promises the decision relied on (kinds removed,
   coarser positions, anonymised...).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from carborder.audit.events import ExportRefused
from carborder.deid.base import is_text
from carborder.deid.plan import promise_of, promised_facts
from carborder.errors import Msg
from carborder.gateway._io import open_input
from carborder.gateway.context import RunContext
from carborder.gateway.result import ExportResult
from carborder.gateway.scanning import EngineScanner, Scanner, ScanOutcome
from carborder.i18n.lists import joined

if TYPE_CHECKING:
    from carborder.scan.engine import ScanState

__all__ = [
    "Leak",
    "LeakCounter",
    "Proof",
    "ScannedTable",
    "identifier_leaks",
    "proof_leaks",
    "prove",
    "refuse_rescan",
]


@dataclass(frozen=True)
class Leak:
    """Raw identifiers of a hidden kind found in the output."""

    file: str
    column: str
    kind: str
    count: int
    #: camera topics and videos: 0-based numbers of the frames it was seen on (None: unknown)
    frames: tuple[int, ...] | None = None

    def msg(self) -> Msg:
        """One line for people: what, where, how many."""
        return Msg(
            "rescan-leak", count=self.count, kind=self.kind, column=self.column, file=self.file
        )

    def describe(self) -> str:
        """The line in English."""
        return self.msg().format("en")


@dataclass
class Proof:
    """What the re-scan found: the re-scan itself, identifier leaks, broken fact promises."""

    after: ScanOutcome
    leaks: list[Leak]
    broken_facts: list[Msg]

    @property
    def broken_msgs(self) -> list[Msg]:
        """Every broken promise, one message each (empty when the output is proven)."""
        return [leak.msg() for leak in self.leaks] + self.broken_facts

    @property
    def broken(self) -> list[str]:
        """Every broken promise, one English line each (empty when the output is proven)."""
        return [m.format("en") for m in self.broken_msgs]


@dataclass(frozen=True)
class ScannedTable:
    """A Parquet output scanned, and searched for leaks, in the batches its writer was handed."""

    state: ScanState
    leaks: list[Leak]


class LeakCounter:
    """Raw, valid identifiers of hidden kinds in one table's batches, per column and kind.

    Text columns are searched for spans of every kind that can occur inside text; a kind that
    only exists as whole values (names, account ids) is checked in the columns the scan found
    it in before. Integer columns the scan found identifiers in (phones stored as numbers)
    are checked as text. Counts do not depend on how the table is cut into batches.
    """

    def __init__(self, kinds: frozenset[str], before: ScanOutcome) -> None:
        from carborder.scan.detectors.spans import span_kinds

        self._kinds = kinds
        self._in_text = kinds & span_kinds()
        self._whole_only = kinds - span_kinds()
        self._column_kinds = before.column_kinds()
        self._counts: Counter[tuple[str, str]] = Counter()

    def add(self, batch: pa.RecordBatch) -> None:
        """Count one batch."""
        from carborder.scan.detectors.spans import identifier_spans, valid_identifiers

        for name, col in zip(batch.schema.names, batch.columns, strict=True):
            tagged = self._column_kinds.get(name, frozenset()) & self._kinds
            if not is_text(col.type):
                if not (tagged and pa.types.is_integer(col.type)):
                    continue
                col = col.cast(pa.string())
            if self._in_text:
                spans = identifier_spans(col, self._in_text)
                for kind, n in Counter(spans.column("kind").to_pylist()).items():
                    self._counts[(name, kind)] += n
            for kind in sorted(tagged & self._whole_only):
                n = int(np.count_nonzero(valid_identifiers(col, kind)))
                if n:
                    self._counts[(name, kind)] += n

    def leaks(self, file: str) -> list[Leak]:
        """What was counted, as leaks of ``file`` (sorted by column, then kind)."""
        return [Leak(file, col, kind, n) for (col, kind), n in sorted(self._counts.items()) if n]


def identifier_leaks(tables: list[Path], kinds: frozenset[str], before: ScanOutcome) -> list[Leak]:
    """Raw, valid identifiers of ``kinds`` in the written tables, per file, column and kind.

    See :class:`LeakCounter` for what counts.
    """
    leaks: list[Leak] = []
    for path in tables:
        counter = LeakCounter(kinds, before)
        for batch in open_input(path).batches():
            counter.add(batch)
        leaks.extend(counter.leaks(path.name))
    return leaks


def _vehicle_leaks(after: ScanOutcome, kinds: frozenset[str]) -> list[Leak]:
    counts: Counter[tuple[str, str, str]] = Counter()
    frames: dict[tuple[str, str, str], set[int] | None] = {}
    for s in after.sightings():
        if s.vehicle and s.kind in kinds and s.rows:
            key = (Path(str(s.file)).name, s.column, s.kind)
            counts[key] += s.rows
            known = frames.get(key, set())
            frames[key] = None if known is None or s.frames is None else known | set(s.frames)
    leaks = []
    for (f, c, k), n in sorted(counts.items()):
        numbers = frames[(f, c, k)]
        leaks.append(Leak(f, c, k, n, None if numbers is None else tuple(sorted(numbers))))
    return leaks


def prove(
    ctx: RunContext,
    before: ScanOutcome,
    scanner: Scanner,
    written: list[Path],
    *,
    tables: list[Path],
    hidden: frozenset[str],
    scanned: Mapping[str, ScannedTable] | None = None,
) -> Proof:
    """Re-scan the written outputs and check both proofs.

    Args:
        ctx: The run.
        before: The scan of the inputs.
        scanner: The scanner (the same as before de-identification).
        written: Every output (a file, or a rosbag2 folder).
        tables: The tabular outputs among them.
        hidden: Kinds the plan drops, pseudonymises or masks.
        scanned: Parquet outputs (by file name) already scanned, and searched for leaks, in
            the batches their writer was handed (see :mod:`~carborder.gateway.written_scan`);
            the other files are read back and scanned here. Needs the engine scanner.
    """
    done = dict(scanned or {})
    if done:
        if not isinstance(scanner, EngineScanner):
            raise TypeError("batches scanned in memory need the engine scanner")
        rest = [p for p in written if p.name not in done]
        after = scanner(rest, scanned=[t.state for t in done.values()])
    else:
        after = scanner(written)
    leaks: list[Leak] = []
    for path in tables:
        got = done.get(path.name)
        leaks += got.leaks if got is not None else identifier_leaks([path], hidden, before)
    leaks += _vehicle_leaks(after, hidden)
    column_kinds = before.column_kinds()
    promised = promised_facts(ctx.flow.deid, before.facts, column_kinds)
    broken = promise_of(before.facts, promised).broken_by(after.facts)
    # an output the re-scan could not read is not proven (it would otherwise add no facts)
    unread = [Msg("rescan-unreadable", file=Path(f).name, reason=r) for f, r in after.errors]
    return Proof(after, leaks, unread + broken)


def proof_leaks(proof: Proof) -> list[Leak]:
    """The proof's leaks (output file name, column or topic, kind, frames where known)."""
    return list(proof.leaks)


def refuse_rescan(
    ctx: RunContext,
    result: ExportResult,
    proof: Proof,
    *,
    second_pass: list[dict[str, Any]] | None = None,
) -> ExportResult:
    """Refuse the run because the output breaks the plan's promises; record and audit it.

    ``second_pass`` records the videos re-run before the last re-scan (passes, frames); they
    go into the run's error record and the audit event's message.
    """
    broken = proof.broken
    result.status = "refused"
    result.broken_promises = broken
    result.reasons = ["gateway.rescan"]
    ran = [
        Msg("second-pass-video", path=str(r["path"]), frames=r["frames"]) for r in second_pass or []
    ]
    result.say(
        Msg(
            "refused-rescan",
            flow=ctx.flow.id,
            broken=joined(proof.broken_msgs, en="; ", zh="；"),
            second_pass=Msg("refused-second-pass", videos=joined(ran)) if ran else "",
        )
    )
    leaks = [
        {"file": x.file, "column": x.column, "kind": x.kind, "count": x.count} for x in proof.leaks
    ]
    with ctx.store.session() as s:
        ctx.store.update_run(
            s,
            ctx.run_id,
            status="refused",
            finished=ctx.store.now(),
            error={"code": "gateway-rescan", "broken": broken, "leaks": leaks}
            | ({"second_pass": second_pass} if second_pass else {}),
        )
        ctx.store.append_event(
            s,
            ExportRefused(
                run_id=ctx.run_id,
                flow_id=ctx.flow.id,
                code="gateway-rescan",
                reasons=["gateway.rescan"],
                message=result.message,
                decision_id=result.decision_id,
            ),
            actor=ctx.actor,
        )
    return result
