"""The demo's last step: demo users for the web dashboard, and how to start the server."""

from __future__ import annotations

import secrets

from rich.console import Console

from carborder.store.repository import Store
from carborder.workspace.config import Workspace

__all__ = ["DEMO_USERS", "add_demo_users"]

#: One person per side of the four-eyes rules, so every journey can be tried.
DEMO_USERS = (
    ("demo-officer", "compliance_officer"),
    ("demo-steward", "data_steward"),
    ("demo-approver", "approver"),
    ("demo-auditor", "auditor"),
)


def add_demo_users(ws: Workspace, *, console: Console) -> str:
    """Create the demo users with one fresh random password; print how to sign in.

    Returns:
        The password (shown once; the store keeps only its argon2 hash).
    """
    from carborder.web.db.accounts import Accounts

    password = "demo-" + secrets.token_urlsafe(9)
    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        accounts = Accounts(store)
        for name, role in DEMO_USERS:
            if accounts.user(name) is None:
                accounts.add_user(name, role, password=password, actor="demo")
    finally:
        store.close()
    console.print("start the web dashboard and REST API on this workspace:")
    console.print(f"  .venv/bin/carborder serve --workspace {ws.root}")
    console.print("then open http://127.0.0.1:8470/ and sign in as one of:")
    for name, role in DEMO_USERS:
        console.print(f"  {name:<14} ({role})")
    console.print(f"  password: {password}   (demo only; add your own with `carborder user add`)")
    return password
