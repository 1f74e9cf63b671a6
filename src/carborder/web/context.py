"""Everything a request handler needs, built once per server: workspace, store, repositories."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import Request

from carborder.audit.clock import Clock, system_clock
from carborder.store.repository import Store
from carborder.web.auth import Principal
from carborder.web.db.accounts import Accounts
from carborder.web.db.exports import ExportRequests
from carborder.web.db.filings import Filings
from carborder.web.db.jobs import Jobs
from carborder.web.events import AccessDenied
from carborder.web.jobs import JobRunner, JobTarget
from carborder.web.settings import ServerSettings
from carborder.web.state import WorkspaceState
from carborder.web.uploads import EvidenceFiles
from carborder.workspace.config import Workspace

__all__ = ["SESSION_COOKIE", "AppContext"]

_log = logging.getLogger(__name__)

#: Name of the session cookie (``__Host-`` prefixed when the cookie is Secure).
SESSION_COOKIE = "carborder_session"


@dataclass
class AppContext:
    """The server's long-lived parts, shared by all requests."""

    settings: ServerSettings
    workspace: Workspace
    store: Store
    clock: Clock = system_clock
    accounts: Accounts = field(init=False)
    jobs: Jobs = field(init=False)
    exports: ExportRequests = field(init=False)
    state: WorkspaceState = field(init=False)
    runner: JobRunner = field(init=False)
    evidence: EvidenceFiles = field(init=False)
    filings: Filings = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = Accounts(self.store)
        self.jobs = Jobs(self.store)
        self.exports = ExportRequests(self.store)
        self.filings = Filings(self.store)
        self.state = WorkspaceState(self.workspace, self.store, self.clock)
        self.evidence = EvidenceFiles(
            self.workspace.state_dir / "evidence", max_bytes=self.settings.max_upload_bytes
        )
        target = JobTarget(
            workspace=self.workspace.root,
            store_url=self.settings.store_url or self.workspace.store_url(),
            store_schema=self.settings.store_schema,
        )
        self.runner = JobRunner(
            target, self.jobs, mode=self.settings.job_mode, workers=self.settings.job_workers
        )

    # -- requests --------------------------------------------------------------------------

    def cookie_name(self, request: Request) -> str:
        """The session cookie's name for this request (``__Host-`` when Secure)."""
        return f"__Host-{SESSION_COOKIE}" if self.secure_cookies(request) else SESSION_COOKIE

    def secure_cookies(self, request: Request) -> bool:
        """Whether cookies get the Secure flag (always, never, or auto: all but loopback HTTP)."""
        mode = self.settings.cookie_secure
        if mode != "auto":
            return mode == "always"
        if request.url.scheme == "https":
            return True
        host = request.url.hostname or ""
        return host not in ("127.0.0.1", "localhost", "::1")

    def authenticate(self, request: Request) -> Principal | None:
        """The caller of ``request``: a Bearer token, else the session cookie, else None.

        A request that sends a Bearer token is judged by that token alone (no fall-back to a
        cookie), so a program never acts with a browser's ambient credentials.
        """
        auth = request.headers.get("authorization")
        if auth is not None:
            scheme, _, secret = auth.partition(" ")
            if scheme.lower() != "bearer" or not secret.strip():
                return None
            user = self.accounts.user_for_token(secret.strip())
            return Principal(user=user, via="token") if user is not None else None
        for name in (f"__Host-{SESSION_COOKIE}", SESSION_COOKIE):
            session_id = request.cookies.get(name)
            if session_id:
                idle = timedelta(minutes=self.settings.idle_minutes)
                info = self.accounts.session(session_id, idle=idle)
                if info is not None:
                    return Principal(
                        user=info.user,
                        via="session",
                        csrf_token=info.csrf_token,
                        session_id=session_id,
                    )
        return None

    def record_denial(
        self, principal: Principal, permission: str, request: Request, reason: str
    ) -> None:
        """Audit a refusal (who, what permission, which path)."""
        try:
            self.store.record_event(
                AccessDenied(
                    user=principal.name,
                    permission=permission,
                    method=request.method,
                    path=request.url.path[:300],
                    reason=reason,
                ),
                actor=principal.name,
            )
        except Exception:  # a refusal must be answered even if the audit write fails
            _log.exception("could not audit a refusal")

    def client(self, request: Request) -> str:
        """The client's address (for the sign-in rate limit)."""
        return request.client.host if request.client else "unknown"

    def login_window(self) -> timedelta:
        """Window over which failed sign-ins count."""
        return timedelta(minutes=self.settings.login_window_minutes)

    def close(self) -> None:
        """Stop job workers and release the store."""
        self.runner.shutdown()
        self.store.close()
