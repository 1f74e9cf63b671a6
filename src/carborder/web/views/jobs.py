"""Jobs and export requests as the API returns them."""

from __future__ import annotations

from carborder.web.db.exports import ExportRequest
from carborder.web.db.jobs import Job, Jobs
from carborder.web.schemas import ExportRequestOut, JobOut

__all__ = ["export_out", "job_out"]


def job_out(job: Job) -> JobOut:
    """A job for the API."""
    return JobOut(
        id=job.id,
        kind=job.kind,
        status=job.status,
        progress=job.progress,
        stage=job.stage,
        created_by=job.created_by,
        created=job.created,
        params=job.params,
        started=job.started,
        finished=job.finished,
        result=job.result,
        error=job.error,
    )


def export_out(req: ExportRequest, jobs: Jobs) -> ExportRequestOut:
    """An export request with its job."""
    return ExportRequestOut(
        id=req.id,
        flow=req.flow_id,
        asset=req.asset,
        inputs=req.inputs,
        subject=req.subject,
        purpose=req.purpose,
        status=req.status,
        requested_by=req.requested_by,
        requested=req.requested,
        decided_by=req.decided_by,
        decided=req.decided,
        decision_note=req.decision_note,
        job=job_out(jobs.get(req.job_id)) if req.job_id else None,
        run_id=req.run_id,
        output=req.output,
        result=req.result,
    )
