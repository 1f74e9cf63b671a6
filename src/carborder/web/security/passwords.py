"""Passwords: argon2id hashes (argon2-cffi defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from carborder.errors import Msg

__all__ = ["MIN_PASSWORD_LENGTH", "hash_password", "password_problem", "verify_password"]

#: Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for more).
MIN_PASSWORD_LENGTH = 10

_HASHER = PasswordHasher()

# A hash to verify against when the user does not exist, so that "no such user" and
# "wrong password" take the same time and cannot be told apart.
_DUMMY = _HASHER.hash("carborder-no-such-user")


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password`` (salted; never the password itself)."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (a missing hash spends the same time, then fails).

    >>> h = hash_password("correct horse battery")
    >>> verify_password(h, "correct horse battery"), verify_password(h, "wrong"), verify_password(None, "x")
    (True, False, False)
    """
    try:
        if stored is None:
            _HASHER.verify(_DUMMY, password + "\0")
            return False
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> Msg | None:
    """Why ``password`` is not acceptable (a catalogue message), or None.

    >>> password_problem("short").format("en")
    'a password needs at least 10 characters'
    >>> password_problem("long enough passphrase") is None
    True
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return Msg("web-password-short", n=MIN_PASSWORD_LENGTH)
    if password.strip() != password:
        return Msg("web-password-spaces")
    return None
