"""Anchors of the audit chain outside the database, and ``audit verify`` over all of them.

The database can be rewritten whole by whoever can write it: every hash recomputed, the head
moved. What it cannot rewrite is a copy kept elsewhere. Two kinds of copy exist:

- each signed manifest carries the chain head at its release (``body.audit_head``); the
  manifests in output folders, sent to recipients, are anchors wherever they went;
- ``carborder audit anchor`` writes the current head, signed with the workspace key, for a
  person to keep (a ticket, a mail to the DPO, a write-once share).

``audit verify --anchor FILE`` (anchor files or manifests) then finds a rewrite: the chain
no longer holds that hash at that position.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from carborder.audit.chain import ChainProblem, ChainReport, canonical_json, format_time
from carborder.audit.clock import Clock, system_clock
from carborder.audit.crosscheck import Anchor
from carborder.errors import InputError, IntegrityError, Msg
from carborder.gateway.manifest import MANIFEST_FORMAT, MANIFEST_NAME
from carborder.gateway.signing import (
    TrustedKey,
    load_or_create_signing_key,
    trusted_workspace_keys,
    verify_signature,
)
from carborder.safety.files import read_bytes_limited
from carborder.safety.limits import MAX_JSON_BYTES
from carborder.store.repository import Store

__all__ = [
    "ANCHOR_FORMAT",
    "AnchorRejectedError",
    "make_anchor",
    "read_anchor",
    "verify_workspace_audit",
]

ANCHOR_FORMAT = "carborder-audit-anchor/1"
_HINT = Msg("hint-anchor-file")


class AnchorRejectedError(InputError):
    """A readable anchor or manifest whose head cannot be used: ``why`` says which check failed.

    ``no-head`` (it records no chain head), ``altered`` (its signature does not match its
    content) or ``untrusted`` (signed by ``key_id``, a key the workspace does not trust).
    """

    def __init__(
        self,
        message: str | Msg,
        *,
        why: str,
        file: Path,
        hint: str | Msg,
        key: str | None = None,
    ) -> None:
        super().__init__(message, file=file, hint=hint)
        self.why = why
        self.key_id = key or ""


def make_anchor(
    store: Store, workspace: Path, *, handler_id: str, clock: Clock = system_clock
) -> dict[str, Any]:
    """The current chain head, signed with the workspace key — only when everything verifies.

    Raises:
        IntegrityError: the chain or a cross-check fails (an anchor would bless the damage).
    """
    report = verify_workspace_audit(store, workspace)
    if not report.ok:
        summary = {"en": report.summary("en"), "zh": report.summary("zh")}
        raise IntegrityError(
            Msg("err-anchor-chain-broken", summary=summary),
            hint=Msg("hint-anchor-chain-broken"),
        )
    body = {
        "handler": handler_id,
        "seq": report.head_seq,
        "hash": report.head_hash,
        "events": report.events,
        "created": format_time(clock()),
    }
    key = load_or_create_signing_key(workspace / ".carborder" / "keys")
    return {
        "format": ANCHOR_FORMAT,
        "body": body,
        "signature": {
            "alg": "ed25519",
            "key_id": key.key_id,
            "public_key": key.public_b64,
            "value": key.sign(canonical_json(body)),
        },
    }


def _signed_doc(path: Path) -> dict[str, Any]:
    target = path / MANIFEST_NAME if path.is_dir() else path
    data = read_bytes_limited(target, MAX_JSON_BYTES, what="anchor file")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError(Msg("err-anchor-not-json"), file=target, hint=_HINT) from None
    if not isinstance(doc, dict) or doc.get("format") not in (ANCHOR_FORMAT, MANIFEST_FORMAT):
        raise InputError(Msg("err-anchor-format"), file=target, hint=_HINT)
    return doc


def read_anchor(path: Path, trusted: Sequence[TrustedKey]) -> Anchor:
    """The head an anchor file or a manifest records, once its signature and signer check out.

    Raises:
        InputError: unreadable, not an anchor, altered (bad signature), or signed by a key
            the workspace does not trust.
    """
    doc = _signed_doc(path)
    body, sig = doc.get("body"), doc.get("signature")
    head = body.get("audit_head") if isinstance(body, dict) else None
    if isinstance(body, dict) and doc["format"] == ANCHOR_FORMAT:
        head = {"seq": body.get("seq"), "hash": body.get("hash")}
    if (
        not isinstance(sig, dict)
        or not isinstance(head, dict)
        or not isinstance(head.get("seq"), int)
        or not isinstance(head.get("hash"), str)
    ):
        raise AnchorRejectedError(Msg("err-anchor-no-head"), why="no-head", file=path, hint=_HINT)
    public = str(sig.get("public_key", ""))
    if not verify_signature(public, str(sig.get("value", "")), canonical_json(body)):
        raise AnchorRejectedError(
            Msg("err-anchor-altered"),
            why="altered",
            file=path,
            hint=Msg("hint-anchor-altered"),
        )
    if not any(k.matches(public) for k in trusted):
        raise AnchorRejectedError(
            Msg("err-anchor-untrusted", key=str(sig.get("key_id"))),
            why="untrusted",
            key=str(sig.get("key_id")),
            file=path,
            hint=Msg("hint-anchor-untrusted"),
        )
    kind = "anchor" if doc["format"] == ANCHOR_FORMAT else "manifest"
    return Anchor(int(head["seq"]), str(head["hash"]), kind, str(path))


def _output_anchors(
    store: Store, trusted: Sequence[TrustedKey]
) -> tuple[list[Anchor], list[ChainProblem]]:
    """Heads carried by the manifests still in released runs' output folders."""
    anchors: list[Anchor] = []
    problems: list[ChainProblem] = []
    for run in store.runs(status="released"):
        path = Path(run.output or "") / MANIFEST_NAME
        if not run.output or not path.is_file():
            continue  # moved or deleted after release: nothing to compare
        try:
            doc = _signed_doc(path)
        except InputError:
            doc = {}
        body = doc.get("body")
        if not isinstance(body, dict) or body.get("run_id") != run.id:
            continue  # the folder now holds another export
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != run.manifest_sha256:
            problems.append(
                ChainProblem.of(
                    0,
                    "output-manifest-mismatch",
                    "audit-detail-output-manifest",
                    path=path,
                    run=run.id,
                )
            )
            continue
        try:
            anchors.append(read_anchor(path, trusted))
        except AnchorRejectedError as exc:
            detail = f"audit-detail-output-{exc.why}"
            args = {"key": exc.key_id} if exc.why == "untrusted" else {}
            problems.append(
                ChainProblem.of(0, "output-manifest-mismatch", detail, path=path, **args)
            )
    return anchors, problems


def verify_workspace_audit(
    store: Store, workspace: Path, anchor_files: Sequence[Path] = ()
) -> ChainReport:
    """The chain, the tables against it, and every anchor: stored and released manifests, files.

    Raises:
        InputError: an anchor file is unreadable, altered or signed by an untrusted key.
    """
    trusted = trusted_workspace_keys(workspace)
    given = [read_anchor(p, trusted) for p in anchor_files]
    if store.missing_tables():
        return store.verify_audit()
    released, problems = _output_anchors(store, trusted)
    report = store.verify_audit([*released, *given])
    report.problems.extend(problems)
    report.checked["outputs"] = len(released)
    return report
