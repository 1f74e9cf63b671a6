"""Filings being prepared: scope, status, human answers with provenance, drafter and signer.

The filing packs themselves are built by :mod:`carborder.filings` (stateless); this keeps
what a team adds around them. Drafter ≠ signer is checked here, on the object. Answering a
field of a signed filing starts a new version (the signature covered the old one).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carborder.errors import Msg
from carborder.store.repository import Store
from carborder.store.server_tables import FilingFieldRow, FilingRow
from carborder.web.errors import ConflictError, NotFoundError, SeparationOfDutiesError
from carborder.web.events import FilingCreated, FilingFieldSet, FilingSigned

__all__ = ["FILING_STATUSES", "Filing", "FilingAnswer", "Filings"]

#: draft → signed; a new answer on a signed filing makes version n+1, back to draft.
FILING_STATUSES = ("draft", "signed")


@dataclass(frozen=True)
class FilingAnswer:
    """A human answer: the value, who gave it and when."""

    field_id: str
    value: Any
    set_by: str
    set_at: str


@dataclass(frozen=True)
class Filing:
    """A filing as stored."""

    id: str
    type: str
    title: str
    scope: dict[str, Any]
    status: str
    drafted_by: str
    created: str
    updated: str
    signed_by: str | None
    signed: str | None
    version: int
    document_sha256: str | None
    job_id: str | None

    @property
    def flow(self) -> str | None:
        """The flow a flow filing covers."""
        value = self.scope.get("flow")
        return str(value) if value is not None else None

    @property
    def year(self) -> int | None:
        """The year an annual report covers."""
        value = self.scope.get("year")
        return int(value) if value is not None else None


def _filing(row: FilingRow) -> Filing:
    return Filing(
        id=row.id,
        type=row.type,
        title=row.title,
        scope=json.loads(row.scope_json),
        status=row.status,
        drafted_by=row.drafted_by,
        created=row.created,
        updated=row.updated,
        signed_by=row.signed_by,
        signed=row.signed,
        version=row.version,
        document_sha256=row.document_sha256,
        job_id=row.job_id,
    )


class Filings:
    """Filing rows and their human answers in the workspace store; changes are audited."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, type_: str, scope: dict[str, Any], *, title: str, actor: str) -> Filing:
        """Start a draft (``type_`` is ``flow`` or ``annual_report``)."""
        now = self.store.now()
        row = FilingRow(
            id=uuid.uuid4().hex[:16],
            type=type_,
            edition=None,
            title=title[:300],
            scope_json=json.dumps(scope, ensure_ascii=False, sort_keys=True),
            status="draft",
            drafted_by=actor,
            created=now,
            updated=now,
            version=1,
        )
        with self.store.session() as s:
            s.add(row)
            self.store.append_event(s, FilingCreated(filing_id=row.id, type=type_), actor=actor)
        return _filing(row)

    def get(self, filing_id: str) -> Filing:
        """One filing.

        Raises:
            NotFoundError: no such filing.
        """
        with Session(self.store.engine) as s:
            row = s.get(FilingRow, filing_id)
            if row is None:
                raise NotFoundError(
                    Msg("web-no", what=Msg("thing-filing"), id=str(filing_id)),
                    hint=Msg("web-hint-see", url="/api/v1/filings"),
                )
            return _filing(row)

    def all(self) -> list[Filing]:
        """Newest first."""
        with Session(self.store.engine) as s:
            q = select(FilingRow).order_by(FilingRow.created.desc(), FilingRow.id)
            return [_filing(r) for r in s.execute(q).scalars()]

    def answers(self, filing_id: str) -> list[FilingAnswer]:
        """The human answers given so far, by field id."""
        with Session(self.store.engine) as s:
            q = (
                select(FilingFieldRow)
                .where(FilingFieldRow.filing_id == filing_id)
                .order_by(FilingFieldRow.field_id)
            )
            return [
                FilingAnswer(r.field_id, json.loads(r.value), r.set_by, r.set_at)
                for r in s.execute(q).scalars()
            ]

    def answer_map(self, filing_id: str) -> dict[str, Any]:
        """Answers as the filings API takes them: ``{field_id: value}``."""
        return {a.field_id: a.value for a in self.answers(filing_id)}

    def set_answer(self, filing_id: str, field_id: str, value: Any, *, actor: str) -> Filing:
        """Record (or clear, with ``None``) a human answer; a signed filing gets a new version."""
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
        with self.store.session() as s:
            row = s.get(FilingRow, filing_id)
            if row is None:
                raise NotFoundError(Msg("web-no", what=Msg("thing-filing"), id=str(filing_id)))
            existing = s.get(FilingFieldRow, (filing_id, field_id))
            if value is None or value == "":
                if existing is not None:
                    s.delete(existing)
            elif existing is None:
                s.add(
                    FilingFieldRow(
                        filing_id=filing_id,
                        field_id=field_id,
                        value=encoded,
                        set_by=actor,
                        set_at=self.store.now(),
                    )
                )
            else:
                existing.value, existing.set_by, existing.set_at = encoded, actor, self.store.now()
            if row.status == "signed":
                row.version += 1
                row.status = "draft"
                row.signed_by = row.signed = row.document_sha256 = None
            row.updated = self.store.now()
            self.store.append_event(
                s,
                FilingFieldSet(
                    filing_id=filing_id,
                    field_id=field_id,
                    value_sha256=hashlib.sha256(encoded.encode("utf-8")).hexdigest(),
                ),
                actor=actor,
            )
            return _filing(row)

    def attach_job(self, filing_id: str, job_id: str) -> None:
        """Remember the latest build job of a filing."""
        with self.store.session() as s:
            row = s.get(FilingRow, filing_id)
            if row is None:
                raise NotFoundError(Msg("web-no", what=Msg("thing-filing"), id=str(filing_id)))
            row.job_id = job_id

    def check_signer(self, filing_id: str, actor: str) -> Filing:
        """Raise unless ``actor`` may sign: not the drafter, and not already signed.

        Raises:
            SeparationOfDutiesError: ``actor`` drafted it.
            ConflictError: it is already signed at this version.
        """
        filing = self.get(filing_id)
        if filing.drafted_by == actor:
            raise SeparationOfDutiesError(
                Msg("web-sod-filing", id=str(filing_id)), hint=Msg("web-hint-sod-filing")
            )
        if filing.status == "signed":
            raise ConflictError(
                Msg("web-filing-signed", id=str(filing_id), version=filing.version),
                hint=Msg("web-hint-filing-signed"),
            )
        return filing

    def sign(self, filing_id: str, *, actor: str, document_sha256: str, version: int) -> None:
        """Mark a complete build signed (the version must not have changed meanwhile)."""
        with self.store.session() as s:
            row = s.get(FilingRow, filing_id)
            if row is None:
                raise NotFoundError(Msg("web-no", what=Msg("thing-filing"), id=str(filing_id)))
            if row.drafted_by == actor:
                raise SeparationOfDutiesError(
                    Msg("web-sod-filing-by", id=str(filing_id), actor=actor)
                )
            if row.version != version:
                raise ConflictError(
                    Msg("web-filing-changed", id=str(filing_id)),
                    hint=Msg("web-hint-filing-changed"),
                )
            row.status = "signed"
            row.signed_by = actor
            row.signed = self.store.now()
            row.document_sha256 = document_sha256
            self.store.append_event(
                s,
                FilingSigned(
                    filing_id=filing_id,
                    drafted_by=row.drafted_by,
                    document_sha256=document_sha256,
                ),
                actor=actor,
            )
