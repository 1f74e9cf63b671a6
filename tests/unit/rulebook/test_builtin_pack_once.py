"""A built-in pack is parsed once per process however it is asked for."""

from __future__ import annotations

from carborder.rulebook.loader import BUILTIN_PACKS, builtin_pack


def test_default_and_named_calls_share_one_pack() -> None:
    assert builtin_pack() is builtin_pack(BUILTIN_PACKS[0])
    assert builtin_pack(pack_id=BUILTIN_PACKS[0]) is builtin_pack()
