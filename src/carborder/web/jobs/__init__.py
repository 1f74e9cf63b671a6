"""Background jobs with progress: scans, exports, filing builds, verifications."""

from __future__ import annotations

from carborder.web.jobs.runner import JobRunner
from carborder.web.jobs.tasks import JobTarget, run_job

__all__ = ["JobRunner", "JobTarget", "run_job"]
