"""The workspace's counter key: the secret that keys identity fingerprints in head-counts.

Year-to-date counters keep a fingerprint per person (to count someone exported twice once).
Unkeyed, a fingerprint of an ID or phone number can be confirmed by anyone who reads the
database; keyed with this secret (HMAC-SHA256), it cannot without the key file as well.

The counter key is separate from the pseudonymisation key, so pseudonyms can be rotated
without touching counts. Rotating the counter key starts a new key version: fingerprints
under the old key stay countable (their number is kept) but are never extended again, and
the old secret is destroyed, so a stolen old key file no longer confirms anything new.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from carborder.errors import InputError, Msg
from carborder.keys.ring import SecretKey, SecretRing

__all__ = ["COUNTER_KEY_DIR", "CounterKey", "counter_key", "rotate_counter_key"]

#: Where a workspace keeps its counter keys (relative to the workspace root).
COUNTER_KEY_DIR = Path(".carborder") / "keys" / "counter"


class CounterKey(SecretKey):
    """An HMAC key for identity fingerprints and its public id (stored with each counter)."""


def counter_key(folder: Path, *, create: bool = True) -> CounterKey:
    """The active counter key of a key folder, created on first use when ``create``.

    Raises:
        InputError: a key file is unreadable or malformed; or no key and not ``create``.
    """
    ring = SecretRing.read(folder, what="counter key file")
    if ring.active is None:
        if not create:
            raise InputError(
                Msg("err-no-counter-key"),
                file=folder,
                hint=Msg("hint-key-generate-ws"),
            )
        with contextlib.suppress(FileExistsError):  # a parallel process created one first
            SecretRing.generate(folder, replace_active=False)
        ring = SecretRing.read(folder, what="counter key file")
    if ring.active is None:
        raise InputError(
            Msg("err-no-active-counter-key"), file=folder, hint=Msg("hint-key-generate")
        )
    key = ring.keys[ring.active]
    return CounterKey(key.id, key.secret)


def rotate_counter_key(folder: Path) -> tuple[str | None, str]:
    """Make a new counter key active and destroy the old secrets; return (old id, new id)."""
    ring = SecretRing.read(folder, what="counter key file")
    new = SecretRing.generate(folder)
    for kid in ring.keys:
        ring.forget(kid)
    return ring.active, new
