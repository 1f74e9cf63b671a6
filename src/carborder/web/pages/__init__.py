"""The web pages (server-rendered, htmx for progress and fragments), Chinese and English."""

from __future__ import annotations

from fastapi import APIRouter

from carborder.web.pages import admin, auth, filings, main, ops

__all__ = ["pages_router"]

#: Every page route.
pages_router = APIRouter()
for _module in (auth, main, ops, filings, admin):
    pages_router.include_router(_module.router)
