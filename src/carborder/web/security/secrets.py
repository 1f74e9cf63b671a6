"""Random secrets and their digests: API tokens, session ids and CSRF tokens.

Each secret carries 256 random bits, so a plain SHA-256 is a safe stored form (no
dictionary can reach it) and lookups stay one indexed query; passwords, which people
choose, get argon2 instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["TOKEN_PREFIX", "digest", "new_csrf_token", "new_session_id", "new_token", "same"]

#: Every API token starts with this, so leaked tokens are easy to recognise and scan for.
TOKEN_PREFIX = "cbt_"


def new_token() -> tuple[str, str]:
    """Return ``(token_id, token)``: a short public id and the secret token that embeds it.

    >>> tid, tok = new_token()
    >>> tok.startswith(TOKEN_PREFIX + tid + "_"), len(tok) > 50
    (True, True)
    """
    token_id = secrets.token_hex(6)
    return token_id, f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"


def new_session_id() -> str:
    """A random session id for the cookie."""
    return secrets.token_urlsafe(32)


def new_csrf_token() -> str:
    """A random per-session CSRF token for forms and htmx requests."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The stored form of a token or session id.

    >>> digest("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets.

    >>> same("x", "x"), same("x", "y")
    (True, False)
    """
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
