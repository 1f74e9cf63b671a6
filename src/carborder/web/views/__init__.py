"""What the API returns and the pages render, computed from the workspace and the store."""

from __future__ import annotations
