"""The REST API under /api/v1: one router per group of resources, all guarded."""

from __future__ import annotations

from fastapi import APIRouter

from carborder.web.api import filings, identity, operations, rulebook, workspace

__all__ = ["api_router"]

#: Every API route, under /api/v1.
api_router = APIRouter(prefix="/api/v1")
for _module in (identity, workspace, operations, filings, rulebook):
    api_router.include_router(_module.router)
