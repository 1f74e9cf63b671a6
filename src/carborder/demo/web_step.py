"""The demo's last step: demo users for the web dashboard, and how to start the server."""

from __future__ import annotations

import secrets

from rich.console import Console

from carborder.i18n import messages
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


def add_demo_users(ws: Workspace, *, console: Console, lang: str = "en") -> str:
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
    m = messages(lang)
    console.print(m("demo-web-start"))
    console.print(m("demo-web-command", path=str(ws.root)), highlight=False, markup=False)
    console.print(m("demo-web-open", url="http://127.0.0.1:8470/"))
    for name, role in DEMO_USERS:
        label = m.term("web-role", role) if m.zh else role
        console.print(f"  {name:<14} ({label})", highlight=False)
    console.print(m("demo-web-password", password=password), highlight=False, markup=False)
    return password
