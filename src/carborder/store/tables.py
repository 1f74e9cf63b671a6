"""SQLAlchemy 2 table models of the store; migrations under ``migrations/`` create them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ApprovalRow",
    "AuditEventRow",
    "AuditHeadRow",
    "Base",
    "CounterRow",
    "DecisionRow",
    "DetectedFactRow",
    "ExportRunRow",
    "ManifestRow",
    "ScanFileRow",
    "ScanRow",
    "metadata",
]

_NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Shared metadata; timestamps are stored as fixed-width UTC strings so both engines sort alike.
metadata = MetaData(naming_convention=_NAMING)


class Base(DeclarativeBase):
    """Declarative base bound to :data:`metadata`."""

    metadata = metadata


class ScanRow(Base):
    """A stored scan: the detected facts of a set of byte-identical input files."""

    __tablename__ = "scans"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created: Mapped[str] = mapped_column(String(32))
    input_sha256: Mapped[str] = mapped_column(String(64), index=True)
    facts_json: Mapped[str] = mapped_column(Text)
    evidence_json: Mapped[str] = mapped_column(Text)
    columns_json: Mapped[str] = mapped_column(Text, default="{}")
    rows: Mapped[int] = mapped_column(Integer, default=0)


class ScanFileRow(Base):
    """One file of a scan, by content hash."""

    __tablename__ = "scan_files"

    scan_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(1024), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    bytes: Mapped[int] = mapped_column(Integer)


class DetectedFactRow(Base):
    """One detected fact of a scan (queryable copy of ``scans.facts_json``)."""

    __tablename__ = "detected_facts"

    scan_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class ApprovalRow(Base):
    """An approval held: assessment result, contract filing, certificate or MNR approval."""

    __tablename__ = "approvals"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    flows_json: Mapped[str] = mapped_column(Text)
    issued: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created: Mapped[str] = mapped_column(String(32))
    # what it was granted for (ApprovalScope as JSON); NULL = not recorded. Last, where
    # migration 0003 added it: a new database is created from these models (same order)
    scope_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class DecisionRow(Base):
    """A stored decision with the digest and copy of its input, so it can be replayed."""

    __tablename__ = "decisions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    flow_id: Mapped[str] = mapped_column(String(128), index=True)
    created: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[str] = mapped_column(String(10))
    pack: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(32))
    pathway: Mapped[str | None] = mapped_column(String(64), nullable=True)
    input_sha256: Mapped[str] = mapped_column(String(64))
    input_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(128))


class ExportRunRow(Base):
    """An export run and its state: started, refused, committing, released, abandoned."""

    __tablename__ = "export_runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    flow_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created: Mapped[str] = mapped_column(String(32))
    finished: Mapped[str | None] = mapped_column(String(32), nullable=True)
    output: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    decision_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    manifest_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pending_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class ManifestRow(Base):
    """The signed manifest of a released run."""

    __tablename__ = "manifests"

    run_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("export_runs.id", ondelete="CASCADE"), primary_key=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    body_json: Mapped[str] = mapped_column(Text)


class AuditEventRow(Base):
    """One event of the audit chain."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(128))
    created: Mapped[str] = mapped_column(String(32), index=True)
    payload_json: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The latest event of the chain (one row); it detects truncation and serialises appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class CounterRow(Base):
    """Distinct individuals per handler, calendar year, kind and counter-key version.

    ``exact_blob``/``hll_blob`` hold keyed fingerprints (HMAC with the counter key ``key_id``);
    rows of ``key_id`` ``legacy-unkeyed`` hold only ``estimate`` (migrated, fingerprints
    destroyed). A year's count is the sum over its key versions.
    """

    __tablename__ = "counters"

    handler_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    estimate: Mapped[int] = mapped_column(Integer, default=0)
    exact_blob: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    hll_blob: Mapped[bytes] = mapped_column(LargeBinary)
    updated: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=0)
