"""The server's tables and repositories (users, tokens, sessions, jobs, export requests)."""

from __future__ import annotations

from carborder.web.db.accounts import Accounts, SessionInfo, TokenInfo, User
from carborder.web.db.exports import ExportRequest, ExportRequests
from carborder.web.db.jobs import Job, Jobs

__all__ = [
    "Accounts",
    "ExportRequest",
    "ExportRequests",
    "Job",
    "Jobs",
    "SessionInfo",
    "TokenInfo",
    "User",
]
