"""Export requests: asked for by one person, approved by another, then run by the gateway.

The four-eyes rule lives here, on the object: whoever requested an export cannot approve or
deny it, whatever their role. The gateway itself still decides whether the data may leave
(a request approved by a person is not a legal basis; the flow's decision is).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carborder.errors import Msg
from carborder.store.repository import Store
from carborder.store.server_tables import ExportRequestRow
from carborder.web.db.jobs import Jobs
from carborder.web.errors import ConflictError, NotFoundError, SeparationOfDutiesError
from carborder.web.events import ExportApproved, ExportDenied, ExportRequested

__all__ = ["REQUEST_STATUSES", "ExportRequest", "ExportRequests"]

#: requested → running (approved) → released | refused | failed; requested → denied.
REQUEST_STATUSES = ("requested", "running", "released", "refused", "failed", "denied")


@dataclass(frozen=True)
class ExportRequest:
    """An export request as stored."""

    id: str
    flow_id: str
    asset: str | None
    inputs: list[str]
    subject: str | None
    purpose: str | None
    status: str
    requested_by: str
    requested: str
    decided_by: str | None
    decided: str | None
    decision_note: str | None
    job_id: str | None
    run_id: str | None
    output: str | None
    result: dict[str, Any] | None


def _request(row: ExportRequestRow) -> ExportRequest:
    return ExportRequest(
        id=row.id,
        flow_id=row.flow_id,
        asset=row.asset,
        inputs=json.loads(row.inputs_json),
        subject=row.subject,
        purpose=row.purpose,
        status=row.status,
        requested_by=row.requested_by,
        requested=row.requested,
        decided_by=row.decided_by,
        decided=row.decided,
        decision_note=row.decision_note,
        job_id=row.job_id,
        run_id=row.run_id,
        output=row.output,
        result=json.loads(row.result_json) if row.result_json else None,
    )


class ExportRequests:
    """Export requests in the workspace store; every transition is audited."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def request(
        self,
        flow_id: str,
        inputs: list[str],
        *,
        actor: str,
        asset: str | None = None,
        subject: str | None = None,
        purpose: str | None = None,
    ) -> ExportRequest:
        """Record a request (inputs already checked to lie inside the workspace)."""
        row = ExportRequestRow(
            id=uuid.uuid4().hex[:16],
            flow_id=flow_id,
            asset=asset,
            inputs_json=json.dumps(inputs, ensure_ascii=False),
            subject=subject,
            purpose=purpose,
            status="requested",
            requested_by=actor,
            requested=self.store.now(),
        )
        with self.store.session() as s:
            s.add(row)
            self.store.append_event(
                s, ExportRequested(request_id=row.id, flow_id=flow_id, inputs=inputs), actor=actor
            )
        return _request(row)

    def get(self, request_id: str) -> ExportRequest:
        """One request.

        Raises:
            NotFoundError: no such request.
        """
        with Session(self.store.engine) as s:
            row = s.get(ExportRequestRow, request_id)
            if row is None:
                raise NotFoundError(
                    Msg("web-no", what=Msg("thing-export-request"), id=str(request_id))
                )
            return _request(row)

    def list(self, *, status: str | None = None, limit: int = 200) -> list[ExportRequest]:
        """Newest first, optionally with one status."""
        with Session(self.store.engine) as s:
            q = (
                select(ExportRequestRow)
                .order_by(ExportRequestRow.requested.desc(), ExportRequestRow.id)
                .limit(limit)
            )
            if status is not None:
                q = q.where(ExportRequestRow.status == status)
            return [_request(r) for r in s.execute(q).scalars()]

    def count(self, *, status: str | None = None) -> int:
        """How many requests (with one status)."""
        with Session(self.store.engine) as s:
            q = select(func.count()).select_from(ExportRequestRow)
            if status is not None:
                q = q.where(ExportRequestRow.status == status)
            return int(s.execute(q).scalar_one())

    def _pending(self, s: Session, request_id: str, actor: str) -> ExportRequestRow:
        row = s.get(ExportRequestRow, request_id)
        if row is None:
            raise NotFoundError(Msg("web-no", what=Msg("thing-export-request"), id=str(request_id)))
        if row.requested_by == actor:
            raise SeparationOfDutiesError(
                Msg("web-sod-export", id=str(request_id)), hint=Msg("web-hint-sod-export")
            )
        if row.status != "requested":
            raise ConflictError(
                Msg("web-export-decided", id=str(request_id), status=str(row.status)),
                hint=Msg("web-hint-export-decided"),
            )
        return row

    def approve(
        self, request_id: str, *, actor: str, jobs: Jobs, note: str | None = None
    ) -> tuple[ExportRequest, str]:
        """Approve a request and queue its export job in the same transaction.

        Returns:
            The updated request and the id of the job to run.

        Raises:
            SeparationOfDutiesError: ``actor`` requested it.
            ConflictError: it is not waiting for a decision.
            NotFoundError: no such request.
        """
        with self.store.session() as s:
            row = self._pending(s, request_id, actor)
            job_id = jobs.create("export", {"request_id": request_id}, actor=actor, session=s)
            row.status = "running"
            row.decided_by = actor
            row.decided = self.store.now()
            row.decision_note = note
            row.job_id = job_id
            self.store.append_event(
                s,
                ExportApproved(
                    request_id=row.id,
                    flow_id=row.flow_id,
                    requested_by=row.requested_by,
                    job_id=job_id,
                ),
                actor=actor,
            )
            return _request(row), job_id

    def deny(self, request_id: str, *, actor: str, reason: str | None = None) -> ExportRequest:
        """Deny a request.

        Raises:
            SeparationOfDutiesError: ``actor`` requested it.
            ConflictError: it is not waiting for a decision.
            NotFoundError: no such request.
        """
        with self.store.session() as s:
            row = self._pending(s, request_id, actor)
            row.status = "denied"
            row.decided_by = actor
            row.decided = self.store.now()
            row.decision_note = reason
            self.store.append_event(
                s, ExportDenied(request_id=row.id, flow_id=row.flow_id, reason=reason), actor=actor
            )
            return _request(row)

    def finish(self, request_id: str, *, status: str, result: dict[str, Any]) -> None:
        """Record the gateway's outcome (released, refused or failed) for a running request."""
        with self.store.session() as s:
            row = s.get(ExportRequestRow, request_id)
            if row is None:
                raise NotFoundError(
                    Msg("web-no", what=Msg("thing-export-request"), id=str(request_id))
                )
            row.status = status
            row.run_id = result.get("run_id")
            row.output = result.get("output")
            row.result_json = json.dumps(result, ensure_ascii=False, sort_keys=True, default=str)
