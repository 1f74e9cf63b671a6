"""``carborder serve``: the REST API (/api/v1, OpenAPI) and the web dashboard for a workspace.

Roles map to permissions in one place (:mod:`carborder.web.permissions`); every route
declares the permission it needs and the server checks it, with separation of duties on
export requests and filings. carborder supports compliance work; it is not legal advice.
"""

from __future__ import annotations

from carborder.web.app import OPENAPI_URL, create_app
from carborder.web.db.accounts import Accounts, User
from carborder.web.permissions import ROLE_PERMISSIONS, Permission, Role, allowed
from carborder.web.settings import ServerSettings

__all__ = [
    "OPENAPI_URL",
    "ROLE_PERMISSIONS",
    "Accounts",
    "Permission",
    "Role",
    "ServerSettings",
    "User",
    "allowed",
    "create_app",
]
