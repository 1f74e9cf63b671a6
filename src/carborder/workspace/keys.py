"""A workspace's three keys — signing, pseudonymisation, counter — listed, generated, rotated.

- **signing** (Ed25519): signs export manifests and audit anchors. Its public key id and
  fingerprint are what recipients pin (``manifest verify --key-id``). Rotation retires the
  old key: its public half stays trusted for what it signed, its private half is destroyed.
- **pseudonym** (HMAC): makes pseudonyms. Rotation adds a new active key; old keys stay, so
  the holder of the workspace can still link earlier pseudonyms.
- **counter** (HMAC): keys the fingerprints behind year-to-date head-counts. Rotation starts
  a new key version (counts are kept, the total never reads low) and destroys the old secret.

Only key ids and public keys are ever shown; secrets stay in ``.carborder/keys`` (0700/0600).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# The pseudonymisation keyring and manifest signing live in the de-identification and gateway
# packages, which import every operator and the export machinery: they load when a key is
# read or made, not for ``KeyKind`` (``carborder key --help``).
from carborder.keys.counter import counter_key, rotate_counter_key
from carborder.keys.ring import SecretRing

__all__ = ["KeyInfo", "KeyKind", "generate_keys", "key_dir", "key_infos", "rotate_key"]


class KeyKind(StrEnum):
    """The kinds of key a workspace holds."""

    SIGNING = "signing"
    PSEUDONYM = "pseudonym"
    COUNTER = "counter"


@dataclass(frozen=True)
class KeyInfo:
    """What may be shown about one key: its id (and public key for signing), never a secret."""

    kind: KeyKind
    key_id: str | None
    path: Path
    fingerprint: str | None = None
    public_pem: str | None = None
    created: bool = False
    note: str = ""
    #: Pseudonym keys only: how many keys the folder holds, and the key that
    #: $CARBORDER_PSEUDONYM_KEY sets (it takes precedence), so a note can be said in any language.
    keys_in_folder: int | None = None
    env_key_id: str | None = None

    def to_json(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "kind": self.kind.value,
            "key_id": self.key_id,
            "fingerprint": self.fingerprint,
            "path": str(self.path),
            "public_pem": self.public_pem,
            "created": self.created,
            "note": self.note,
        }


def key_dir(root: Path) -> Path:
    """``<workspace>/.carborder/keys``."""
    return root / ".carborder" / "keys"


def _signing(root: Path, *, created: bool = False) -> KeyInfo:
    from carborder.gateway.signing import load_signing_key

    folder = key_dir(root)
    key = load_signing_key(folder)
    pub = folder / "manifest-signing.ed25519.pub.pem"
    if key is None:
        return KeyInfo(KeyKind.SIGNING, None, pub, note="none yet (made on the first export)")
    return KeyInfo(
        KeyKind.SIGNING,
        key.key_id,
        pub,
        fingerprint=key.fingerprint,
        public_pem=pub.read_text(encoding="ascii") if pub.is_file() else None,
        created=created,
        note="publish the fingerprint (or the .pub.pem) to whoever verifies your manifests",
    )


def _pseudonym(root: Path, *, created: bool = False) -> KeyInfo:
    from carborder.deid.keys import ENV_VAR, Keyring

    folder = key_dir(root) / "pseudonym"
    ring = SecretRing.read(folder, what="pseudonymisation key file")
    note = f"{len(ring.keys)} key(s) in the folder"
    env = Keyring.load(None).active  # raises on a weak or non-text environment key
    if env is not None:
        note += f"; ${ENV_VAR} is set and takes precedence (key {env})"
    return KeyInfo(
        KeyKind.PSEUDONYM,
        ring.active,
        folder,
        created=created,
        note=note,
        keys_in_folder=len(ring.keys),
        env_key_id=env,
    )


def _counter(root: Path, *, created: bool = False) -> KeyInfo:
    folder = key_dir(root) / "counter"
    ring = SecretRing.read(folder, what="counter key file")
    return KeyInfo(
        KeyKind.COUNTER,
        ring.active,
        folder,
        created=created,
        note="keys the fingerprints behind year-to-date head-counts",
    )


_INFO = {KeyKind.SIGNING: _signing, KeyKind.PSEUDONYM: _pseudonym, KeyKind.COUNTER: _counter}


def key_infos(root: Path) -> list[KeyInfo]:
    """The workspace's keys as they are (nothing is created)."""
    return [_INFO[k](root) for k in KeyKind]


def generate_keys(root: Path, kinds: list[KeyKind] | None = None) -> list[KeyInfo]:
    """Create the keys of ``kinds`` (default: all) that do not exist yet; keep existing ones."""
    out: list[KeyInfo] = []
    for kind in kinds or list(KeyKind):
        before = _INFO[kind](root)
        if before.key_id is not None:
            out.append(before)
            continue
        if kind is KeyKind.SIGNING:
            from carborder.gateway.signing import load_or_create_signing_key

            load_or_create_signing_key(key_dir(root))
        elif kind is KeyKind.PSEUDONYM:
            SecretRing.generate(key_dir(root) / "pseudonym")
        else:
            counter_key(key_dir(root) / "counter")
        out.append(_INFO[kind](root, created=True))
    return out


def rotate_key(root: Path, kind: KeyKind) -> tuple[str | None, KeyInfo]:
    """Replace the active key of ``kind``; return the old key id and the new key's info."""
    if kind is KeyKind.SIGNING:
        from carborder.gateway.signing import rotate_signing_key

        old, _new = rotate_signing_key(key_dir(root))
    elif kind is KeyKind.PSEUDONYM:
        old = SecretRing.read(key_dir(root) / "pseudonym", what="pseudonymisation key file").active
        SecretRing.generate(key_dir(root) / "pseudonym")
    else:
        old, _new = rotate_counter_key(key_dir(root) / "counter")
    return old, _INFO[kind](root, created=True)
