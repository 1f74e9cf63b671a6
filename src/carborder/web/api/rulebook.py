"""The rulebook pack: rules and parameters with citations and confidence."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.permissions import Permission
from carborder.web.schemas import RulebookOut, RuleOut
from carborder.web.views.rulebook import rule, rulebook

__all__ = ["router"]

router = APIRouter(route_class=GuardedRoute, tags=["rulebook"])

KindQ = Literal[
    "important_data", "exemption", "pathway", "gate", "obligation", "review", "parameter"
]


@router.get("/rulebook", response_model=RulebookOut, summary="The rulebook pack in use")
def get_rulebook(
    ctx: Ctx,
    _p: Annotated[Principal, require(Permission.RULEBOOK_READ)],
    kind: KindQ | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> RulebookOut:
    """Pack id, version, dates and every rule with its citations and confidence."""
    return rulebook(ctx.state.pack, kind=kind, q=q)


@router.get("/rulebook/rules/{rule_id}", response_model=RuleOut, summary="One rule")
def get_rule(
    rule_id: str, ctx: Ctx, _p: Annotated[Principal, require(Permission.RULEBOOK_READ)]
) -> RuleOut:
    """A rule or parameter as written in the pack."""
    return rule(ctx.state.pack, rule_id)
