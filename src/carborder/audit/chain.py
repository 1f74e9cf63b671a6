"""The hash chain: each event's hash covers the previous hash and its own canonical JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "GENESIS_HASH",
    "ChainProblem",
    "ChainReport",
    "StoredEvent",
    "canonical_json",
    "format_time",
    "link_hash",
    "link_hash_raw",
    "verify_events",
]

#: The "previous hash" of the first event.
GENESIS_HASH = "0" * 64


def canonical_json(obj: Any) -> bytes:
    r"""Return the canonical UTF-8 JSON of ``obj``: sorted keys, no spaces, no ASCII escaping.

    >>> canonical_json({"b": 1, "a": "车"}).decode("utf-8")
    '{"a":"车","b":1}'
    """
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def format_time(at: datetime) -> str:
    """Return a fixed-width, sortable UTC timestamp (microseconds, ``Z`` suffix).

    >>> format_time(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    '2026-03-01T08:00:00.000000Z'
    """
    if at.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware (UTC)")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def link_hash(prev_hash: str, seq: int, name: str, actor: str, created: str, payload: Any) -> str:
    """Return the hash of one event given the previous event's hash.

    >>> h = link_hash(GENESIS_HASH, 1, "x", "me", "2026-01-01T00:00:00.000000Z", {})
    >>> len(h), h == link_hash(GENESIS_HASH, 1, "x", "me", "2026-01-01T00:00:00.000000Z", {})
    (64, True)
    """
    body = canonical_json(
        {"seq": seq, "name": name, "actor": actor, "created": created, "payload": payload}
    )
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


def link_hash_raw(
    prev_hash: str, seq: int, name: str, actor: str, created: str, payload_json: str
) -> str:
    """:func:`link_hash` over an already canonical payload text (no JSON parsing).

    Equal to :func:`link_hash` whenever ``payload_json == canonical_json(payload)``, which is
    how payloads are stored; any other stored text simply fails to verify.

    >>> p = {"b": [1], "a": "车"}
    >>> raw = canonical_json(p).decode()
    >>> link_hash_raw("0" * 64, 7, "n", "a", "t", raw) == link_hash("0" * 64, 7, "n", "a", "t", p)
    True
    """

    def s(v: str) -> str:
        return json.dumps(v, ensure_ascii=False)

    body = (
        f'{{"actor":{s(actor)},"created":{s(created)},"name":{s(name)},'
        f'"payload":{payload_json},"seq":{int(seq)}}}'
    )
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One event as stored: position, kind, who, when, payload and its chain links."""

    seq: int
    name: str
    actor: str
    created: str
    payload: Any
    prev_hash: str
    hash: str
    payload_json: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON Lines record of this event."""
        return {
            "seq": self.seq,
            "name": self.name,
            "actor": self.actor,
            "created": self.created,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


#: Detail variables holding a ", "-separated list of names the catalogue translates (prefix).
_LISTED_TERMS = {"fields": "audit-field"}


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """Where and how the chain is broken.

    ``message`` is the detail in English; ``detail_id`` and ``detail_args`` name the catalogue
    message it was made from, so :meth:`detail` can say it in another language.
    """

    seq: int
    kind: str
    message: str
    detail_id: str = ""
    detail_args: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, seq: int, kind: str, detail_id: str, **args: object) -> ChainProblem:
        """A problem whose detail is catalogue message ``detail_id`` (English in ``message``)."""
        from carborder.i18n import messages

        items = tuple((k, str(v)) for k, v in args.items())
        return cls(seq, kind, messages("en")(detail_id, **dict(items)), detail_id, items)

    def detail(self, lang: str = "en") -> str:
        """The detail in ``lang`` (a problem made without a catalogue id: as recorded)."""
        if not self.detail_id:
            return self.message
        from carborder.i18n import messages

        m = messages(lang)
        args = dict(self.detail_args)
        for name, prefix in _LISTED_TERMS.items():  # lists of field names: each in ``lang``
            if name in args:
                args[name] = m.join(m.term(prefix, item) for item in args[name].split(", "))
        return m(self.detail_id, **args)

    def to_json(self) -> dict[str, object]:
        """JSON-ready form: where, what kind, and the English detail."""
        return {"seq": self.seq, "kind": self.kind, "message": self.message}


@dataclass(slots=True)
class ChainReport:
    """The result of verifying a chain; ``ok`` is False as soon as one problem is found."""

    events: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    #: Rows and anchors cross-checked against the chain, by kind (``counters``, ``anchors``…).
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def summary(self, lang: str = "en") -> str:
        """Return a one-line verdict naming the first problem, in ``lang``."""
        from carborder.i18n import messages

        m = messages(lang)
        if self.ok:
            crossed = m.join(
                m("audit-checked-item", n=str(n), kind=m.term("audit-checked", kind))
                for kind, n in self.checked.items()
                if n
            )
            intact = m("audit-intact", events=str(self.events), head=self.head_hash[:16])
            return intact + (m("audit-intact-crossed", crossed=crossed) if crossed else "")
        first = self.problems[0]
        return m(
            "audit-broken",
            seq=str(first.seq),
            kind=m.term("audit-kind", first.kind),
            message=first.detail(lang),
            n=str(len(self.problems)),
        )

    def problem_line(self, problem: ChainProblem, lang: str = "en") -> str:
        """One problem for people: where (seq), what kind, and the recorded detail."""
        from carborder.i18n import messages

        m = messages(lang)
        return m(
            "audit-problem",
            seq=str(problem.seq),
            kind=m.term("audit-kind", problem.kind),
            message=problem.detail(lang),
        )


def verify_events(
    events: Iterable[StoredEvent],
    *,
    head: tuple[int, str] | None = None,
    max_problems: int = 100,
) -> ChainReport:
    """Verify events in ``seq`` order, and the stored head if given.

    Detects an edited event (its hash no longer matches its content), a deleted, inserted or
    moved event (a ``seq`` gap or a ``prev_hash`` that is not the previous event's hash), and
    truncation at the end (the stored head names a later event).

    >>> e1 = StoredEvent(1, "x", "me", "t", {}, GENESIS_HASH,
    ...                  link_hash(GENESIS_HASH, 1, "x", "me", "t", {}))
    >>> verify_events([e1], head=(1, e1.hash)).ok
    True
    >>> verify_events([e1], head=(2, "f" * 64)).problems[0].kind
    'truncated'
    """
    report = ChainReport()
    prev = GENESIS_HASH
    expected_seq = 1
    for ev in events:
        report.events += 1
        if ev.seq != expected_seq:
            kind = "deleted" if ev.seq > expected_seq else "inserted"
            report.problems.append(
                ChainProblem.of(
                    ev.seq,
                    kind,
                    "audit-detail-seq-deleted"
                    if kind == "deleted"
                    else "audit-detail-seq-inserted",
                    expected=expected_seq,
                    found=ev.seq,
                )
            )
        if ev.prev_hash != prev:
            report.problems.append(ChainProblem.of(ev.seq, "relinked", "audit-detail-relinked"))
        if ev.payload_json is not None:
            actual = link_hash_raw(
                ev.prev_hash, ev.seq, ev.name, ev.actor, ev.created, ev.payload_json
            )
        else:
            actual = link_hash(ev.prev_hash, ev.seq, ev.name, ev.actor, ev.created, ev.payload)
        if actual != ev.hash:
            report.problems.append(ChainProblem.of(ev.seq, "edited", "audit-detail-edited"))
        prev = ev.hash
        expected_seq = ev.seq + 1
        report.head_seq, report.head_hash = ev.seq, ev.hash
        if len(report.problems) >= max_problems:
            return report
    if head is not None and (head[0], head[1]) != (report.head_seq, report.head_hash):
        kind = "truncated" if head[0] > report.head_seq else "head-mismatch"
        report.problems.append(
            ChainProblem.of(
                report.head_seq, kind, "audit-detail-head", head=head[0], last=report.head_seq
            )
        )
    return report
