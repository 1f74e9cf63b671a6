"""Filing fixtures: a decided workspace with one real export, and the fonts check."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.filings_workspace import make_filing_workspace


@pytest.fixture(scope="session")
def filing_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: tests only read it (each build writes its own output folder)."""
    return make_filing_workspace(tmp_path_factory.mktemp("filings") / "ws")


@pytest.fixture(scope="session")
def fonts() -> None:
    """Skip PDF tests when the CJK fonts are not installed (CI installs them)."""
    from carborder.errors import FilingError
    from carborder.filings import load_catalogue
    from carborder.filings.fonts import resolve_fonts

    try:
        resolve_fonts(load_catalogue().fonts)
    except FilingError as exc:
        pytest.skip(f"CJK fonts for PDFs not installed ({exc.message}); run `make fonts`")
