"""Is the approval a pathway needs held, valid, expiring or missing on a date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from carborder.decide.workdays import add_years, sub_working_days
from carborder.model.approval import Approval
from carborder.model.decision import ApprovalCheck
from carborder.model.flow import Flow
from carborder.rulebook.pack import Pack

__all__ = ["UndatedApprovalError", "check_approval", "valid_for", "valid_until"]


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


def valid_for(
    approvals: Sequence[Approval], flow_id: str, pack: Pack, as_of: date
) -> list[Approval]:
    """Approvals covering the flow that are issued, not revoked and not expired on ``as_of``."""
    out = []
    for a in approvals:
        if flow_id not in a.flows or a.revoked or a.issued > as_of:
            continue
        if _valid_on(a, pack, as_of)[0]:
            out.append(a)
    return out


def check_approval(
    flow: Flow, pathway: str, approvals: Sequence[Approval], pack: Pack, as_of: date
) -> ApprovalCheck:
    """Status of the approval a pathway needs for this flow on ``as_of``."""
    spec = pack.pathway(pathway)
    required = list(spec.satisfied_by)
    if not required:
        return ApprovalCheck(status="not_required")
    mine = [a for a in approvals if flow.id in a.flows and not a.revoked and a.issued <= as_of]
    fitting = [a for a in mine if a.kind in required]
    considered = [a.id for a in mine]
    best: tuple[Approval, date | None] | None = None
    for a in fitting:
        valid, end = _valid_on(a, pack, as_of)
        later = best is None or (best[1] is not None and (end is None or end > best[1]))
        if valid and later:
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
        )
    if fitting:
        return ApprovalCheck(status="expired", required=required, approvals=considered)
    pathway_kinds = {k for p in pack.meta.pathways for k in p.satisfied_by}
    if any(a.kind in pathway_kinds for a in mine):
        return ApprovalCheck(status="insufficient", required=required, approvals=considered)
    return ApprovalCheck(status="missing", required=required, approvals=considered)
