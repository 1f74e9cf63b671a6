"""Shared fixtures: the real-data folder beside the repository, temporary workspaces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]

# Property tests assert behaviour, not speed: Hypothesis' per-example deadline is a timer, and
# on a loaded 2-core CI machine it fails examples that are merely slow (a FlakyFailure with
# DeadlineExceeded). Speed is measured in bench/.
settings.register_profile("carborder", deadline=None)
settings.load_profile("carborder")


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
