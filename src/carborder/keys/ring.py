"""Folders of HMAC secrets with public ids and one active key: load, generate, rotate.

A key folder holds ``<key id>.key`` files (64 hex characters, mode 0600) and an ``ACTIVE``
file naming the key in use. The secret never appears in a repr, a log line, an error
message, a manifest or the database; only its id (a hash of it) does.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from carborder.errors import InputError, Msg
from carborder.keys.files import make_private_dir, read_secret_file, write_secret_file
from carborder.keys.weak import weak_key_msg
from carborder.safety.oserrors import what_msg

__all__ = ["SecretKey", "SecretRing", "key_id_of"]

_SECRET_BYTES = 32


def key_id_of(secret: bytes) -> str:
    """Return the public id of a key: 16 hex characters of a domain-separated SHA-256.

    >>> key_id_of(b"0" * 32)
    '327d35233bf641a4'
    """
    return hashlib.sha256(b"carborder-key-id\n" + secret).hexdigest()[:16]


@dataclass(frozen=True)
class SecretKey:
    """An HMAC key and its public id; ``repr`` never shows the secret."""

    id: str
    secret: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r})"


@dataclass(frozen=True)
class SecretRing:
    """The keys of one folder and which one is active."""

    keys: dict[str, SecretKey]
    active: str | None
    folder: Path | None = None

    @classmethod
    def read(cls, folder: Path | None, *, what: str) -> SecretRing:
        """Read every ``*.key`` of ``folder`` (missing folder: no keys).

        Raises:
            InputError: a key file is unreadable, not hex, or weak; ACTIVE names no key.
        """
        keys: dict[str, SecretKey] = {}
        active: str | None = None
        if folder is None or not folder.is_dir():
            return cls(keys, None, folder)
        for path in sorted(folder.glob("*.key")):
            raw = read_secret_file(path, what=what)
            try:
                secret = bytes.fromhex(raw.decode("ascii").strip())
            except (UnicodeDecodeError, ValueError):
                raise InputError(
                    Msg("err-key-not-hex", what=what_msg(what)),
                    file=path,
                    hint=Msg("hint-key-restore-or-rotate"),
                ) from None
            reason = weak_key_msg(secret)
            if reason is not None:
                raise InputError(
                    Msg("err-key-weak", what=what_msg(what), reason=reason),
                    file=path,
                    hint=Msg("hint-key-rotate"),
                )
            kid = key_id_of(secret)
            keys[kid] = SecretKey(kid, secret)
        marker = folder / "ACTIVE"
        if marker.is_file():
            named = read_secret_file(marker, what=f"{what} marker").decode("ascii", "replace")
            active = named.strip() or None
            if active is not None and active not in keys:
                raise InputError(
                    Msg("err-active-key-missing", key=active),
                    file=marker,
                    hint=(
                        Msg("hint-active-key-missing", known=", ".join(sorted(keys)))
                        if keys
                        else Msg("hint-active-key-missing-none")
                    ),
                )
        return cls(keys, active, folder)

    @staticmethod
    def generate(folder: Path, *, replace_active: bool = True) -> str:
        """Create a random 32-byte key in ``folder``, make it active, return its id.

        Without ``replace_active`` the key is only kept when no key is active yet (first
        use by two processes at once: one wins, the other gets ``FileExistsError``).
        """
        make_private_dir(folder)
        secret = secrets.token_bytes(_SECRET_BYTES)
        kid = key_id_of(secret)
        path = folder / f"{kid}.key"
        write_secret_file(path, (secret.hex() + "\n").encode("ascii"))
        try:
            write_secret_file(
                folder / "ACTIVE", (kid + "\n").encode("ascii"), exclusive=not replace_active
            )
        except FileExistsError:
            path.unlink(missing_ok=True)
            raise
        return kid

    def forget(self, key_id: str) -> None:
        """Delete a key file (rotation of keys whose old secret must not survive)."""
        if self.folder is None:
            return
        path = self.folder / f"{key_id}.key"
        try:
            # overwrite before unlinking, so the secret is not left in the file's blocks
            size = path.stat().st_size
            with path.open("r+b") as fh:
                fh.write(b"\0" * size)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            pass
        path.unlink(missing_ok=True)
