"""Roles and the role → permission map: the one place that says who may do what.

Routes declare a permission with :func:`carborder.web.auth.require`; templates ask ``can(...)``
with the same map, so what the UI shows and what the server allows never drift apart. The
separation-of-duties rules (requester ≠ approver, drafter ≠ signer) are checked on the objects
themselves, in the routes that act on them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ROLE_PERMISSIONS", "Permission", "Role", "allowed"]


class Role(StrEnum):
    """What a user or program is for; each role is a fixed set of permissions."""

    ADMIN = "admin"
    COMPLIANCE_OFFICER = "compliance_officer"
    LEGAL_REVIEWER = "legal_reviewer"
    DATA_STEWARD = "data_steward"
    APPROVER = "approver"
    AUDITOR = "auditor"
    VIEWER = "viewer"
    SERVICE = "service"


class Permission(StrEnum):
    """One thing a route does; every route requires exactly one."""

    DASHBOARD_READ = "dashboard.read"
    FLOWS_READ = "flows.read"
    ASSETS_READ = "assets.read"
    EVIDENCE_SAMPLES = "evidence.samples"
    SCANS_READ = "scans.read"
    SCANS_RUN = "scans.run"
    APPROVALS_READ = "approvals.read"
    APPROVALS_MANAGE = "approvals.manage"
    EXPORTS_READ = "exports.read"
    EXPORTS_REQUEST = "exports.request"
    EXPORTS_APPROVE = "exports.approve"
    MANIFESTS_READ = "manifests.read"
    FILINGS_READ = "filings.read"
    FILINGS_DRAFT = "filings.draft"
    FILINGS_EDIT = "filings.edit"
    FILINGS_SIGN = "filings.sign"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    RULEBOOK_READ = "rulebook.read"
    USERS_READ = "users.read"
    USERS_MANAGE = "users.manage"
    TOKENS_MANAGE = "tokens.manage"
    JOBS_READ = "jobs.read"
    PROFILE = "profile"


P = Permission

# Read access that every person with a seat at the dashboard has.
_READ = frozenset(
    {
        P.DASHBOARD_READ,
        P.FLOWS_READ,
        P.ASSETS_READ,
        P.SCANS_READ,
        P.APPROVALS_READ,
        P.EXPORTS_READ,
        P.FILINGS_READ,
        P.RULEBOOK_READ,
        P.JOBS_READ,
        P.PROFILE,
    }
)

#: The map. Deliberate gaps: admins run the system but approve nothing and see no samples
#: (separation of duties); viewers see no audit details and no evidence samples; auditors
#: read everything and write nothing; the service role is a pipeline: request, fetch, scan.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _READ
    | {P.AUDIT_READ, P.AUDIT_VERIFY, P.USERS_READ, P.USERS_MANAGE, P.TOKENS_MANAGE},
    Role.COMPLIANCE_OFFICER: _READ
    | {
        P.EVIDENCE_SAMPLES,
        P.SCANS_RUN,
        P.APPROVALS_MANAGE,
        P.EXPORTS_REQUEST,
        P.EXPORTS_APPROVE,
        P.MANIFESTS_READ,
        P.FILINGS_DRAFT,
        P.FILINGS_EDIT,
        P.FILINGS_SIGN,
        P.AUDIT_READ,
        P.AUDIT_VERIFY,
        P.USERS_READ,
    },
    Role.LEGAL_REVIEWER: _READ | {P.EVIDENCE_SAMPLES, P.FILINGS_EDIT, P.MANIFESTS_READ},
    Role.DATA_STEWARD: _READ
    | {P.EVIDENCE_SAMPLES, P.SCANS_RUN, P.EXPORTS_REQUEST, P.MANIFESTS_READ, P.FILINGS_DRAFT},
    Role.APPROVER: _READ | {P.EVIDENCE_SAMPLES, P.EXPORTS_APPROVE, P.MANIFESTS_READ},
    Role.AUDITOR: _READ
    | {P.EVIDENCE_SAMPLES, P.MANIFESTS_READ, P.AUDIT_READ, P.AUDIT_VERIFY, P.USERS_READ},
    Role.VIEWER: _READ,
    Role.SERVICE: frozenset(
        {
            P.FLOWS_READ,
            P.ASSETS_READ,
            P.SCANS_READ,
            P.SCANS_RUN,
            P.EXPORTS_READ,
            P.EXPORTS_REQUEST,
            P.MANIFESTS_READ,
            P.RULEBOOK_READ,
            P.JOBS_READ,
            P.PROFILE,
        }
    ),
}


def allowed(role: Role | str, permission: Permission | str) -> bool:
    """Whether ``role`` holds ``permission``; unknown roles hold nothing (fail closed).

    >>> allowed("auditor", "audit.read"), allowed("viewer", "audit.read")
    (True, False)
    >>> allowed("root", "users.manage")
    False
    """
    try:
        return Permission(permission) in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
