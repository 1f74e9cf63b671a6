"""Is the approval a pathway needs held, valid, expiring, changed or missing on a date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from carborder.decide.facts_view import UNKNOWN
from carborder.decide.workdays import add_years, sub_working_days
from carborder.model.approval import Approval, ApprovalScope
from carborder.model.decision import ApprovalCheck, ScopeChange
from carborder.model.flow import Flow
from carborder.rulebook.pack import Pack

__all__ = [
    "UndatedApprovalError",
    "change_text",
    "check_approval",
    "needs_scope",
    "scope_changes",
    "scope_diff",
    "valid_for",
    "valid_until",
]

#: Scope dimension → the flow's current value (mechanism only: which dimensions void an
#: approval is the pack's ``approval_kinds.<kind>.rescope_on``).
_KIND_FACTS = {
    "content_kinds": "content.kinds",
    "pi_kinds": "pi.kinds",
    "sensitive_kinds": "pi.sensitive_kinds",
}


class UndatedApprovalError(LookupError):
    """The pack has no validity rule in force on the day the approval was issued."""


def valid_until(approval: Approval, pack: Pack, as_of: date) -> date | None:
    """Last valid day: explicit, or issue date plus the kind's validity from the pack.

    The pack says on which day its validity parameter is read: on the issue date (a result
    keeps the validity of the rule in force when it was issued) or on ``as_of``.

    Raises:
        UndatedApprovalError: no validity rule was in force on that day; the approval cannot
            be relied on (callers treat it as not valid: fail closed).
    """
    if approval.valid_until is not None:
        return approval.valid_until
    kind = pack.meta.approval_kinds.get(approval.kind)
    if kind is None or kind.validity_years is None:
        return None
    day = approval.issued if kind.validity_dated_by == "issued" else as_of
    try:
        years = pack.param_at(kind.validity_years, day)[0]
    except LookupError as exc:
        raise UndatedApprovalError(str(exc)) from None
    return add_years(approval.issued, int(years))


def _valid_on(approval: Approval, pack: Pack, as_of: date) -> tuple[bool, date | None]:
    """(valid on ``as_of``, last valid day); an undated approval is not valid."""
    try:
        end = valid_until(approval, pack, as_of)
    except UndatedApprovalError:
        return False, None
    return (end is None or as_of <= end), end


def _listed(value: Any) -> list[str] | None:
    if value is UNKNOWN or value is None:
        return None
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def scope_diff(
    scope: ApprovalScope,
    flow: Flow,
    values: Mapping[str, Any],
    dimensions: Sequence[str],
    approval: str = "",
) -> list[ScopeChange]:
    """What in the flow today lies outside the scope an approval was granted for.

    Only the ``dimensions`` the pack names for the approval's kind are checked, and only those
    the approval recorded. A current value nobody knows counts as a change (fail closed).
    """
    now: dict[str, list[str] | None] = {
        "purposes": [flow.scenario],
        "activities": [flow.activity.value],
        "recipients": [flow.recipient],
        "assets": list(flow.assets),
        **{dim: _listed(values.get(fact, UNKNOWN)) for dim, fact in _KIND_FACTS.items()},
    }
    out: list[ScopeChange] = []
    for dim in dimensions:
        if dim == "storage":
            out += _storage_changes(scope, flow, approval)
            continue
        approved: list[str] = getattr(scope, dim)
        if not approved:
            continue
        have = now[dim]
        if have is None:
            out.append(
                ScopeChange(approval=approval, dimension=dim, approved=approved, known=False)
            )
            continue
        extra = sorted(set(have) - set(approved))
        if extra:
            out.append(
                ScopeChange(approval=approval, dimension=dim, found=extra, approved=approved)
            )
    return out


def scope_changes(
    scope: ApprovalScope, flow: Flow, values: Mapping[str, Any], dimensions: Sequence[str]
) -> list[str]:
    """:func:`scope_diff` as one English line per change (logs, refusals)."""
    return [change_text(c) for c in scope_diff(scope, flow, values, dimensions)]


def change_text(c: ScopeChange) -> str:
    """One English line for a scope change (the catalogue renders it in explanations)."""
    approved = ", ".join(c.approved)
    if c.dimension == "storage_period":
        period = f"{c.found[0]} months" if c.found else "not stated"
        return f"storage period: {period}, longer than the approved {approved}"
    if c.dimension == "storage":
        if not c.found:
            return f"storage: the flow states no overseas storage (approved: {approved})"
        return f"storage: {c.found[0]} instead of the approved {approved}"
    if not c.known:
        return f"{c.dimension}: not known now (approved: {approved})"
    return f"{c.dimension}: {', '.join(c.found)} not in the approved {approved}"


def _storage_changes(scope: ApprovalScope, flow: Flow, approval: str) -> list[ScopeChange]:
    approved, now = scope.storage, flow.overseas_storage
    if approved is None:
        return []
    where = [approved.location]
    if now is None:
        return [ScopeChange(approval=approval, dimension="storage", approved=where)]
    out = []
    if now.location != approved.location:
        out.append(
            ScopeChange(
                approval=approval, dimension="storage", found=[now.location], approved=where
            )
        )
    if approved.period_months is not None and (
        now.period_months is None or now.period_months > approved.period_months
    ):
        out.append(
            ScopeChange(
                approval=approval,
                dimension="storage_period",
                found=[] if now.period_months is None else [str(now.period_months)],
                approved=[str(approved.period_months)],
            )
        )
    return out


def needs_scope(approval: Approval, pack: Pack) -> bool:
    """Whether the approval covers nothing until its scope is recorded (fail closed).

    The pack names, per kind, the changes that void an approval (``rescope_on``); an approval
    of such a kind recorded without the scope it was granted for (or with a scope that
    records none of those dimensions) cannot be checked against them, so it does not cover a
    flow.
    """
    kind = pack.meta.approval_kinds.get(approval.kind)
    if kind is None or not kind.rescope_on:
        return False
    scope = approval.scope
    if scope is None:
        return True
    # a scope that records none of the dimensions a change is judged on checks nothing
    return not any(
        (scope.storage is not None) if dim == "storage" else bool(getattr(scope, dim))
        for dim in kind.rescope_on
    )


def _changed(
    approval: Approval, flow: Flow, values: Mapping[str, Any] | None, pack: Pack
) -> list[ScopeChange]:
    kind = pack.meta.approval_kinds.get(approval.kind)
    if values is None or approval.scope is None or kind is None or not kind.rescope_on:
        return []
    return scope_diff(approval.scope, flow, values, kind.rescope_on, approval.id)


def valid_for(
    approvals: Sequence[Approval],
    flow: Flow,
    pack: Pack,
    as_of: date,
    values: Mapping[str, Any] | None = None,
) -> list[Approval]:
    """Approvals covering the flow on ``as_of``.

    Issued, not revoked, not expired, its scope recorded where the pack says a change voids
    it (:func:`needs_scope`), and (given the flow's ``values``) granted for a scope the flow
    has not left.
    """
    out = []
    for a in approvals:
        if flow.id not in a.flows or a.revoked or a.issued > as_of or needs_scope(a, pack):
            continue
        if _valid_on(a, pack, as_of)[0] and not _changed(a, flow, values, pack):
            out.append(a)
    return out


def check_approval(
    flow: Flow,
    pathway: str,
    approvals: Sequence[Approval],
    pack: Pack,
    as_of: date,
    values: Mapping[str, Any] | None = None,
) -> ApprovalCheck:
    """Status of the approval a pathway needs for this flow on ``as_of``.

    ``changed``: a valid approval of a fitting kind exists, but the flow has left the scope it
    was granted for (re-declaration or re-filing is due). ``unscoped``: a valid approval of a
    fitting kind exists, but was recorded without its scope, so it covers nothing until the
    scope is recorded (fail closed: no change could be seen).
    """
    spec = pack.pathway(pathway)
    required = list(spec.satisfied_by)
    mine = [a for a in approvals if flow.id in a.flows and not a.revoked and a.issued <= as_of]
    unscoped = sorted(a.id for a in mine if needs_scope(a, pack))
    if not required:
        return ApprovalCheck(status="not_required", unscoped=unscoped)
    fitting = [a for a in mine if a.kind in required]
    considered = [a.id for a in mine]
    best: tuple[Approval, date | None] | None = None
    changes: list[ScopeChange] = []
    waiting_for_scope = False
    for a in fitting:
        valid, end = _valid_on(a, pack, as_of)
        if not valid:
            continue
        if needs_scope(a, pack):
            waiting_for_scope = True
            continue
        moved = _changed(a, flow, values, pack)
        if moved:
            changes += moved
            continue
        later = best is None or (best[1] is not None and (end is None or end > best[1]))
        if later:
            best = (a, end)
    if best is not None:
        approval, end = best
        window = pack.meta.approval_kinds[approval.kind].extension_window
        opens = None
        status = "covered"
        if end is not None and window is not None:
            days = int(pack.param_at(window, as_of)[0])
            opens, _official = sub_working_days(end, days)
            if as_of >= opens:
                status = "expiring"
        return ApprovalCheck(
            status=status,
            required=required,
            approvals=considered,
            valid_until=end,
            extension_window_opens=opens,
            unscoped=unscoped,
        )
    if changes:
        return ApprovalCheck(
            status="changed",
            required=required,
            approvals=considered,
            changes=[f"{c.approval}: {change_text(c)}" for c in changes],
            scope_changes=changes,
            unscoped=unscoped,
        )
    if waiting_for_scope:
        return ApprovalCheck(
            status="unscoped", required=required, approvals=considered, unscoped=unscoped
        )
    if fitting:
        return ApprovalCheck(
            status="expired", required=required, approvals=considered, unscoped=unscoped
        )
    pathway_kinds = {k for p in pack.meta.pathways for k in p.satisfied_by}
    status = "insufficient" if any(a.kind in pathway_kinds for a in mine) else "missing"
    return ApprovalCheck(status=status, required=required, approvals=considered, unscoped=unscoped)
