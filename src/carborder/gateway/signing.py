"""Ed25519 signing keys of a workspace (``.carborder/keys/``), trusted keys and signatures.

A manifest or audit anchor carries the public key that signed it, which proves only that
*somebody* signed it. Authenticity needs a key the reader trusts for another reason: the
workspace's own key (current or retired by rotation), a public key file received out of
band, or a pinned fingerprint published with ``carborder key show-id``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from carborder.errors import InputError, Msg
from carborder.keys.files import make_private_dir, read_secret_file, write_secret_file
from carborder.safety.files import read_bytes_limited

__all__ = [
    "SigningKey",
    "TrustedKey",
    "load_or_create_signing_key",
    "load_public_key_b64",
    "load_signing_key",
    "public_key_fingerprint",
    "public_key_id",
    "read_public_key_file",
    "rotate_signing_key",
    "trusted_workspace_keys",
    "verify_signature",
]

_PRIVATE = "manifest-signing.ed25519.pem"
_PUBLIC = "manifest-signing.ed25519.pub.pem"
#: Public keys of rotated signing keys: ``<key id>.ed25519.pub.pem`` (private parts destroyed).
RETIRED_DIR = "retired-signing"


def public_key_fingerprint(public_raw: bytes) -> str:
    """Return the full fingerprint of a raw Ed25519 public key (64 hex of its SHA-256).

    >>> public_key_fingerprint(bytes(32))[:16]
    '66687aadf862bd77'
    """
    return hashlib.sha256(public_raw).hexdigest()


def public_key_id(public_raw: bytes) -> str:
    """Return a short id of a raw Ed25519 public key (16 hex of its SHA-256).

    >>> public_key_id(bytes(32))
    '66687aadf862bd77'
    """
    return public_key_fingerprint(public_raw)[:16]


class SigningKey:
    """A workspace's manifest-signing key."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public_raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = public_key_id(self.public_raw)
        self.fingerprint = public_key_fingerprint(self.public_raw)

    def __repr__(self) -> str:
        return f"SigningKey(key_id={self.key_id!r})"

    @property
    def public_b64(self) -> str:
        """Raw public key, base64."""
        return base64.b64encode(self.public_raw).decode("ascii")

    def sign(self, data: bytes) -> str:
        """Return the base64 Ed25519 signature of ``data``."""
        return base64.b64encode(self._private.sign(data)).decode("ascii")


@dataclass(frozen=True)
class TrustedKey:
    """A public key (or only its fingerprint) the reader trusts, and why."""

    reason: str
    public_b64: str | None = None
    fingerprint: str | None = None
    #: The reason as a catalogue message (``trust-…``) and its one variable, for other languages.
    reason_msg: str = ""
    reason_arg: str = ""

    def matches(self, public_b64: str) -> bool:
        """True when ``public_b64`` is this key (by value, or by pinned fingerprint/id)."""
        if self.public_b64 is not None:
            return public_b64 == self.public_b64
        if self.fingerprint is None:
            return False
        try:
            fp = public_key_fingerprint(base64.b64decode(public_b64, validate=True))
        except (ValueError, binascii.Error):
            return False
        return fp.startswith(self.fingerprint)

    @classmethod
    def pinned(cls, text: str) -> TrustedKey:
        """A trusted fingerprint (64 hex) or key id (16 hex) given by a person.

        Raises:
            InputError: not 16 or 64 hex characters.
        """
        fp = text.strip().lower().removeprefix("sha256:").replace(":", "")
        if len(fp) not in (16, 64) or any(c not in "0123456789abcdef" for c in fp):
            raise InputError(
                Msg("err-key-id-form", text=text),
                hint=Msg("hint-key-id-form"),
            )
        kind = "fingerprint" if len(fp) == 64 else "key id"
        return cls(
            reason=f"it matches the pinned {kind} {fp}",
            fingerprint=fp,
            reason_msg="trust-pinned-fingerprint" if len(fp) == 64 else "trust-pinned-key-id",
            reason_arg=fp,
        )


def _load_private(path: Path) -> SigningKey:
    data = read_secret_file(path, what="signing key")
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise InputError(
            Msg("err-signing-key-pem"),
            file=path,
            hint=Msg("hint-signing-key-restore"),
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise InputError(Msg("err-signing-key-not-ed25519"), file=path)
    return SigningKey(private)


def load_signing_key(key_dir: Path) -> SigningKey | None:
    """The workspace signing key, or None when it has none yet."""
    path = key_dir / _PRIVATE
    return _load_private(path) if path.exists() else None


def _pem_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_or_create_signing_key(key_dir: Path) -> SigningKey:
    """Load the workspace signing key, creating it (mode 0600, folder 0700) on first use."""
    make_private_dir(key_dir)
    existing = load_signing_key(key_dir)
    if existing is not None:
        return existing
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        write_secret_file(key_dir / _PRIVATE, pem)
    except FileExistsError:  # a parallel process created the key first
        return load_or_create_signing_key(key_dir)
    write_secret_file(key_dir / _PUBLIC, _pem_public(private), exclusive=False)
    return SigningKey(private)


def rotate_signing_key(key_dir: Path) -> tuple[str | None, str]:
    """Retire the signing key (its public key is kept, the private key destroyed); make a new one.

    Manifests signed before stay verifiable with ``--workspace``: retired public keys are
    trusted for what they signed. Returns (old key id or None, new key id).
    """
    old = load_signing_key(key_dir)
    if old is not None:
        retired = make_private_dir(key_dir / RETIRED_DIR)
        public = _pem_public(old._private)
        write_secret_file(retired / f"{old.key_id}.ed25519.pub.pem", public, exclusive=False)
        path = key_dir / _PRIVATE
        size = path.stat().st_size
        with path.open("r+b") as fh:  # overwrite, so the old secret is not left on disk
            fh.write(b"\0" * size)
        path.unlink()
    new = load_or_create_signing_key(key_dir)
    return (old.key_id if old else None), new.key_id


def read_public_key_file(path: Path) -> str:
    """Read a public key file (PEM, or base64 of the raw 32 bytes); return raw base64.

    Raises:
        InputError: unreadable, or not an Ed25519 public key.
    """
    data = read_bytes_limited(path, 64 << 10, what="public key file")
    text = data.decode("ascii", "replace").strip()
    if "BEGIN" in text:
        try:
            public = serialization.load_pem_public_key(data)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            public = None
        if isinstance(public, Ed25519PublicKey):
            raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return base64.b64encode(raw).decode("ascii")
    else:
        try:
            raw = base64.b64decode(text, validate=True)
        except (ValueError, binascii.Error):
            raw = b""
        if len(raw) == 32:
            return base64.b64encode(raw).decode("ascii")
    raise InputError(
        Msg("err-not-public-key"),
        file=path,
        hint=Msg("hint-not-public-key"),
    )


def load_public_key_b64(key_dir: Path) -> str | None:
    """The workspace's public signing key (raw, base64), or None when it has none yet."""
    path = key_dir / _PUBLIC
    if not path.exists():
        return None
    return read_public_key_file(path)


def trusted_workspace_keys(workspace: Path) -> list[TrustedKey]:
    """The signing keys a workspace vouches for: its current key and every retired one."""
    key_dir = workspace / ".carborder" / "keys"
    out: list[TrustedKey] = []
    current = load_public_key_b64(key_dir)
    if current is not None:
        out.append(
            TrustedKey(
                reason=f"it is the current signing key of workspace {workspace}",
                public_b64=current,
                reason_msg="trust-workspace-current",
                reason_arg=str(workspace),
            )
        )
    retired = key_dir / RETIRED_DIR
    if retired.is_dir():
        for pem in sorted(retired.glob("*.ed25519.pub.pem")):
            out.append(
                TrustedKey(
                    reason=f"it is a retired (rotated) signing key of workspace {workspace}",
                    public_b64=read_public_key_file(pem),
                    reason_msg="trust-workspace-retired",
                    reason_arg=str(workspace),
                )
            )
    return out


def verify_signature(public_b64: str, signature_b64: str, data: bytes) -> bool:
    """True when ``signature_b64`` is a valid Ed25519 signature of ``data``."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64))
        public.verify(base64.b64decode(signature_b64), data)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
