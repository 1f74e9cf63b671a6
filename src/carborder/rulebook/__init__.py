"""The rulebook: regulations as versioned, cited data, and the mechanism that reads them."""

from __future__ import annotations

from carborder.rulebook.loader import BUILTIN_PACKS, default_pack_dir, load_pack
from carborder.rulebook.pack import Pack

__all__ = ["BUILTIN_PACKS", "Pack", "default_pack_dir", "load_pack"]
