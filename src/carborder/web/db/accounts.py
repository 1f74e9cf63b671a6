"""Users, API tokens, browser sessions and the sign-in rate limit, over the workspace store."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from carborder.audit.chain import format_time
from carborder.errors import InputError, Msg
from carborder.store.repository import Store
from carborder.store.server_tables import LoginAttemptRow, SessionRow, TokenRow, UserRow
from carborder.web.events import (
    LoginFailed,
    LoginSucceeded,
    TokenCreated,
    TokenRevoked,
    UserAdded,
    UserDisabled,
)
from carborder.web.permissions import Role
from carborder.web.security import (
    digest,
    hash_password,
    new_csrf_token,
    new_session_id,
    new_token,
    password_problem,
    verify_password,
)

__all__ = [
    "Accounts",
    "LoginThrottledError",
    "SessionInfo",
    "TokenInfo",
    "User",
    "valid_user_name",
]

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def valid_user_name(name: str) -> bool:
    """Whether ``name`` is a valid user name (lower-case letters, digits, ``._-``).

    >>> valid_user_name("li.wei"), valid_user_name("Li Wei"), valid_user_name("../x")
    (True, False, False)
    """
    return bool(_NAME_RE.match(name))


@dataclass(frozen=True)
class User:
    """A user as the server sees it (never with its password hash)."""

    name: str
    role: str
    display_name: str | None
    disabled: bool
    created: str
    created_by: str
    last_login: str | None
    has_password: bool


@dataclass(frozen=True)
class TokenInfo:
    """An API token's public record."""

    id: str
    user: str
    label: str
    created: str
    created_by: str
    expires: str | None
    last_used: str | None
    revoked: bool


@dataclass(frozen=True)
class SessionInfo:
    """A valid browser session: its user and the CSRF token forms must echo."""

    user: User
    csrf_token: str


class LoginThrottledError(InputError):
    """Too many failed sign-ins for this name or client; try again later."""

    code = "login-throttled"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            Msg("web-throttled"), hint=Msg("web-hint-throttled", minutes=retry_after // 60 + 1)
        )


def _user(row: UserRow) -> User:
    return User(
        name=row.name,
        role=row.role,
        display_name=row.display_name,
        disabled=row.disabled,
        created=row.created,
        created_by=row.created_by,
        last_login=row.last_login,
        has_password=row.password_hash is not None,
    )


def _token(row: TokenRow) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        user=row.user_name,
        label=row.label,
        created=row.created,
        created_by=row.created_by,
        expires=row.expires,
        last_used=row.last_used,
        revoked=row.revoked,
    )


class Accounts:
    """Users, tokens and sessions in the workspace store; every change is audited.

    Args:
        store: The workspace store (its clock stamps every row).
    """

    #: Write ``last_used``/``last_seen`` at most this often, not on every request.
    TOUCH_EVERY = timedelta(minutes=1)

    def __init__(self, store: Store) -> None:
        self.store = store

    def _at(self, delta: timedelta = timedelta(0)) -> str:
        return format_time(self.store.clock() + delta)

    def now(self) -> str:
        """The store clock's time, formatted as the records' times are (so they compare)."""
        return self._at()

    # -- users -----------------------------------------------------------------------------

    def add_user(
        self,
        name: str,
        role: str,
        *,
        password: str | None,
        actor: str,
        display_name: str | None = None,
    ) -> User:
        """Create a user; ``password`` None makes a token-only account (programs).

        Raises:
            InputError: bad name, unknown role, weak password, or the name is taken.
        """
        if not valid_user_name(name):
            raise InputError(Msg("web-bad-user-name", name=name), hint=Msg("web-hint-user-name"))
        try:
            role = Role(role).value
        except ValueError:
            raise InputError(
                Msg("web-unknown", what=Msg("thing-role"), id=str(role)),
                hint=Msg(
                    "web-known", what=Msg("things-role"), known=", ".join(r.value for r in Role)
                ),
            ) from None
        if password is not None and (problem := password_problem(password)):
            raise InputError(problem, hint=Msg("web-hint-passphrase"))
        with self.store.session() as s:
            if s.get(UserRow, name) is not None:
                raise InputError(
                    Msg("web-user-exists", name=name), hint=Msg("web-hint-user-exists")
                )
            row = UserRow(
                name=name,
                role=role,
                display_name=display_name,
                password_hash=hash_password(password) if password is not None else None,
                disabled=False,
                created=self._at(),
                created_by=actor,
            )
            s.add(row)
            self.store.append_event(s, UserAdded(user=name, role=role), actor=actor)
            return _user(row)

    def users(self) -> list[User]:
        """All users, by name."""
        with Session(self.store.engine) as s:
            return [_user(r) for r in s.execute(select(UserRow).order_by(UserRow.name)).scalars()]

    def user(self, name: str) -> User | None:
        """One user, or None."""
        with Session(self.store.engine) as s:
            row = s.get(UserRow, name)
            return _user(row) if row is not None else None

    def disable_user(self, name: str, *, actor: str) -> None:
        """Disable a user: sessions end now, tokens stop working.

        Raises:
            InputError: no such user, or a user disabling themselves.
        """
        if name == actor:
            raise InputError(Msg("web-disable-self"), hint=Msg("web-hint-disable-self"))
        with self.store.session() as s:
            row = s.get(UserRow, name)
            if row is None:
                raise InputError(
                    Msg("web-no", what=Msg("thing-user"), id=str(name)),
                    hint=Msg("web-hint-user-list"),
                )
            row.disabled = True
            s.execute(delete(SessionRow).where(SessionRow.user_name == name))
            self.store.append_event(s, UserDisabled(user=name), actor=actor)

    # -- tokens ----------------------------------------------------------------------------

    def create_token(
        self, user: str, *, label: str, actor: str, expires_days: int | None = None
    ) -> tuple[TokenInfo, str]:
        """Issue a token acting as ``user``; returns its record and the secret (shown once).

        Raises:
            InputError: no such user, or the user is disabled.
        """
        token_id, secret = new_token()
        with self.store.session() as s:
            owner = s.get(UserRow, user)
            if owner is None:
                raise InputError(
                    Msg("web-no", what=Msg("thing-user"), id=str(user)),
                    hint=Msg("web-hint-user-add"),
                )
            if owner.disabled:
                raise InputError(
                    Msg("web-user-disabled", name=user), hint=Msg("web-hint-user-disabled")
                )
            row = TokenRow(
                id=token_id,
                user_name=user,
                label=label or "token",
                token_sha256=digest(secret),
                created=self._at(),
                created_by=actor,
                expires=self._at(timedelta(days=expires_days)) if expires_days else None,
                revoked=False,
            )
            s.add(row)
            self.store.append_event(
                s, TokenCreated(token_id=token_id, user=user, label=row.label), actor=actor
            )
            return _token(row), secret

    def tokens(self, user: str | None = None) -> list[TokenInfo]:
        """Tokens (all, or one user's), newest first."""
        with Session(self.store.engine) as s:
            q = select(TokenRow).order_by(TokenRow.created.desc(), TokenRow.id)
            if user is not None:
                q = q.where(TokenRow.user_name == user)
            return [_token(r) for r in s.execute(q).scalars()]

    def revoke_token(self, token_id: str, *, actor: str) -> None:
        """Revoke a token.

        Raises:
            InputError: no such token.
        """
        with self.store.session() as s:
            row = s.get(TokenRow, token_id)
            if row is None:
                raise InputError(Msg("web-no", what=Msg("thing-token"), id=str(token_id)))
            row.revoked = True
            self.store.append_event(s, TokenRevoked(token_id=token_id), actor=actor)

    def user_for_token(self, secret: str) -> User | None:
        """The enabled user a valid, unexpired, unrevoked token acts as; else None."""
        now = self._at()
        with Session(self.store.engine) as s:
            row = s.execute(
                select(TokenRow).where(TokenRow.token_sha256 == digest(secret))
            ).scalar_one_or_none()
            if row is None or row.revoked or (row.expires is not None and row.expires <= now):
                return None
            owner = s.get(UserRow, row.user_name)
            if owner is None or owner.disabled:
                return None
            stale = row.last_used is None or row.last_used < self._at(-self.TOUCH_EVERY)
            user = _user(owner)
        if stale:
            with self.store.session() as w:
                w.execute(update(TokenRow).where(TokenRow.id == row.id).values(last_used=now))
        return user

    # -- sign-in and sessions --------------------------------------------------------------

    def check_throttle(
        self, name: str, client: str, *, window: timedelta, per_name: int, per_client: int
    ) -> None:
        """Raise :class:`LoginThrottledError` when recent failures for name or client hit the limit."""
        since = self._at(-window)
        with Session(self.store.engine) as s:
            by_name = s.execute(
                select(func.count())
                .select_from(LoginAttemptRow)
                .where(LoginAttemptRow.user_name == name, LoginAttemptRow.at >= since)
            ).scalar_one()
            by_client = s.execute(
                select(func.count())
                .select_from(LoginAttemptRow)
                .where(LoginAttemptRow.client == client, LoginAttemptRow.at >= since)
            ).scalar_one()
        if by_name >= per_name or by_client >= per_client:
            raise LoginThrottledError(int(window.total_seconds()))

    def login(
        self,
        name: str,
        password: str,
        *,
        client: str,
        session_hours: float,
        window: timedelta,
        per_name: int,
        per_client: int,
    ) -> tuple[str, SessionInfo] | None:
        """Check a password and open a session; returns ``(session_id, info)`` or None.

        Failures are recorded for the rate limit and audited; the password never is.

        Raises:
            LoginThrottledError: too many recent failures for this name or client.
        """
        name = name.strip().lower()[:64]
        client = client[:64]
        try:
            self.check_throttle(
                name, client, window=window, per_name=per_name, per_client=per_client
            )
        except LoginThrottledError:
            self.store.record_event(
                LoginFailed(user=name, client=client, reason="rate_limited"), actor=name or "-"
            )
            raise
        with Session(self.store.engine) as s:
            row = s.get(UserRow, name)
            stored = row.password_hash if row is not None else None
            disabled = row.disabled if row is not None else False
        ok = verify_password(stored, password)
        if not ok or disabled:
            with self.store.session() as w:
                w.add(LoginAttemptRow(user_name=name, client=client, at=self._at()))
                self.store.append_event(
                    w,
                    LoginFailed(
                        user=name, client=client, reason="disabled" if ok else "credentials"
                    ),
                    actor=name or "-",
                )
            return None
        session_id, csrf = new_session_id(), new_csrf_token()
        now = self._at()
        with self.store.session() as w:
            user_row = w.get(UserRow, name)
            assert user_row is not None
            user_row.last_login = now
            w.add(
                SessionRow(
                    id_sha256=digest(session_id),
                    user_name=name,
                    csrf_token=csrf,
                    created=now,
                    last_seen=now,
                    expires=self._at(timedelta(hours=session_hours)),
                )
            )
            # expired sessions of anyone are cleared on each sign-in, keeping the table small
            w.execute(delete(SessionRow).where(SessionRow.expires <= now))
            self.store.append_event(w, LoginSucceeded(user=name, client=client), actor=name)
            user = _user(user_row)
        return session_id, SessionInfo(user=user, csrf_token=csrf)

    def session(self, session_id: str, *, idle: timedelta | None = None) -> SessionInfo | None:
        """The session for a cookie value, if valid, its user enabled and (with ``idle``) in use.

        A session unused for longer than ``idle`` is ended. ``last_seen`` is written at most
        every :attr:`TOUCH_EVERY`, so the idle time is counted from there plus that step: a
        session may live up to a minute past ``idle``, never less.
        """
        now = self._at()
        key = digest(session_id)
        with Session(self.store.engine) as s:
            row = s.get(SessionRow, key)
            if row is None or row.expires <= now:
                return None
            idle_out = idle is not None and row.last_seen <= self._at(-(idle + self.TOUCH_EVERY))
            owner = s.get(UserRow, row.user_name)
            if owner is None or owner.disabled:
                return None
            info = SessionInfo(user=_user(owner), csrf_token=row.csrf_token)
            stale = row.last_seen < self._at(-self.TOUCH_EVERY)
        if idle_out:  # ended here, outside the read, so it cannot come back
            self.logout(session_id)
            return None
        if stale:
            with self.store.session() as w:
                w.execute(
                    update(SessionRow).where(SessionRow.id_sha256 == key).values(last_seen=now)
                )
        return info

    def logout(self, session_id: str) -> None:
        """End a session."""
        with self.store.session() as w:
            w.execute(delete(SessionRow).where(SessionRow.id_sha256 == digest(session_id)))
