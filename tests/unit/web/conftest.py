"""Server fixtures (shared with the browser tests in tests/e2e)."""

from __future__ import annotations

from tests.web_server import server, template_workspace, workspace

__all__ = ["server", "template_workspace", "workspace"]
