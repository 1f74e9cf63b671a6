"""A workspace's secrets: pseudonymisation, counter and signing keys, private files, weak-key checks."""

from __future__ import annotations

from carborder.keys.counter import COUNTER_KEY_DIR, CounterKey, counter_key, rotate_counter_key
from carborder.keys.files import make_private_dir, read_secret_file, tighten, write_secret_file
from carborder.keys.ring import SecretKey, SecretRing, key_id_of
from carborder.keys.weak import weak_key_reason

__all__ = [
    "COUNTER_KEY_DIR",
    "CounterKey",
    "SecretKey",
    "SecretRing",
    "counter_key",
    "key_id_of",
    "make_private_dir",
    "read_secret_file",
    "rotate_counter_key",
    "tighten",
    "weak_key_reason",
    "write_secret_file",
]
