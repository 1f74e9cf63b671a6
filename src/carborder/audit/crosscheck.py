"""Cross-checks: the tables must hold exactly what the chain says, and the chain every anchor.

A hash chain proves its own events; it says nothing about rows beside it, and a chain that
was rewritten whole (every hash recomputed) verifies as well as the original. So ``audit
verify`` also checks, in the same pass over the events:

- every counter row equals its last ``counters.updated`` event (count, version, state digest),
  and every counter the chain names still exists;
- every released run has its ``export.released`` event and its stored manifest (same
  SHA-256), and every ``export.released`` event its run and manifest;
- every approval row has its ``approval.added`` event (same fields; a scope recorded later by
  its ``approval.scoped`` event) and its revocation state;
- every decision named in the chain is stored with the input digest the chain recorded;
- every anchor — the chain head carried by each signed manifest, or a signed head a person
  kept elsewhere (``carborder audit anchor``) — is an event of this chain with that hash.

Deleting the last event and moving the head back, resetting a counter, deleting a run or a
manifest, or rewriting the whole chain consistently each leave a row without its event, an
event without its row, or an anchor the chain no longer contains.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from carborder.audit.chain import ChainProblem, StoredEvent

__all__ = ["Anchor", "ChainWitness", "TableState"]

#: Events whose payload the cross-checks read (all others are only hashed).
_READ = frozenset(
    {
        "counters.updated",
        "export.released",
        "approval.added",
        "approval.revoked",
        "approval.scoped",
        "decision.recorded",
    }
)


@dataclass(frozen=True)
class Anchor:
    """A chain head recorded outside the database: event ``seq`` had hash ``hash``.

    ``kind`` says what recorded it (``anchor`` file, released ``manifest`` file, ``stored``
    manifest of a run) and ``ref`` which one (a path or a run id).
    """

    seq: int
    hash: str
    kind: str
    ref: str

    @property
    def source(self) -> str:
        """What recorded the head, in English (``anchor PATH``, ``stored manifest of RUN``)."""
        return (
            f"stored manifest of {self.ref}" if self.kind == "stored" else f"{self.kind} {self.ref}"
        )


@dataclass
class TableState:
    """The rows the chain vouches for, read in the same transaction as the events."""

    #: One dict per counter row: handler_id, year, kind, key_id, estimate, version, state_sha256.
    counters: list[dict[str, Any]] = field(default_factory=list)
    #: Export runs: id → (status, manifest SHA-256 or None).
    runs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    #: Stored manifests: run id → (recorded SHA-256, SHA-256 of the file its body writes).
    manifests: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Approvals: id → kind, flows, issued, valid_until, evidence_sha256, revoked.
    approvals: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Decisions: id → input SHA-256.
    decisions: dict[str, str] = field(default_factory=dict)


def _counter_key(d: dict[str, Any]) -> tuple[str, int, str, str]:
    return (str(d["handler_id"]), int(d["year"]), str(d["kind"]), str(d["key_id"]))


class ChainWitness:
    """Collects, in one pass over the events, what the tables must hold and checks anchors.

    Memory stays proportional to the rows checked, not to the chain: only the last
    ``counters.updated`` per counter, released runs, approvals and decisions are kept.
    """

    def __init__(self, anchors: Iterable[Anchor] = ()) -> None:
        self._anchors: dict[int, list[Anchor]] = {}
        for a in anchors:
            self._anchors.setdefault(a.seq, []).append(a)
        self._anchors_seen: set[int] = set()
        self.counters: dict[tuple[str, int, str, str], tuple[int, dict[str, Any]]] = {}
        self.released: dict[str, tuple[int, dict[str, Any]]] = {}
        self.approvals: dict[str, tuple[int, dict[str, Any]]] = {}
        self.revoked: set[str] = set()
        self.decisions: dict[str, tuple[int, str]] = {}
        self.problems: list[ChainProblem] = []
        self.last_seq = 0

    def observe(self, events: Iterable[StoredEvent]) -> Iterator[StoredEvent]:
        """Pass the events through unchanged, remembering what the cross-checks need."""
        for ev in events:
            self.last_seq = ev.seq
            for a in self._anchors.get(ev.seq, ()):
                self._anchors_seen.add(ev.seq)
                if a.hash != ev.hash:
                    self.problems.append(
                        ChainProblem.of(
                            ev.seq,
                            "anchor-mismatch",
                            "audit-detail-anchor-mismatch",
                            source=a.kind,
                            ref=a.ref,
                            recorded=a.hash[:16],
                            at=ev.seq,
                            holds=ev.hash[:16],
                        )
                    )
            if ev.name in _READ:
                self._remember(ev)
            yield ev

    def _remember(self, ev: StoredEvent) -> None:
        payload = ev.payload
        if payload is None:
            try:
                payload = json.loads(ev.payload_json or "null")
            except ValueError:
                return  # an edited payload: the chain check reports it
        if not isinstance(payload, dict):
            return
        try:
            if ev.name == "counters.updated":
                self.counters[_counter_key(payload)] = (ev.seq, payload)
            elif ev.name == "export.released":
                self.released[str(payload["run_id"])] = (ev.seq, payload)
            elif ev.name == "approval.added":
                self.approvals[str(payload["approval_id"])] = (ev.seq, payload)
            elif ev.name == "approval.revoked":
                self.revoked.add(str(payload["approval_id"]))
            elif ev.name == "approval.scoped":
                aid = str(payload["approval_id"])
                if aid in self.approvals:  # the scope recorded later is the one the row holds
                    seq, added = self.approvals[aid]
                    self.approvals[aid] = (seq, {**added, "scope_sha256": payload["scope_sha256"]})
                else:
                    self.problems.append(
                        ChainProblem.of(
                            ev.seq,
                            "approval-mismatch",
                            "audit-detail-approval-scoped",
                            approval=aid,
                        )
                    )
            elif ev.name == "decision.recorded":
                self.decisions[str(payload["decision_id"])] = (ev.seq, str(payload["input_sha256"]))
        except (KeyError, TypeError, ValueError):
            self.problems.append(
                ChainProblem.of(ev.seq, "malformed", "audit-detail-malformed", event=ev.name)
            )

    def check(self, tables: TableState) -> list[ChainProblem]:
        """Every problem found: anchors, counters, runs, manifests, approvals, decisions."""
        out = list(self.problems)
        out += self._unseen_anchors()
        out += self._counters(tables)
        out += self._runs(tables)
        out += self._approvals(tables)
        out += self._decisions(tables)
        return out

    def checked(self, tables: TableState) -> dict[str, int]:
        """How many rows and anchors were cross-checked, by kind (for the report)."""
        return {
            "counters": len(tables.counters),
            "releases": len(self.released),
            "manifests": len(tables.manifests),
            "approvals": len(tables.approvals),
            "decisions": len(self.decisions),
            "anchors": sum(len(v) for v in self._anchors.values()),
        }

    def _unseen_anchors(self) -> list[ChainProblem]:
        out = []
        for seq, anchors in sorted(self._anchors.items()):
            if seq == 0 or seq in self._anchors_seen:
                continue
            for a in anchors:
                out.append(
                    ChainProblem.of(
                        seq,
                        "anchor-missing",
                        "audit-detail-anchor-missing",
                        source=a.kind,
                        ref=a.ref,
                        at=seq,
                        recorded=a.hash[:16],
                        last=self.last_seq,
                    )
                )
        return out

    def _counters(self, tables: TableState) -> list[ChainProblem]:
        out = []
        rows = {_counter_key(r): r for r in tables.counters}
        for key, row in sorted(rows.items()):
            name = "/".join(str(k) for k in key)
            last = self.counters.get(key)
            if last is None:
                out.append(
                    ChainProblem.of(
                        0, "counter-unaudited", "audit-detail-counter-unaudited", counter=name
                    )
                )
                continue
            seq, ev = last
            want = (ev.get("estimate"), ev.get("version"), ev.get("state_sha256"))
            have = (row["estimate"], row["version"], row["state_sha256"])
            if want != have:
                out.append(
                    ChainProblem.of(
                        seq,
                        "counter-mismatch",
                        "audit-detail-counter-mismatch",
                        counter=name,
                        have=have[0],
                        have_version=have[1],
                        want=want[0],
                        want_version=want[1],
                    )
                )
        for key, (seq, _ev) in sorted(self.counters.items()):
            if key not in rows:
                name = "/".join(str(k) for k in key)
                out.append(
                    ChainProblem.of(
                        seq, "counter-missing", "audit-detail-counter-missing", counter=name
                    )
                )
        return out

    def _runs(self, tables: TableState) -> list[ChainProblem]:
        out = []
        for run_id, (seq, ev) in sorted(self.released.items()):
            run = tables.runs.get(run_id)
            sha = str(ev.get("manifest_sha256"))
            if run is None:
                out.append(
                    ChainProblem.of(seq, "run-missing", "audit-detail-run-missing", run=run_id)
                )
            elif run[0] != "released" or run[1] != sha:
                out.append(
                    ChainProblem.of(
                        seq,
                        "run-mismatch",
                        "audit-detail-run-mismatch",
                        run=run_id,
                        status=run[0],
                        manifest=str(run[1])[:16],
                        released=sha[:16],
                    )
                )
            stored = tables.manifests.get(run_id)
            if stored is None:
                out.append(
                    ChainProblem.of(
                        seq, "manifest-missing", "audit-detail-manifest-missing", run=run_id
                    )
                )
            elif stored != (sha, sha):
                out.append(
                    ChainProblem.of(
                        seq,
                        "manifest-mismatch",
                        "audit-detail-manifest-mismatch",
                        run=run_id,
                        released=sha[:16],
                        recorded=stored[0][:16],
                        content=stored[1][:16],
                    )
                )
        for run_id, (status, _sha) in sorted(tables.runs.items()):
            if status == "released" and run_id not in self.released:
                out.append(
                    ChainProblem.of(0, "run-unaudited", "audit-detail-run-unaudited", run=run_id)
                )
        return out

    def _approvals(self, tables: TableState) -> list[ChainProblem]:
        out = []
        for aid, row in sorted(tables.approvals.items()):
            added = self.approvals.get(aid)
            if added is None:
                out.append(
                    ChainProblem.of(
                        0, "approval-unaudited", "audit-detail-approval-unaudited", approval=aid
                    )
                )
                continue
            seq, ev = added
            fields = ("kind", "flows", "issued", "valid_until", "evidence_sha256", "scope_sha256")
            changed = [f for f in fields if ev.get(f) != row.get(f)]
            if changed:
                out.append(
                    ChainProblem.of(
                        seq,
                        "approval-mismatch",
                        "audit-detail-approval-fields",
                        approval=aid,
                        fields=", ".join(changed),
                    )
                )
            if bool(row.get("revoked")) != (aid in self.revoked):
                out.append(
                    ChainProblem.of(
                        seq,
                        "approval-mismatch",
                        "audit-detail-approval-revoked",
                        approval=aid,
                        stored="revoked" if row.get("revoked") else "valid",
                        chain="revoked" if aid in self.revoked else "valid",
                    )
                )
        for aid, (seq, _ev) in sorted(self.approvals.items()):
            if aid not in tables.approvals:
                out.append(
                    ChainProblem.of(
                        seq, "approval-missing", "audit-detail-approval-missing", approval=aid
                    )
                )
        return out

    def _decisions(self, tables: TableState) -> list[ChainProblem]:
        out = []
        for did, (seq, digest) in sorted(self.decisions.items()):
            have = tables.decisions.get(did)
            if have is None:
                out.append(
                    ChainProblem.of(
                        seq, "decision-missing", "audit-detail-decision-missing", decision=did
                    )
                )
            elif have != digest:
                out.append(
                    ChainProblem.of(
                        seq, "decision-mismatch", "audit-detail-decision-mismatch", decision=did
                    )
                )
        for did in sorted(set(tables.decisions) - set(self.decisions)):
            out.append(
                ChainProblem.of(
                    0, "decision-unaudited", "audit-detail-decision-unaudited", decision=did
                )
            )
        return out
