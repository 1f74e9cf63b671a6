"""Approvals held: the store's records over the inventory's, evidence files kept by hash."""

from __future__ import annotations

from pydantic import ValidationError

from carborder.errors import InputError, Msg
from carborder.model.approval import Approval, ApprovalScope
from carborder.web.errors import NotFoundError
from carborder.web.schemas import ApprovalOut
from carborder.web.state import WorkspaceState
from carborder.web.uploads import EvidenceFiles

__all__ = ["approval_out", "find_approval", "list_approvals", "parse_scope"]


def parse_scope(text: str | None) -> ApprovalScope | None:
    """An approval scope sent as JSON (empty = none).

    Raises:
        InputError: not JSON, or not a scope (unknown keys, wrong types) — HTTP 422.
    """
    if text is None or not text.strip():
        return None
    try:
        return ApprovalScope.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "scope"
        raise InputError(
            Msg("web-scope-invalid", where=where, detail=str(first["msg"])),
            key="scope",
            hint=Msg("web-hint-scope-json"),
        ) from None


def approval_out(a: Approval, source: str, files: EvidenceFiles) -> ApprovalOut:
    """An approval for the API."""
    return ApprovalOut(
        id=a.id,
        kind=a.kind,
        flows=list(a.flows),
        issued=a.issued.isoformat(),
        valid_until=a.valid_until.isoformat() if a.valid_until else None,
        revoked=a.revoked,
        evidence_sha256=a.evidence_sha256,
        has_evidence_file=files.has(a.evidence_sha256),
        note=a.note,
        source="database" if source == "database" else "inventory",
        scope=a.scope,
    )


def list_approvals(state: WorkspaceState, files: EvidenceFiles) -> list[ApprovalOut]:
    """Every approval by id: recorded in the store (live) or declared in the inventory."""
    base = state.workspace.inventory(state.pack)
    rows: dict[str, tuple[Approval, str]] = {a.id: (a, "inventory") for a in base.approvals}
    for a in state.store.list_approvals():
        rows[a.id] = (a, "database")
    return [approval_out(a, src, files) for a, src in (rows[k] for k in sorted(rows))]


def find_approval(state: WorkspaceState, files: EvidenceFiles, approval_id: str) -> ApprovalOut:
    """One approval.

    Raises:
        NotFoundError: no such approval.
    """
    for a in list_approvals(state, files):
        if a.id == approval_id:
            return a
    raise NotFoundError(
        Msg("web-no", what=Msg("thing-approval"), id=str(approval_id)),
        hint=Msg("web-hint-see", url="/api/v1/approvals"),
    )
