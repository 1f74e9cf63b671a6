"""Run jobs off the request path: worker processes by default, so the server never blocks."""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Literal

from carborder.web.db.jobs import Jobs
from carborder.web.jobs.tasks import JobTarget, run_job

__all__ = ["JobRunner"]

_log = logging.getLogger(__name__)


class JobRunner:
    """Submit queued jobs to a pool; a worker that dies marks its job failed.

    Args:
        target: Workspace and store the jobs work on.
        jobs: Job rows (to fail a job whose worker crashed).
        mode: ``process`` (CPU-heavy scans and exports do not slow the server) or ``thread``.
        workers: Jobs run at the same time.
    """

    def __init__(
        self,
        target: JobTarget,
        jobs: Jobs,
        *,
        mode: Literal["process", "thread"] = "process",
        workers: int = 1,
    ) -> None:
        self.target = target
        self.jobs = jobs
        self.mode = mode
        self.workers = workers
        self._pool: Executor | None = None

    def _executor(self) -> Executor:
        if self._pool is None:
            if self.mode == "process":
                # spawn, not fork: the server has threads and open connections
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
                )
            else:
                self._pool = ThreadPoolExecutor(
                    max_workers=self.workers, thread_name_prefix="carborder-job"
                )
        return self._pool

    def submit(self, job_id: str) -> Future[None]:
        """Start a queued job; returns its future (the job row is the source of truth)."""
        future: Future[None] = self._executor().submit(run_job, self.target, job_id)
        future.add_done_callback(lambda f: self._check(job_id, f))
        return future

    def _check(self, job_id: str, future: Future[None]) -> None:
        exc = future.exception()
        if exc is None:
            return
        _log.error("worker for job %s died: %s", job_id, exc)
        try:
            job = self.jobs.get(job_id)
            if not job.done:
                self.jobs.fail(
                    job_id,
                    {"code": "worker-died", "message": f"the job's worker stopped: {exc}"},
                )
        except Exception:  # the store may be closing with the server
            _log.exception("could not mark job %s failed", job_id)

    def shutdown(self) -> None:
        """Wait for running jobs and stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
