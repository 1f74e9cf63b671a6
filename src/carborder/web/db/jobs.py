"""Background jobs: a row per job with status, progress and result, readable while it runs."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from carborder.errors import Msg
from carborder.store.repository import Store
from carborder.store.server_tables import JobRow
from carborder.web.errors import NotFoundError

__all__ = ["JOB_KINDS", "Job", "Jobs"]

#: Kinds of background work the server runs.
JOB_KINDS = ("scan", "export", "filing_build", "audit_verify", "manifest_verify")


@dataclass(frozen=True)
class Job:
    """A job as stored."""

    id: str
    kind: str
    status: str
    progress: float
    stage: str
    created_by: str
    created: str
    started: str | None
    finished: str | None
    params: dict[str, Any]
    result: dict[str, Any] | None
    error: dict[str, Any] | None

    @property
    def done(self) -> bool:
        """Whether the job has finished (either way)."""
        return self.status in ("succeeded", "failed")


def _job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        status=row.status,
        progress=row.progress,
        stage=row.stage,
        created_by=row.created_by,
        created=row.created,
        started=row.started,
        finished=row.finished,
        params=json.loads(row.params_json),
        result=json.loads(row.result_json) if row.result_json else None,
        error=json.loads(row.error_json) if row.error_json else None,
    )


class Jobs:
    """Job rows in the workspace store; any process can update progress."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(
        self, kind: str, params: dict[str, Any], *, actor: str, session: Session | None = None
    ) -> str:
        """Queue a job; returns its id (inside ``session`` when given)."""
        job_id = uuid.uuid4().hex[:16]
        row = JobRow(
            id=job_id,
            kind=kind,
            status="queued",
            progress=0.0,
            stage="queued",
            created_by=actor,
            created=self.store.now(),
            params_json=json.dumps(params, ensure_ascii=False, sort_keys=True),
        )
        if session is not None:
            session.add(row)
        else:
            with self.store.session() as s:
                s.add(row)
        return job_id

    def get(self, job_id: str) -> Job:
        """One job.

        Raises:
            NotFoundError: no such job.
        """
        with Session(self.store.engine) as s:
            row = s.get(JobRow, job_id)
            if row is None:
                raise NotFoundError(Msg("web-no", what=Msg("thing-job"), id=str(job_id)))
            return _job(row)

    def list(self, *, kind: str | None = None, limit: int = 50) -> list[Job]:
        """Latest jobs first."""
        with Session(self.store.engine) as s:
            q = select(JobRow).order_by(JobRow.created.desc(), JobRow.id).limit(limit)
            if kind is not None:
                q = q.where(JobRow.kind == kind)
            return [_job(r) for r in s.execute(q).scalars()]

    def start(self, job_id: str) -> None:
        """Mark a job running."""
        self._set(job_id, status="running", started=self.store.now(), stage="started")

    def progress(self, job_id: str, fraction: float, stage: str) -> None:
        """Record progress (0..1) and the current stage."""
        self._set(job_id, progress=max(0.0, min(1.0, fraction)), stage=stage[:200])

    def succeed(self, job_id: str, result: dict[str, Any]) -> None:
        """Mark a job done with its result."""
        self._set(
            job_id,
            status="succeeded",
            progress=1.0,
            stage="done",
            finished=self.store.now(),
            result_json=json.dumps(result, ensure_ascii=False, sort_keys=True, default=str),
        )

    def fail(self, job_id: str, error: dict[str, Any]) -> None:
        """Mark a job failed with a JSON error body (code, message, hint)."""
        self._set(
            job_id,
            status="failed",
            stage="failed",
            finished=self.store.now(),
            error_json=json.dumps(error, ensure_ascii=False, sort_keys=True, default=str),
        )

    def interrupt_unfinished(self) -> int:
        """Fail jobs left queued or running by a server that stopped; returns how many."""
        body = json.dumps(
            {
                "code": "interrupted",
                "message": "the server stopped before this job finished",
                "hint": "start it again; exports left half-done are recovered or removed by the gateway",
            }
        )
        with self.store.session() as s:
            result = s.execute(
                update(JobRow)
                .where(JobRow.status.in_(("queued", "running")))
                .values(status="failed", stage="failed", finished=self.store.now(), error_json=body)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def _set(self, job_id: str, **values: Any) -> None:
        with self.store.session() as s:
            s.execute(update(JobRow).where(JobRow.id == job_id).values(**values))
