"""Pseudonymisation keys: from $CARBORDER_PSEUDONYM_KEY or a workspace key folder, with key ids.

The secret never appears in a repr, a log line, an error message or a manifest; manifests
record only the key id (a hash of the key), which lets a reader tell two keys apart.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from carborder.errors import InputError

__all__ = ["ENV_VAR", "MIN_KEY_BYTES", "Keyring", "PseudonymKey", "key_id_of"]

#: Environment variable holding the key material (takes precedence over key files).
ENV_VAR = "CARBORDER_PSEUDONYM_KEY"
#: Shortest key accepted, in bytes.
MIN_KEY_BYTES = 16


def key_id_of(secret: bytes) -> str:
    """Return the public id of a key: 16 hex characters of a domain-separated SHA-256.

    >>> key_id_of(b"0" * 32)
    '327d35233bf641a4'
    """
    return hashlib.sha256(b"carborder-key-id\n" + secret).hexdigest()[:16]


@dataclass(frozen=True)
class PseudonymKey:
    """An HMAC key and its public id; ``repr`` never shows the secret."""

    id: str
    secret: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"PseudonymKey(id={self.id!r})"


@dataclass(frozen=True)
class Keyring:
    """The keys available to this process and which one is active."""

    keys: dict[str, PseudonymKey]
    active: str | None

    @classmethod
    def load(cls, key_dir: Path | None = None, env: Mapping[str, str] | None = None) -> Keyring:
        """Load keys from ``$CARBORDER_PSEUDONYM_KEY`` (active if set) and ``key_dir``.

        ``key_dir`` holds ``<key_id>.key`` files (hex) and an ``ACTIVE`` file naming one.

        Raises:
            InputError: the environment key is too short or a key file is malformed.
        """
        env = os.environ if env is None else env
        keys: dict[str, PseudonymKey] = {}
        active: str | None = None
        if key_dir is not None and key_dir.is_dir():
            for path in sorted(key_dir.glob("*.key")):
                try:
                    secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
                except ValueError:
                    raise InputError(
                        "pseudonym key file is not hex", file=path, hint="regenerate it"
                    ) from None
                kid = key_id_of(secret)
                keys[kid] = PseudonymKey(kid, secret)
            marker = key_dir / "ACTIVE"
            if marker.is_file():
                active = marker.read_text(encoding="ascii").strip() or None
        material = env.get(ENV_VAR)
        if material:
            secret = material.encode("utf-8")
            if len(secret) < MIN_KEY_BYTES:
                raise InputError(
                    f"${ENV_VAR} is shorter than {MIN_KEY_BYTES} bytes",
                    hint="use a long random value, e.g. 64 hex characters",
                )
            kid = key_id_of(secret)
            keys[kid] = PseudonymKey(kid, secret)
            active = kid
        return cls(keys, active)

    @staticmethod
    def generate(key_dir: Path) -> str:
        """Create a new random key in ``key_dir``, make it active (rotation), return its id."""
        key_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        kid = key_id_of(secret)
        path = key_dir / f"{kid}.key"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secret.hex() + "\n")
        tmp = key_dir / "ACTIVE.tmp"
        tmp.write_text(kid + "\n", encoding="ascii")
        tmp.replace(key_dir / "ACTIVE")
        return kid

    def key(self, key_id: str | None = None) -> PseudonymKey:
        """Return the key with ``key_id``, or the active key.

        Raises:
            InputError: no such key, or no key at all.
        """
        wanted = key_id or self.active
        if wanted is None:
            raise InputError(
                "no pseudonymisation key available",
                hint=f"set ${ENV_VAR}, or create a key file with carborder.deid.Keyring.generate(<workspace>/.carborder/keys/pseudonym)",
            )
        try:
            return self.keys[wanted]
        except KeyError:
            raise InputError(
                f"pseudonymisation key '{wanted}' not found",
                hint=f"known key ids: {', '.join(sorted(self.keys)) or 'none'}",
            ) from None
