"""Shared route parameters: the app context and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from carborder.web.context import AppContext

__all__ = ["Ctx", "get_ctx"]


def get_ctx(request: Request) -> AppContext:
    """The server's context."""
    ctx: AppContext = request.app.state.ctx
    return ctx


#: The server's context as a route parameter.
Ctx = Annotated[AppContext, Depends(get_ctx)]
