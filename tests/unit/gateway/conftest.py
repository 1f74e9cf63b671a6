"""Gateway fixtures: a small workspace and the pseudonymisation key in the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.gateway_workspace import KEY, make_workspace

from carborder.deid.keys import ENV_VAR


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_VAR, KEY)
    return make_workspace(tmp_path / "ws")
