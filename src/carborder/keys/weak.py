"""Refuse key material that looks chosen by a person rather than drawn at random.

A pseudonymisation or counter key of all zeros, one repeated character or a short pattern
gives pseudonyms anyone can recompute; such keys are refused with the way to make a good one.
"""

from __future__ import annotations

from carborder.errors import Msg

__all__ = ["MIN_DISTINCT", "MIN_KEY_BYTES", "weak_key_msg", "weak_key_reason"]

#: Shortest key accepted, in bytes.
MIN_KEY_BYTES = 16
#: Fewest distinct symbols in a key: 32 random hex characters have about 14.
MIN_DISTINCT = 6
#: Longest repeating unit still treated as a pattern ("abcabc…", "0123456701234567…").
_MAX_PERIOD = 8
_PLACEHOLDERS = ("changeme", "password", "secret", "example", "carborder", "test")


def weak_key_reason(material: bytes) -> str | None:
    """Why ``material`` is not acceptable as a key (in English), or None when it is.

    >>> weak_key_reason(b"0" * 64)
    'it is one character repeated'
    >>> weak_key_reason(b"ab" * 20)
    'it repeats a pattern of 2 characters'
    >>> weak_key_reason(bytes.fromhex("9f3c61a2e07d4b58c1f2a9e6d3b07c14")) is None
    True
    """
    reason = weak_key_msg(material)
    return reason.format("en") if reason is not None else None


def weak_key_msg(material: bytes) -> Msg | None:
    """Why ``material`` is not acceptable as a key, as a catalogue message, or None."""
    if len(material) < MIN_KEY_BYTES:
        return Msg("weak-key-short", n=MIN_KEY_BYTES)
    if len(set(material)) == 1:
        return Msg("weak-key-one-char")
    for period in range(2, _MAX_PERIOD + 1):
        unit = material[:period]
        if (unit * (len(material) // period + 1))[: len(material)] == material:
            return Msg("weak-key-pattern", n=period)
    if len(set(material)) < MIN_DISTINCT:
        return Msg("weak-key-few-chars", n=MIN_DISTINCT)
    lowered = material.lower()
    stripped = lowered.strip(b"0123456789-_ ")
    if stripped.decode("ascii", "ignore") in _PLACEHOLDERS:
        return Msg("weak-key-placeholder")
    return None
