"""Shared fixtures: the real-data folder beside the repository, temporary workspaces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def realdata_dir() -> Path | None:
    """Return ``../shared/realdata`` beside the repository (or $CARBORDER_REALDATA), if present."""
    env = os.environ.get("CARBORDER_REALDATA")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "realdata")
    for c in candidates:
        if c.is_dir():
            return c
    return None


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The shared real vehicle data; tests using it skip with a reason when it is absent."""
    found = realdata_dir()
    if found is None:
        pytest.skip(
            "real vehicle data not found: expected ../shared/realdata beside the repository "
            "or CARBORDER_REALDATA; this test needs it and is skipped in a bare clone"
        )
    return found
