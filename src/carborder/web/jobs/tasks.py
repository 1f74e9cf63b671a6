"""What each kind of background job does; runs in a worker process (or thread) of the server.

A job reads its parameters from its row, reports progress into it and ends as
``succeeded`` with a result or ``failed`` with a coded error: a job never stays ``running``
because of an exception in its own code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carborder.errors import CarborderError, Msg, ScanInputError
from carborder.i18n import LANGS
from carborder.store.repository import Store
from carborder.web.db.exports import ExportRequests
from carborder.web.db.jobs import Job, Jobs
from carborder.web.events import AuditVerified
from carborder.web.paths import inside_workspace

__all__ = ["JobTarget", "run_job"]

_log = logging.getLogger(__name__)

#: Gateway stages in order, to turn a stage name into a fraction done.
_EXPORT_STAGES = (
    "scanned",
    "decided",
    "written",
    "rescanned",
    "manifest",
    "committing",
    "committed",
    "counted",
)


@dataclass(frozen=True)
class JobTarget:
    """Where a job runs: the workspace and its store (picklable, for worker processes)."""

    workspace: Path
    store_url: str
    store_schema: str | None = None

    def open_store(self) -> Store:
        """Open the store without migrating (the server did that at start)."""
        return Store.open(self.store_url, schema=self.store_schema, upgrade=False)


def run_job(target: JobTarget, job_id: str) -> None:
    """Run one queued job to its end; the top-level function worker processes execute."""
    store = target.open_store()
    jobs = Jobs(store)
    try:
        job = jobs.get(job_id)
        jobs.start(job_id)
        handler = _HANDLERS.get(job.kind)
        if handler is None:
            jobs.fail(job_id, {"code": "unknown-job", "message": f"unknown job kind {job.kind}"})
            return
        result = handler(target, store, jobs, job)
        jobs.succeed(job_id, result)
    except CarborderError as exc:
        said = {
            lang.value: dict(zip(("message", "hint"), exc.localized(lang.value), strict=True))
            for lang in LANGS
        }  # the job page shows the reader's language
        jobs.fail(
            job_id, {"code": exc.code, "message": exc.message, "hint": exc.hint, "i18n": said}
        )
        _after_failure(store, job_id, exc.code, exc.message)
    except Exception as exc:  # a job must end failed, never hang as running
        _log.exception("job %s failed", job_id)
        jobs.fail(job_id, {"code": "internal", "message": f"{type(exc).__name__}: {exc}"})
        _after_failure(store, job_id, "internal", str(exc))
    finally:
        store.close()


def _after_failure(store: Store, job_id: str, code: str, message: str) -> None:
    """A failed export job leaves its request ``failed`` (not ``running``) with the reason."""
    job = Jobs(store).get(job_id)
    if job.kind == "export" and "request_id" in job.params:
        ExportRequests(store).finish(
            job.params["request_id"],
            status="failed",
            result={"status": "failed", "code": code, "message": message},
        )


def _scan(target: JobTarget, store: Store, jobs: Jobs, job: Job) -> dict[str, Any]:
    from carborder.scan import scan
    from carborder.scan.runners.base import ProgressEvent
    from carborder.workspace.config import Workspace
    from carborder.workspace.scans import save_recorded_scan

    ws = Workspace.open(target.workspace)
    asset = str(job.params["asset"])
    paths = [inside_workspace(ws.root, p) for p in job.params["inputs"]]

    def on_progress(ev: ProgressEvent) -> None:
        total = ev.bytes_total or 0
        fraction = ev.bytes_done / total if total else 0.0
        jobs.progress(job.id, 0.95 * fraction, f"scanning {ev.files_done}/{ev.files_total}")

    result = scan(
        [str(p) for p in paths],
        asset=asset,
        sample=job.params.get("sample"),
        sensitive_areas=ws.sensitive_areas_path(),
        dbc=ws.dbc_paths(),
        progress=on_progress,
    )
    if result.errors:
        # fail closed: a saved scan decides pathways, and an unread file added no facts
        first = result.errors[0]
        raise ScanInputError(
            Msg(
                "err-scan-not-saved",
                asset=asset,
                count=len(result.errors),
                file=Path(first.path).name,
            ),
            file=Path(first.path).name,
        )
    save_recorded_scan(ws.root, asset, result, actor=job.created_by, store=store)
    return {
        "asset": asset,
        "facts": result.facts,
        "files": [
            {"path": Path(f.path).name, "status": f.status, "rows": f.rows} for f in result.files
        ],
        "errors": [{"path": Path(e.path).name, "reason": e.reason} for e in result.errors],
        "rows": result.details.get("rows", 0),
    }


def _export(target: JobTarget, store: Store, jobs: Jobs, job: Job) -> dict[str, Any]:
    from carborder.gateway import export

    requests = ExportRequests(store)
    req = requests.get(str(job.params["request_id"]))
    root = target.workspace.resolve()
    inputs = [inside_workspace(root, p) for p in req.inputs]

    def on_stage(stage: str) -> None:
        done = _EXPORT_STAGES.index(stage) + 1 if stage in _EXPORT_STAGES else 0
        jobs.progress(job.id, done / len(_EXPORT_STAGES), stage)

    result = export(
        req.flow_id,
        workspace=root,
        inputs=inputs,
        output=root / "exports" / f"{req.flow_id}-{req.id}",
        asset=req.asset,
        subject=req.subject,
        actor=req.requested_by,
        store=store,
        progress=on_stage,
    )
    body = result.to_json()
    if body.get("output"):
        body["output"] = str(Path(body["output"]).relative_to(root))
    if body.get("manifest"):
        body["manifest"] = str(Path(body["manifest"]).relative_to(root))
    requests.finish(
        req.id, status="released" if result.status == "released" else "refused", result=body
    )
    return body


def _audit_verify(target: JobTarget, store: Store, jobs: Jobs, job: Job) -> dict[str, Any]:
    from carborder.gateway.anchoring import verify_workspace_audit

    jobs.progress(job.id, 0.05, "verifying")
    # the same check as `carborder audit verify`: chain, tables, stored and released manifests
    report = verify_workspace_audit(store, target.workspace)
    store.record_event(
        AuditVerified(ok=report.ok, events=report.events, head_seq=report.head_seq),
        actor=job.created_by,
    )
    return {
        "ok": report.ok,
        "events": report.events,
        "head_seq": report.head_seq,
        "head_hash": report.head_hash,
        "summary": report.summary(),
        "summary_zh": report.summary("zh"),
        "checked": dict(report.checked),
        "problems": [{**p.to_json(), "message_zh": p.detail("zh")} for p in report.problems[:50]],
    }


def _manifest_verify(target: JobTarget, store: Store, jobs: Jobs, job: Job) -> dict[str, Any]:
    from carborder.gateway import verify_manifest
    from carborder.gateway.signing import load_public_key_b64

    req = ExportRequests(store).get(str(job.params["request_id"]))
    if not req.output:
        nothing = Msg("web-export-no-manifest", id=req.id)
        return {"ok": False, "summary": nothing.format("en"), "summary_zh": nothing.format("zh")}
    jobs.progress(job.id, 0.1, "verifying")
    # the signature must be the workspace's own key, not merely the key embedded in the file
    trusted = load_public_key_b64(target.workspace / ".carborder" / "keys") or "(no workspace key)"
    report = verify_manifest(
        inside_workspace(target.workspace, req.output), trusted_public_key=trusted
    )
    return {
        "ok": report.ok,
        "summary": report.summary(),
        "summary_zh": report.summary("zh"),
        "problems": list(report.problems),
    }


def _filing_build(target: JobTarget, store: Store, jobs: Jobs, job: Job) -> dict[str, Any]:
    from carborder.web.jobs.filing_task import build_filing_job

    return build_filing_job(target.workspace, store, jobs, job)


_Handler = Callable[[JobTarget, Store, Jobs, Job], dict[str, Any]]

_HANDLERS: dict[str, _Handler] = {
    "scan": _scan,
    "export": _export,
    "audit_verify": _audit_verify,
    "manifest_verify": _manifest_verify,
    "filing_build": _filing_build,
}
