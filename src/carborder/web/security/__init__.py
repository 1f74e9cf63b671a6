"""Secrets handling for the server: password hashes, API tokens, session ids, CSRF tokens."""

from __future__ import annotations

from carborder.web.security.passwords import hash_password, password_problem, verify_password
from carborder.web.security.secrets import digest, new_csrf_token, new_session_id, new_token, same

__all__ = [
    "digest",
    "hash_password",
    "new_csrf_token",
    "new_session_id",
    "new_token",
    "password_problem",
    "same",
    "verify_password",
]
