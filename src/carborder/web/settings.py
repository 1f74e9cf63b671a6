"""Server settings: where the workspace and store are, cookie and upload limits, job workers."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ServerSettings"]


class ServerSettings(BaseModel):
    """How one ``carborder serve`` process runs (security defaults are the strict ones)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    workspace: Path = Field(description="Workspace folder (holds carborder.yaml).")
    store_url: str | None = Field(
        default=None, description="Store URL; default: the workspace's configured store."
    )
    store_schema: str | None = Field(
        default=None, description="PostgreSQL schema (search_path) of the store, if any."
    )
    cookie_secure: Literal["auto", "always", "never"] = Field(
        default="auto",
        description=(
            "Secure flag on cookies: always, never, or auto (secure unless the request "
            "arrived over plain HTTP on a loopback address)."
        ),
    )
    session_hours: float = Field(default=12.0, gt=0, description="Session lifetime.")
    idle_minutes: float = Field(
        default=30.0,
        gt=0,
        description=(
            "Sign a browser out after this many minutes without a request (measured to the "
            "minute, never earlier); the session lifetime still caps it. API tokens are not "
            "affected."
        ),
    )
    login_window_minutes: int = Field(
        default=15, ge=1, description="Window over which failed sign-ins are counted."
    )
    login_max_per_name: int = Field(
        default=5, ge=1, description="Failed sign-ins for one name per window before refusing."
    )
    login_max_per_client: int = Field(
        default=20, ge=1, description="Failed sign-ins from one address per window."
    )
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024, gt=0, description="Largest evidence upload accepted."
    )
    max_body_bytes: int = Field(
        default=21 * 1024 * 1024, gt=0, description="Largest request body accepted."
    )
    job_mode: Literal["process", "thread"] = Field(
        default="process",
        description="Run jobs in worker processes (server stays responsive) or threads.",
    )
    job_workers: int = Field(default=1, ge=1, description="Jobs run at the same time.")
