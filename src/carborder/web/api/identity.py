"""``/me``, ``/users`` and ``/tokens``: who is asking, accounts and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status

from carborder.web.api.deps import Ctx
from carborder.web.auth import GuardedRoute, Principal, require
from carborder.web.db.accounts import TokenInfo, User
from carborder.web.permissions import ROLE_PERMISSIONS, Permission, Role
from carborder.web.schemas import MeOut, TokenIn, TokenIssued, TokenOut, UserIn, UserOut

__all__ = ["router", "token_out", "user_out"]

router = APIRouter(route_class=GuardedRoute, tags=["identity"])
P = Permission


def user_out(u: User) -> UserOut:
    """A user for the API."""
    return UserOut(
        name=u.name,
        role=u.role,
        display_name=u.display_name,
        disabled=u.disabled,
        created=u.created,
        created_by=u.created_by,
        last_login=u.last_login,
        has_password=u.has_password,
    )


def token_out(t: TokenInfo) -> TokenOut:
    """A token's public record for the API."""
    return TokenOut(
        id=t.id,
        user=t.user,
        label=t.label,
        created=t.created,
        created_by=t.created_by,
        expires=t.expires,
        last_used=t.last_used,
        revoked=t.revoked,
    )


@router.get("/me", response_model=MeOut, summary="The caller and its permissions")
def me(principal: Annotated[Principal, require(P.PROFILE)]) -> MeOut:
    """Who the credentials belong to and what the role allows."""
    return MeOut(
        name=principal.name,
        role=principal.role,
        display_name=principal.user.display_name,
        via=principal.via,
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[Role(principal.role)]),
    )


@router.get("/users", response_model=list[UserOut], summary="Users")
def list_users(ctx: Ctx, _p: Annotated[Principal, require(P.USERS_READ)]) -> list[UserOut]:
    """Every user with role and state (never a password hash)."""
    return [user_out(u) for u in ctx.accounts.users()]


@router.post(
    "/users", response_model=UserOut, status_code=status.HTTP_201_CREATED, summary="Add a user"
)
def add_user(
    body: UserIn, ctx: Ctx, principal: Annotated[Principal, require(P.USERS_MANAGE)]
) -> UserOut:
    """Create a user; without a password it can only use API tokens."""
    return user_out(
        ctx.accounts.add_user(
            body.name,
            body.role,
            password=body.password,
            actor=principal.name,
            display_name=body.display_name,
        )
    )


@router.post("/users/{name}/disable", response_model=UserOut, summary="Disable a user")
def disable_user(
    name: str, ctx: Ctx, principal: Annotated[Principal, require(P.USERS_MANAGE)]
) -> UserOut:
    """Disable a user: sessions end now and tokens stop working."""
    ctx.accounts.disable_user(name, actor=principal.name)
    user = ctx.accounts.user(name)
    assert user is not None
    return user_out(user)


@router.get("/tokens", response_model=list[TokenOut], summary="API tokens")
def list_tokens(
    ctx: Ctx, _p: Annotated[Principal, require(P.TOKENS_MANAGE)], user: str | None = None
) -> list[TokenOut]:
    """Tokens (public records only), newest first."""
    return [token_out(t) for t in ctx.accounts.tokens(user)]


@router.post(
    "/tokens",
    response_model=TokenIssued,
    status_code=status.HTTP_201_CREATED,
    summary="Issue an API token",
)
def create_token(
    body: TokenIn, ctx: Ctx, principal: Annotated[Principal, require(P.TOKENS_MANAGE)]
) -> TokenIssued:
    """Issue a token acting as a user; the secret is in this answer only."""
    info, secret = ctx.accounts.create_token(
        body.user, label=body.label, actor=principal.name, expires_days=body.expires_days
    )
    return TokenIssued(token=secret, info=token_out(info))


@router.post("/tokens/{token_id}/revoke", response_model=TokenOut, summary="Revoke a token")
def revoke_token(
    token_id: str, ctx: Ctx, principal: Annotated[Principal, require(P.TOKENS_MANAGE)]
) -> TokenOut:
    """Revoke a token; it is refused from now on."""
    ctx.accounts.revoke_token(token_id, actor=principal.name)
    return next(token_out(t) for t in ctx.accounts.tokens() if t.id == token_id)
