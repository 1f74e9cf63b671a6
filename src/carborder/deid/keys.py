"""Pseudonymisation keys: from $CARBORDER_PSEUDONYM_KEY or a workspace key folder, with key ids.

The secret never appears in a repr, a log line, an error message or a manifest; manifests
record only the key id (a hash of the key), which lets a reader tell two keys apart. Weak
material (all zeros, one repeated character, a short pattern) is refused.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from carborder.errors import InputError, Msg
from carborder.keys.ring import SecretKey, SecretRing, key_id_of
from carborder.keys.weak import MIN_KEY_BYTES, weak_key_msg

__all__ = ["ENV_VAR", "MIN_KEY_BYTES", "Keyring", "PseudonymKey", "key_id_of"]

#: Environment variable holding the key material (takes precedence over key files).
ENV_VAR = "CARBORDER_PSEUDONYM_KEY"


class PseudonymKey(SecretKey):
    """An HMAC key for pseudonyms and its public id; ``repr`` never shows the secret."""


def _env_secret(material: str) -> bytes:
    try:
        secret = material.encode("utf-8")
    except UnicodeEncodeError:
        # os.environ keeps undecodable bytes as surrogates: the value is not text
        raise InputError(
            Msg("err-env-key-not-utf8", var=f"${ENV_VAR}"),
            hint=Msg("hint-env-key-not-utf8", var=ENV_VAR),
        ) from None
    reason = weak_key_msg(secret)
    if reason is not None:
        raise InputError(
            Msg("err-env-key-weak", var=f"${ENV_VAR}", reason=reason),
            hint=Msg("hint-env-key-weak", var=ENV_VAR),
        )
    return secret


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
            InputError: the environment key is weak or not text, or a key file is unreadable,
                malformed or weak.
        """
        env = os.environ if env is None else env
        ring = SecretRing.read(key_dir, what="pseudonymisation key file")
        keys = {k: PseudonymKey(k, v.secret) for k, v in ring.keys.items()}
        active = ring.active
        material = env.get(ENV_VAR)
        if material:
            secret = _env_secret(material)
            kid = key_id_of(secret)
            keys[kid] = PseudonymKey(kid, secret)
            active = kid
        return cls(keys, active)

    @staticmethod
    def generate(key_dir: Path) -> str:
        """Create a new random key in ``key_dir``, make it active (rotation), return its id.

        Earlier keys stay in the folder, so pseudonyms of earlier exports can still be
        matched by whoever holds the workspace.
        """
        return SecretRing.generate(key_dir)

    def key(self, key_id: str | None = None) -> PseudonymKey:
        """Return the key with ``key_id``, or the active key.

        Raises:
            InputError: no such key, or no key at all.
        """
        wanted = key_id or self.active
        if wanted is None:
            raise InputError(
                Msg("err-no-pseudonym-key"),
                hint=Msg("hint-no-pseudonym-key", var=f"${ENV_VAR}"),
            )
        try:
            return self.keys[wanted]
        except KeyError:
            raise InputError(
                Msg("err-pseudonym-key-not-found", key=wanted),
                hint=(
                    Msg("hint-known-key-ids", known=", ".join(sorted(self.keys)))
                    if self.keys
                    else Msg("hint-known-key-ids-none")
                ),
            ) from None
