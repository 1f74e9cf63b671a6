"""Ed25519 signing keys of a workspace (``.carborder/keys/``) and detached signatures."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "SigningKey",
    "load_or_create_signing_key",
    "load_public_key_b64",
    "public_key_id",
    "verify_signature",
]

_PRIVATE = "manifest-signing.ed25519.pem"
_PUBLIC = "manifest-signing.ed25519.pub.pem"


def public_key_id(public_raw: bytes) -> str:
    """Return a short id of a raw Ed25519 public key (16 hex of its SHA-256).

    >>> public_key_id(bytes(32))
    '66687aadf862bd77'
    """
    return hashlib.sha256(public_raw).hexdigest()[:16]


class SigningKey:
    """A workspace's manifest-signing key."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public_raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = public_key_id(self.public_raw)

    def __repr__(self) -> str:
        return f"SigningKey(key_id={self.key_id!r})"

    @property
    def public_b64(self) -> str:
        """Raw public key, base64."""
        return base64.b64encode(self.public_raw).decode("ascii")

    def sign(self, data: bytes) -> str:
        """Return the base64 Ed25519 signature of ``data``."""
        return base64.b64encode(self._private.sign(data)).decode("ascii")


def load_or_create_signing_key(key_dir: Path) -> SigningKey:
    """Load the workspace signing key, creating it (mode 0600) on first use."""
    path = key_dir / _PRIVATE
    if path.is_file():
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return SigningKey(private)
    key_dir.mkdir(parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = key_dir / f".{_PRIVATE}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    try:
        os.link(tmp, path)  # fails if a parallel process created the key first
    except FileExistsError:
        tmp.unlink()
        return load_or_create_signing_key(key_dir)
    tmp.unlink()
    (key_dir / _PUBLIC).write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return SigningKey(private)


def load_public_key_b64(key_dir: Path) -> str | None:
    """The workspace's public signing key (raw, base64), or None when it has none yet."""
    path = key_dir / _PUBLIC
    if not path.is_file():
        return None
    public = serialization.load_pem_public_key(path.read_bytes())
    if not isinstance(public, Ed25519PublicKey):
        raise ValueError(f"{path} is not an Ed25519 public key")
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def verify_signature(public_b64: str, signature_b64: str, data: bytes) -> bool:
    """True when ``signature_b64`` is a valid Ed25519 signature of ``data``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64))
        public.verify(base64.b64decode(signature_b64), data)
    except (InvalidSignature, ValueError):
        return False
    return True
