"""The store: a narrow, typed repository over the tables, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, select
from sqlalchemy.orm import Session

from carborder.audit.chain import (
    ChainProblem,
    ChainReport,
    StoredEvent,
    canonical_json,
    format_time,
    link_hash,
    verify_events,
)
from carborder.audit.clock import Clock, system_clock
from carborder.audit.crosscheck import Anchor, ChainWitness, TableState
from carborder.audit.events import (
    ApprovalAdded,
    ApprovalRevoked,
    ApprovalScoped,
    AuditEvent,
    CounterUpdated,
)
from carborder.errors import InputError, Msg, WorkspaceError
from carborder.model.approval import Approval, ApprovalScope
from carborder.store.engine import default_url, make_engine
from carborder.store.migrate import migrate
from carborder.store.sketch import LEGACY_KEY_ID, DistinctSketch, YearCount
from carborder.store.tables import (
    ApprovalRow,
    AuditEventRow,
    AuditHeadRow,
    CounterRow,
    DecisionRow,
    DetectedFactRow,
    ExportRunRow,
    ManifestRow,
    ScanFileRow,
    ScanRow,
)

__all__ = [
    "CORE_TABLES",
    "Store",
    "StoredDecision",
    "StoredRun",
    "StoredScan",
    "counter_state_sha256",
    "manifest_file_bytes",
    "scope_sha256",
]

#: Tables every workspace database has; a missing one means the database was damaged.
CORE_TABLES = (
    "approvals",
    "audit_events",
    "audit_head",
    "counters",
    "decisions",
    "detected_facts",
    "export_runs",
    "manifests",
    "scan_files",
    "scans",
)


def manifest_file_bytes(signed: dict[str, Any]) -> bytes:
    r"""The bytes of ``manifest.json`` for a signed manifest (what its SHA-256 is taken of).

    Deterministic (sorted keys, fixed indent), so a stored manifest proves the file released.

    >>> manifest_file_bytes({"b": 1, "a": "车"}).decode()
    '{\n  "a": "车",\n  "b": 1\n}\n'
    """
    return json.dumps(signed, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"


#: Run states after which a run's pending counter delta is no longer needed.
_FINAL_RUN_STATES = frozenset({"released", "refused", "abandoned", "failed", "unchanged"})


def counter_state_sha256(estimate: int, exact: bytes | None, hll: bytes) -> str:
    """Digest of a counter row's state (count, exact fingerprints, HLL), as the chain records it.

    >>> counter_state_sha256(3, None, b"") == counter_state_sha256(3, None, b"")
    True
    """
    h = hashlib.sha256(f"{estimate}\n".encode())
    h.update(b"E" + exact if exact is not None else b"H")
    h.update(b"\n")
    h.update(hll)
    return h.hexdigest()


@dataclass(frozen=True)
class StoredScan:
    """A scan as stored: file digests, detected facts, evidence and per-column kinds."""

    id: str
    created: str
    files: dict[str, str]
    facts: dict[str, Any]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: int = 0

    @staticmethod
    def input_digest(file_sha256s: list[str]) -> str:
        """Digest of a set of files by content (order and names do not matter).

        >>> StoredScan.input_digest(["b", "a"]) == StoredScan.input_digest(["a", "b"])
        True
        """
        return hashlib.sha256("\n".join(sorted(file_sha256s)).encode()).hexdigest()


@dataclass(frozen=True)
class StoredDecision:
    """A decision as stored: enough to replay it offline."""

    id: str
    flow_id: str
    as_of: str
    pack: str
    status: str
    pathway: str | None
    input: dict[str, Any]
    result: dict[str, Any]
    requested_by: str


@dataclass(frozen=True)
class StoredRun:
    """An export run row."""

    id: str
    flow_id: str
    status: str
    created: str
    finished: str | None
    output: str | None
    decision_id: str | None
    manifest_sha256: str | None
    pending: dict[str, Any] | None
    error: dict[str, Any] | None


def _run(row: ExportRunRow) -> StoredRun:
    return StoredRun(
        id=row.id,
        flow_id=row.flow_id,
        status=row.status,
        created=row.created,
        finished=row.finished,
        output=row.output,
        decision_id=row.decision_id,
        manifest_sha256=row.manifest_sha256,
        pending=json.loads(row.pending_json) if row.pending_json else None,
        error=json.loads(row.error_json) if row.error_json else None,
    )


def _approval(row: ApprovalRow) -> Approval:
    return Approval(
        id=row.id,
        kind=row.kind,
        flows=json.loads(row.flows_json),
        issued=row.issued,
        valid_until=row.valid_until,
        revoked=row.revoked,
        evidence_sha256=row.evidence_sha256,
        note=row.note,
        scope=ApprovalScope.model_validate_json(row.scope_json) if row.scope_json else None,
    )


def _scope_json(scope: ApprovalScope | None) -> str | None:
    return scope.model_dump_json() if scope is not None else None


def scope_sha256(scope: dict[str, Any] | None) -> str | None:
    """SHA-256 of an approval scope's canonical JSON (audit event and cross-check agree)."""
    return hashlib.sha256(canonical_json(scope)).hexdigest() if scope is not None else None


class Store:
    """Repository over one database; every write is one short transaction.

    Args:
        engine: An engine from :func:`make_engine`.
        clock: Source of UTC time for ``created`` stamps.
    """

    def __init__(self, engine: Engine, *, clock: Clock = system_clock) -> None:
        self.engine = engine
        self.clock = clock

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        url: str,
        *,
        schema: str | None = None,
        clock: Clock = system_clock,
        upgrade: bool = True,
        check: bool = True,
    ) -> Store:
        """Open (and by default migrate) the database at ``url``.

        With ``check`` (the default) a database missing a core table is refused; ``audit
        verify`` opens without it, to report the damage as a broken chain.
        """
        engine = make_engine(url, schema=schema)
        if upgrade:
            migrate(engine)
        store = cls(engine, clock=clock)
        if check:
            store.require_tables(url)
        return store

    @classmethod
    def for_workspace(
        cls,
        workspace: Path,
        *,
        url: str | None = None,
        clock: Clock = system_clock,
        check: bool = True,
    ) -> Store:
        """Open the workspace database: ``url`` or ``$workspace/.carborder/carborder.db``."""
        return cls.open(url or default_url(workspace), clock=clock, check=check)

    def missing_tables(self) -> list[str]:
        """Core tables absent from the database (dropped by hand: the database is damaged)."""
        present = set(inspect(self.engine).get_table_names())
        return [t for t in CORE_TABLES if t not in present]

    def require_tables(self, url: str) -> None:
        """Refuse to work on a damaged database, naming what is missing and what to do.

        Raises:
            WorkspaceError: a core table is missing.
        """
        missing = self.missing_tables()
        if missing:
            self.close()
            where = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
            raise WorkspaceError(
                Msg("err-db-tables-missing", tables=", ".join(missing)),
                file=where,
                hint=Msg("hint-db-tables-missing"),
            )

    def close(self) -> None:
        """Release pooled connections."""
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction (``BEGIN IMMEDIATE`` on SQLite); commits on success."""
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            yield s

    def now(self) -> str:
        """The clock's time as a stored timestamp."""
        return format_time(self.clock())

    # -- audit chain -----------------------------------------------------------------------

    def append_event(self, s: Session, event: AuditEvent, *, actor: str) -> StoredEvent:
        """Append one event inside the caller's transaction (the head row serialises appends)."""
        head = s.execute(
            select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
        ).scalar_one()
        seq = head.seq + 1
        payload = event.payload()
        created = self.now()
        digest = link_hash(head.hash, seq, event.name, actor, created, payload)
        s.add(
            AuditEventRow(
                seq=seq,
                name=event.name,
                actor=actor,
                created=created,
                payload_json=canonical_json(payload).decode("utf-8"),
                prev_hash=head.hash,
                hash=digest,
            )
        )
        stored = StoredEvent(seq, event.name, actor, created, payload, head.hash, digest)
        head.seq, head.hash = seq, digest
        return stored

    def record_event(self, event: AuditEvent, *, actor: str) -> StoredEvent:
        """Append one event in its own transaction."""
        with self.session() as s:
            return self.append_event(s, event, actor=actor)

    def audit_head(self) -> tuple[int, str]:
        """Return (seq, hash) of the stored head."""
        with Session(self.engine) as s:
            head = s.get(AuditHeadRow, 1)
            if head is None:
                return 0, "missing"
            return head.seq, head.hash

    def audit_anchor_head(self) -> dict[str, Any]:
        """The stored head as ``{"seq", "hash"}``, for manifests and anchors to carry."""
        seq, digest = self.audit_head()
        return {"seq": seq, "hash": digest}

    def iter_events(
        self, *, since: str | None = None, chunk: int = 5000, raw: bool = False
    ) -> Iterator[StoredEvent]:
        """Yield events in ``seq`` order, optionally those created at or after ``since``.

        With ``raw`` the payload is left as its stored canonical text (``payload_json``) and
        not parsed, which is all verification needs.
        """
        with self.engine.connect() as conn:
            yield from _events(conn, since=since, chunk=chunk, raw=raw)

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """One read transaction, so rows and events are seen at the same instant.

        SQLite's ``BEGIN IMMEDIATE`` holds writers off; PostgreSQL reads a repeatable snapshot.
        """
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def verify_audit(self, anchors: Iterable[Anchor] = ()) -> ChainReport:
        """Verify the chain against its head, the tables against the chain, and the anchors.

        Anchors are heads recorded outside the database: the stored manifests' heads are
        added here; callers add the manifests in output folders and anchor files.
        """
        missing = self.missing_tables()
        if missing:
            report = ChainReport()
            report.problems.append(
                ChainProblem.of(
                    0, "table-missing", "audit-detail-table-missing", tables=", ".join(missing)
                )
            )
            return report
        with self._snapshot() as conn:
            row = conn.execute(
                select(AuditHeadRow.seq, AuditHeadRow.hash).where(AuditHeadRow.id == 1)
            ).one_or_none()
            head = (int(row.seq), str(row.hash)) if row is not None else (0, "missing")
            tables, stored_anchors = _table_state(conn)
            witness = ChainWitness([*stored_anchors, *anchors])
            report = verify_events(witness.observe(_events(conn, raw=True)), head=head)
            for _ in witness.observe(_events(conn, raw=True, after=witness.last_seq)):
                pass  # verify_events stops early on many problems; the witness reads on
        report.problems.extend(witness.check(tables))
        report.checked = witness.checked(tables)
        return report

    # -- approvals -------------------------------------------------------------------------

    def add_approval(
        self, approval: Approval, *, actor: str, declared: Collection[str] = ()
    ) -> None:
        """Store an approval and audit it.

        Args:
            approval: The approval to record.
            actor: Who records it.
            declared: Ids of approvals declared in the inventory: taken too (an approval
                recorded under one of them would silently replace the declared one).

        Raises:
            InputError: the id is taken (stored or declared), or it ends before it begins.
        """
        if approval.valid_until is not None and approval.valid_until < approval.issued:
            raise InputError(
                Msg(
                    "err-approval-ends-before-issue",
                    approval=approval.id,
                    until=approval.valid_until.isoformat(),
                    issued=approval.issued.isoformat(),
                ),
                key="valid_until",
                hint=Msg("hint-approval-dates"),
            )
        if approval.id in declared:
            raise InputError(
                Msg("err-approval-declared", approval=approval.id),
                hint=Msg("hint-approval-declared"),
            )
        with self.session() as s:
            if s.get(ApprovalRow, approval.id) is not None:
                raise InputError(
                    Msg("err-approval-exists", approval=approval.id),
                    hint=Msg("hint-approval-exists"),
                )
            scope_doc = approval.scope.model_dump(mode="json") if approval.scope else None
            s.add(
                ApprovalRow(
                    id=approval.id,
                    kind=approval.kind,
                    flows_json=json.dumps(approval.flows),
                    issued=approval.issued,
                    valid_until=approval.valid_until,
                    revoked=approval.revoked,
                    evidence_sha256=approval.evidence_sha256,
                    note=approval.note,
                    scope_json=_scope_json(approval.scope),
                    created=self.now(),
                )
            )
            self.append_event(
                s,
                ApprovalAdded(
                    approval_id=approval.id,
                    kind=approval.kind,
                    flows=list(approval.flows),
                    issued=approval.issued.isoformat(),
                    valid_until=approval.valid_until.isoformat() if approval.valid_until else None,
                    evidence_sha256=approval.evidence_sha256,
                    scope=scope_doc,
                    scope_sha256=scope_sha256(scope_doc),
                ),
                actor=actor,
            )

    def list_approvals(self) -> list[Approval]:
        """All stored approvals, by id."""
        with Session(self.engine) as s:
            rows = s.execute(select(ApprovalRow).order_by(ApprovalRow.id)).scalars().all()
            return [_approval(r) for r in rows]

    def get_approval(self, approval_id: str) -> Approval | None:
        """One approval, or None."""
        with Session(self.engine) as s:
            row = s.get(ApprovalRow, approval_id)
            return _approval(row) if row is not None else None

    def record_approval_scope(
        self, approval_id: str, scope: ApprovalScope, *, actor: str, source: str
    ) -> Approval:
        """Record the scope a stored approval was granted for, once, and audit it.

        A recorded scope is what later changes are judged against; replacing it would let a
        change pass unseen, so an approval that has one keeps it (revoke it and record a new
        approval instead).

        Args:
            approval_id: A stored approval.
            scope: What it was granted for.
            actor: Who records it.
            source: Where the scope came from (a file and its SHA-256, or the flows).

        Raises:
            InputError: no such approval, or its scope is already recorded.
        """
        with self.session() as s:
            row = s.get(ApprovalRow, approval_id)
            if row is None:
                raise InputError(
                    Msg("err-no-approval", approval=approval_id), hint=Msg("hint-approval-list")
                )
            if row.scope_json:
                raise InputError(
                    Msg("err-approval-scope-recorded", approval=approval_id),
                    hint=Msg("hint-approval-scope-recorded"),
                )
            doc = scope.model_dump(mode="json")
            row.scope_json = _scope_json(scope)
            self.append_event(
                s,
                ApprovalScoped(
                    approval_id=approval_id,
                    scope=doc,
                    scope_sha256=scope_sha256(doc) or "",
                    source=source,
                ),
                actor=actor,
            )
            return _approval(row)

    def revoke_approval(self, approval_id: str, *, actor: str, reason: str | None = None) -> None:
        """Mark an approval revoked and audit it.

        Raises:
            InputError: no such approval.
        """
        with self.session() as s:
            row = s.get(ApprovalRow, approval_id)
            if row is None:
                raise InputError(
                    Msg("err-no-approval", approval=approval_id), hint=Msg("hint-approval-list")
                )
            row.revoked = True
            self.append_event(
                s, ApprovalRevoked(approval_id=approval_id, reason=reason), actor=actor
            )

    # -- scans -----------------------------------------------------------------------------

    def record_scan(self, scan: StoredScan) -> None:
        """Store a scan with its files and detected facts (idempotent on ``scan.id``)."""
        with self.session() as s:
            if s.get(ScanRow, scan.id) is not None:
                return
            s.add(
                ScanRow(
                    id=scan.id,
                    created=scan.created,
                    input_sha256=StoredScan.input_digest(list(scan.files.values())),
                    facts_json=json.dumps(scan.facts, sort_keys=True),
                    evidence_json=json.dumps(scan.evidence, sort_keys=True),
                    columns_json=json.dumps(scan.columns, sort_keys=True),
                    rows=scan.rows,
                )
            )
            s.flush()
            for path, sha in sorted(scan.files.items()):
                s.add(ScanFileRow(scan_id=scan.id, path=path, sha256=sha, bytes=0))
            for name, value in sorted(scan.facts.items()):
                s.add(DetectedFactRow(scan_id=scan.id, name=name, value_json=json.dumps(value)))

    def find_scan(self, file_sha256s: list[str]) -> StoredScan | None:
        """Return the latest stored scan of exactly these byte-identical files, if any."""
        digest = StoredScan.input_digest(file_sha256s)
        with Session(self.engine) as s:
            row = s.execute(
                select(ScanRow)
                .where(ScanRow.input_sha256 == digest)
                .order_by(ScanRow.created.desc())
                .limit(1)
            ).scalar_one_or_none()
            if row is None:
                return None
            files = {
                f.path: f.sha256
                for f in s.execute(select(ScanFileRow).where(ScanFileRow.scan_id == row.id))
                .scalars()
                .all()
            }
            return StoredScan(
                id=row.id,
                created=row.created,
                files=files,
                facts=json.loads(row.facts_json),
                evidence=json.loads(row.evidence_json),
                columns=json.loads(row.columns_json),
                rows=row.rows,
            )

    # -- decisions -------------------------------------------------------------------------

    def record_decision(self, s: Session, decision: StoredDecision) -> str:
        """Store a decision inside the caller's transaction; return its input digest."""
        input_json = canonical_json(decision.input).decode("utf-8")
        digest = hashlib.sha256(input_json.encode("utf-8")).hexdigest()
        if s.get(DecisionRow, decision.id) is None:
            s.add(
                DecisionRow(
                    id=decision.id,
                    flow_id=decision.flow_id,
                    created=self.now(),
                    as_of=decision.as_of,
                    pack=decision.pack,
                    status=decision.status,
                    pathway=decision.pathway,
                    input_sha256=digest,
                    input_json=input_json,
                    result_json=canonical_json(decision.result).decode("utf-8"),
                    requested_by=decision.requested_by,
                )
            )
        return digest

    def get_decision(self, decision_id: str) -> StoredDecision | None:
        """One stored decision, or None."""
        with Session(self.engine) as s:
            row = s.get(DecisionRow, decision_id)
            if row is None:
                return None
            return StoredDecision(
                id=row.id,
                flow_id=row.flow_id,
                as_of=row.as_of,
                pack=row.pack,
                status=row.status,
                pathway=row.pathway,
                input=json.loads(row.input_json),
                result=json.loads(row.result_json),
                requested_by=row.requested_by,
            )

    # -- export runs -----------------------------------------------------------------------

    def start_run(self, run_id: str, flow_id: str) -> None:
        """Record a run as started."""
        with self.session() as s:
            s.add(ExportRunRow(id=run_id, flow_id=flow_id, status="started", created=self.now()))

    def update_run(self, s: Session, run_id: str, **values: Any) -> None:
        """Update columns of a run inside the caller's transaction (dicts stored as JSON)."""
        row = s.get(ExportRunRow, run_id)
        if row is None:
            raise InputError(Msg("err-no-export-run", run=run_id))
        for key, value in values.items():
            if key in ("pending", "error"):
                setattr(row, f"{key}_json", json.dumps(value) if value is not None else None)
            else:
                setattr(row, key, value)
        if row.status in _FINAL_RUN_STATES:
            # A finished run needs no pending delta: keep no fingerprints beyond the counters.
            row.pending_json = None

    def get_run(self, run_id: str) -> StoredRun | None:
        """One run, or None."""
        with Session(self.engine) as s:
            row = s.get(ExportRunRow, run_id)
            return _run(row) if row is not None else None

    def runs(self, *, status: str | None = None) -> list[StoredRun]:
        """Runs, oldest first, optionally with one status."""
        with Session(self.engine) as s:
            q = select(ExportRunRow).order_by(ExportRunRow.created, ExportRunRow.id)
            if status is not None:
                q = q.where(ExportRunRow.status == status)
            return [_run(r) for r in s.execute(q).scalars().all()]

    def record_manifest(self, s: Session, run_id: str, sha256: str, body: dict[str, Any]) -> None:
        """Store a released run's manifest inside the caller's transaction."""
        if s.get(ManifestRow, run_id) is None:
            s.add(
                ManifestRow(
                    run_id=run_id, sha256=sha256, body_json=canonical_json(body).decode("utf-8")
                )
            )

    # -- counters --------------------------------------------------------------------------

    def counters(self, handler_id: str, year: int) -> dict[str, YearCount]:
        """Year-to-date counts by kind (``pi.individuals``, ``pi.sensitive_individuals``).

        Each is a :class:`YearCount` over the counter-key versions used that year.
        """
        with Session(self.engine) as s:
            rows = (
                s.execute(
                    select(CounterRow).where(
                        CounterRow.handler_id == handler_id, CounterRow.year == year
                    )
                )
                .scalars()
                .all()
            )
            by_kind: dict[str, dict[str, DistinctSketch]] = {}
            for r in rows:
                by_kind.setdefault(r.kind, {})[r.key_id] = DistinctSketch.from_blobs(
                    r.exact_blob, r.hll_blob, key_id=r.key_id, count=r.estimate
                )
            return {kind: YearCount(versions) for kind, versions in by_kind.items()}

    def counter_rows(self) -> list[dict[str, Any]]:
        """Every counter row's identity, count, version and state digest (for cross-checks)."""
        with Session(self.engine) as s:
            rows = s.execute(select(CounterRow)).scalars().all()
            return [
                {
                    "handler_id": r.handler_id,
                    "year": r.year,
                    "kind": r.kind,
                    "key_id": r.key_id,
                    "estimate": r.estimate,
                    "version": r.version,
                    "state_sha256": counter_state_sha256(r.estimate, r.exact_blob, r.hll_blob),
                }
                for r in rows
            ]

    def merge_counter(
        self,
        s: Session,
        handler_id: str,
        year: int,
        kind: str,
        delta: DistinctSketch,
        *,
        actor: str = "carborder",
        run_id: str | None = None,
    ) -> int:
        """Union ``delta`` into its key version's counter inside the caller's transaction.

        Returns the year's estimate for the kind (all key versions). The row is locked
        (``BEGIN IMMEDIATE`` on SQLite, ``FOR UPDATE`` on PostgreSQL) between read and
        write, so parallel exports never lose an update; the new state is recorded in the
        audit chain (``counters.updated``) in the same transaction.

        Raises:
            ValueError: ``delta`` carries no counter-key id.
        """
        if not delta.key_id:
            raise ValueError("a counter delta must carry the id of its counter key")
        empty = DistinctSketch(delta.key_id)
        if delta.key_id == LEGACY_KEY_ID:
            empty = DistinctSketch.count_only(0)
        empty_exact, empty_hll = empty.to_blobs()
        values = {
            "handler_id": handler_id,
            "year": year,
            "kind": kind,
            "key_id": delta.key_id,
            "estimate": 0,
            "exact_blob": empty_exact,
            "hll_blob": empty_hll,
            "updated": self.now(),
            "version": 0,
        }
        dialect = s.get_bind().dialect.name
        ins: Any
        # each dialect's insert imported for its own engine: PostgreSQL's dialect costs a
        # SQLite process about 60 ms of start-up
        if dialect == "postgresql":
            from sqlalchemy.dialects import postgresql

            ins = postgresql.insert(CounterRow).values(**values).on_conflict_do_nothing()
        else:
            from sqlalchemy.dialects import sqlite

            ins = sqlite.insert(CounterRow).values(**values).on_conflict_do_nothing()
        s.execute(ins)
        row = s.execute(
            select(CounterRow)
            .where(
                CounterRow.handler_id == handler_id,
                CounterRow.year == year,
                CounterRow.kind == kind,
                CounterRow.key_id == delta.key_id,
            )
            .with_for_update()
        ).scalar_one()
        current = DistinctSketch.from_blobs(
            row.exact_blob, row.hll_blob, key_id=row.key_id, count=row.estimate
        )
        current.merge(delta)
        row.exact_blob, row.hll_blob = current.to_blobs()
        row.estimate = current.estimate
        row.updated = self.now()
        row.version = row.version + 1
        self.append_event(
            s,
            CounterUpdated(
                handler_id=handler_id,
                year=year,
                kind=kind,
                key_id=row.key_id,
                estimate=row.estimate,
                version=row.version,
                state_sha256=counter_state_sha256(row.estimate, row.exact_blob, row.hll_blob),
                run_id=run_id,
            ),
            actor=actor,
        )
        others = s.execute(
            select(CounterRow.estimate).where(
                CounterRow.handler_id == handler_id,
                CounterRow.year == year,
                CounterRow.kind == kind,
                CounterRow.key_id != delta.key_id,
            )
        ).scalars()
        return row.estimate + sum(others)


def _events(
    conn: Connection,
    *,
    since: str | None = None,
    chunk: int = 5000,
    raw: bool = False,
    after: int = 0,
) -> Iterator[StoredEvent]:
    last = after
    while True:
        q = select(AuditEventRow.__table__).where(AuditEventRow.seq > last)
        if since is not None:
            q = q.where(AuditEventRow.created >= since)
        rows = conn.execute(q.order_by(AuditEventRow.seq).limit(chunk)).all()
        if not rows:
            return
        for r in rows:
            yield StoredEvent(
                r.seq,
                r.name,
                r.actor,
                r.created,
                None if raw else json.loads(r.payload_json),
                r.prev_hash,
                r.hash,
                r.payload_json if raw else None,
            )
        last = rows[-1].seq


def _stored_manifest(run_id: str, body_json: str) -> tuple[str, Anchor | None]:
    """SHA-256 of the file a stored manifest writes, and the chain head it carries."""
    try:
        signed = json.loads(body_json)
    except ValueError:
        return "unreadable", None
    digest = hashlib.sha256(manifest_file_bytes(signed)).hexdigest()
    head = signed.get("body", {}).get("audit_head") if isinstance(signed, dict) else None
    if not isinstance(head, dict) or not isinstance(head.get("seq"), int):
        return digest, None
    return digest, Anchor(int(head["seq"]), str(head.get("hash")), "stored", run_id)


def _table_state(conn: Connection) -> tuple[TableState, list[Anchor]]:
    """The rows the chain vouches for, and the heads the stored manifests carry."""
    state = TableState()
    anchors: list[Anchor] = []
    for c in conn.execute(select(CounterRow.__table__)).all():
        state.counters.append(
            {
                "handler_id": c.handler_id,
                "year": c.year,
                "kind": c.kind,
                "key_id": c.key_id,
                "estimate": c.estimate,
                "version": c.version,
                "state_sha256": counter_state_sha256(c.estimate, c.exact_blob, c.hll_blob),
            }
        )
    q = select(ExportRunRow.id, ExportRunRow.status, ExportRunRow.manifest_sha256)
    for r in conn.execute(q).all():
        state.runs[r.id] = (r.status, r.manifest_sha256)
    for m in conn.execute(select(ManifestRow.__table__)).all():
        digest, anchor = _stored_manifest(m.run_id, m.body_json)
        state.manifests[m.run_id] = (m.sha256, digest)
        if anchor is not None:
            anchors.append(anchor)
    for a in conn.execute(select(ApprovalRow.__table__)).all():
        state.approvals[a.id] = {
            "kind": a.kind,
            "flows": json.loads(a.flows_json),
            "issued": a.issued.isoformat(),
            "valid_until": a.valid_until.isoformat() if a.valid_until else None,
            "evidence_sha256": a.evidence_sha256,
            "scope_sha256": scope_sha256(json.loads(a.scope_json)) if a.scope_json else None,
            "revoked": bool(a.revoked),
        }
    for d in conn.execute(select(DecisionRow.id, DecisionRow.input_sha256)).all():
        state.decisions[d.id] = d.input_sha256
    return state, anchors
