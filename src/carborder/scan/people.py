"""Counting natural persons: identifiers linked across rows and files, counted as components.

Every identifier a row carries in a structured column (resident ID, passport, phone, e-mail,
account, bank card) is a node; identifiers in the same row are linked. A person is a
connected component of that graph, over all files of one scan: a customer with a resident ID
in one row and only a passport in the next, both next to the same phone, is one person.
Identifiers found in free text are nodes without links (two phones in one note may be two
people), so the count errs on the side of more people, never fewer.

Identifiers that several people may share never merge two people: vehicle identifiers (VIN,
plate, device and track keys: a family car has several drivers) and e-mail addresses (a
household or company mailbox). Such an identifier seen in a row with a person is that
person's (it adds no one); one never seen with a person counts one person (the vehicle's
user, the mailbox's owner), linked with others of its kind when they share rows (a VIN and
its plate).

The graph is exact while it holds at most :data:`EXACT_NODES` identifiers (about 1 GiB of
numpy arrays at the limit, enough for 10 million rows with three identifiers each). Beyond,
the scan keeps counting distinct identifiers with HyperLogLog sketches and scales them by
the identifiers-per-person ratio measured on the exact part: the estimate is then marked
inexact, with its relative error (:meth:`PeopleStats.relative_error`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from carborder.model.facts import Evidence, Facts
from carborder.scan.sketch import DistinctCounter, sorted_unique

__all__ = [
    "DEFAULT_IDENTITY_ORDER",
    "EXACT_NODES",
    "SHARED_KINDS",
    "VEHICLE_KINDS",
    "PeopleStats",
    "components",
]

U64 = npt.NDArray[np.uint64]
Mask = npt.NDArray[np.bool_]

#: Identifier kinds that identify people, strongest first (the order shown in evidence).
DEFAULT_IDENTITY_ORDER: tuple[str, ...] = (
    "id_number",
    "passport",
    "phone",
    "vin",
    "account",
    "track_key",
    "email",
    "bank_card",
    "plate",
    "device_id",
    "recording",
)
#: Kinds that identify a vehicle or a device, not a person.
VEHICLE_KINDS = frozenset({"vin", "plate", "track_key", "device_id", "recording"})
#: Kinds attached to people but never merging two of them (shared vehicles and mailboxes).
SHARED_KINDS = VEHICLE_KINDS | {"email"}
#: Identifier nodes kept for an exact count (8 bytes each, plus links).
EXACT_NODES = 1 << 25
#: Relative standard error of the HLL sketches used beyond the exact limit.
_HLL_ERROR = 1.04 / math.sqrt(1 << 14)
#: Stated bound on the ratio estimate's extra error beyond the exact limit, when the mix of
#: identifiers per person stays as it was in the exact part (tested in tests/unit/scan).
RATIO_ERROR = 0.02


def _salt(kind: str) -> np.uint64:
    """A per-kind constant so that equal strings of different kinds are different nodes."""
    h = 0xCBF29CE484222325
    for b in kind.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return np.uint64(h)


def _tagged(kind: str, hashes: U64) -> U64:
    return np.asarray(hashes ^ _salt(kind), dtype=np.uint64)


def components(nodes: U64, a: U64, b: U64) -> npt.NDArray[np.int64]:
    """Component label (smallest member index) of each of ``nodes`` (sorted, unique).

    Edges ``a[i]``-``b[i]`` refer to node values; labels propagate by hooking and pointer
    jumping, all in numpy (a few passes for the short chains identifiers form).

    >>> n = np.array([1, 2, 3, 4, 5], dtype=np.uint64)
    >>> components(n, np.array([1, 4], np.uint64), np.array([2, 5], np.uint64)).tolist()
    [0, 0, 2, 3, 3]
    """
    label = np.arange(len(nodes), dtype=np.int64)
    if len(a) == 0:
        return label
    ia = np.searchsorted(nodes, a).astype(np.int64)
    ib = np.searchsorted(nodes, b).astype(np.int64)
    while True:
        la, lb = label[ia], label[ib]
        differ = la != lb
        if not differ.any():
            return label
        lo = np.minimum(la[differ], lb[differ])
        hi = np.maximum(la[differ], lb[differ])
        np.minimum.at(label, hi, lo)
        while True:
            nxt = label[label]
            if np.array_equal(nxt, label):
                break
            label = nxt


def _pairs(x: U64, y: U64, *, directed: bool = False) -> tuple[U64, U64]:
    """Distinct pairs (undirected ones smaller first)."""
    lo, hi = (x, y) if directed else (np.minimum(x, y), np.maximum(x, y))
    keep = lo != hi
    lo, hi = lo[keep], hi[keep]
    if len(lo) == 0:
        return lo, hi
    order = np.lexsort((hi, lo))
    lo, hi = lo[order], hi[order]
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    return lo[first], hi[first]


@dataclass
class _Graph:
    """Identifier nodes and links of one kind class (people or vehicles), exact."""

    nodes: list[U64] = field(default_factory=list)
    a: list[U64] = field(default_factory=list)
    b: list[U64] = field(default_factory=list)
    sensitive: list[U64] = field(default_factory=list)
    size: int = 0
    directed: bool = False
    #: size right after the last compaction
    compacted: int = 0

    def add(self, nodes: U64, a: U64, b: U64, sensitive: U64) -> None:
        for lst, arr in (
            (self.nodes, nodes),
            (self.a, a),
            (self.b, b),
            (self.sensitive, sensitive),
        ):
            if len(arr):
                lst.append(arr)
        self.size += len(nodes) + 2 * len(a) + len(sensitive)

    def compact(self) -> None:
        """Deduplicate what was added so far (memory stays proportional to distinct data)."""
        nodes = sorted_unique(np.concatenate(self.nodes)) if self.nodes else np.zeros(0, np.uint64)
        if self.a:
            a, b = _pairs(np.concatenate(self.a), np.concatenate(self.b), directed=self.directed)
        else:
            a = b = np.zeros(0, np.uint64)
        sens = (
            sorted_unique(np.concatenate(self.sensitive))
            if self.sensitive
            else np.zeros(0, np.uint64)
        )
        self.nodes, self.a, self.b, self.sensitive = [nodes], [a], [b], [sens]
        self.size = self.compacted = len(nodes) + 2 * len(a) + len(sens)

    def merge(self, other: _Graph) -> _Graph:
        return _Graph(
            self.nodes + other.nodes,
            self.a + other.a,
            self.b + other.b,
            self.sensitive + other.sensitive,
            self.size + other.size,
            self.directed,
            self.compacted + other.compacted,
        )

    def arrays(self) -> tuple[U64, U64, U64, U64]:
        self.compact()
        return self.nodes[0], self.a[0], self.b[0], self.sensitive[0]


@dataclass
class PeopleStats:
    """Mergeable identifier graph (exact) or sketches (beyond the limit) of a scan."""

    people: _Graph = field(default_factory=_Graph)
    vehicles: _Graph = field(default_factory=_Graph)
    #: vehicle node → person node, for vehicles seen in a row with a person
    owned: _Graph = field(default_factory=lambda: _Graph(directed=True))
    rows_with_identity: int = 0
    sensitive_rows: int = 0
    sensitive_rows_unattributed: int = 0
    keys: dict[str, int] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    #: how many vehicle files counted people by one "recording" each (no identifier inside)
    recordings: int = 0
    #: vehicle files showing people (faces, plates) that no identifier in them names
    unidentified_files: int = 0
    limit: int = EXACT_NODES
    #: beyond the limit: sketches of all nodes / sensitive nodes, and the scale measured
    sketch_all: DistinctCounter | None = None
    sketch_sensitive: DistinctCounter | None = None
    ratio: float = 1.0
    ratio_sensitive: float = 1.0

    def add(
        self,
        row_keys: dict[str, tuple[U64, Mask]],
        sensitive: Mask | None,
        order: tuple[str, ...] = DEFAULT_IDENTITY_ORDER,
        loose: dict[str, list[tuple[U64, Mask, U64]]] | None = None,
        sensitive_kinds: frozenset[str] = frozenset(),
    ) -> None:
        """Absorb one batch: linked row identifiers, loose (free-text) ones, sensitive rows."""
        # only identifying kinds count (a name or an address is shared by many people)
        present = [(k, row_keys[k]) for k in order if k in row_keys]
        loose = {k: v for k, v in (loose or {}).items() if k in order}
        for k, (_, ok) in present:
            self.keys[k] = self.keys.get(k, 0) + int(ok.any())
            if k == "recording":
                self.recordings += int(ok.sum())
        for k, parts in loose.items():
            self.keys[k] = self.keys.get(k, 0) + int(any(p[1].any() for p in parts))
        n = len(present[0][1][1]) if present else (len(sensitive) if sensitive is not None else 0)
        if not n:
            n = next((len(p[1]) for parts in loose.values() for p in parts), 0)
        identified = np.zeros(n, dtype=bool)
        for _, (_, ok) in present:
            identified |= ok
        for parts in loose.values():
            for _, ok, _ in parts:
                identified |= ok
        self.rows_with_identity += int(identified.sum())
        if sensitive is not None:
            self.sensitive_rows += int(sensitive.sum())
            self.sensitive_rows_unattributed += int((sensitive & ~identified).sum())
        sens_rows = sensitive if sensitive is not None else np.zeros(n, dtype=bool)
        person = [(k, h, ok) for k, (h, ok) in present if k not in SHARED_KINDS]
        vehicle = [(k, h, ok) for k, (h, ok) in present if k in SHARED_KINDS]
        self._absorb(self.people, person, sens_rows)
        self._absorb(self.vehicles, vehicle, sens_rows)
        if person and vehicle:
            # the first person identifier of a row owns the row's vehicles
            anchor = np.zeros(n, dtype=np.uint64)
            has = np.zeros(n, dtype=bool)
            for k, h, ok in person:
                take = ok & ~has
                anchor[take] = _tagged(k, h[take])
                has |= ok
            for k, h, ok in vehicle:
                both = ok & has
                if both.any():
                    v = _tagged(k, h[both])
                    self.owned.add(np.zeros(0, np.uint64), v, anchor[both], np.zeros(0, np.uint64))
        self._absorb_loose(loose, sens_rows, sensitive_kinds)
        self._maybe_compact()

    def _absorb_loose(
        self,
        loose: dict[str, list[tuple[U64, Mask, U64]]],
        sens_rows: Mask,
        sensitive_kinds: frozenset[str],
    ) -> None:
        none = np.zeros(0, np.uint64)
        for k, parts in loose.items():
            graph = self.vehicles if k in SHARED_KINDS else self.people
            for first, ok, more in parts:
                nodes = _tagged(k, np.concatenate([first, more]))
                # a free-text identifier is sensitive when its row is, or its kind is
                hot = sens_rows[ok] if k not in sensitive_kinds else np.ones(len(first), bool)
                sens = _tagged(k, first[hot])
                if k in sensitive_kinds:
                    sens = np.concatenate([sens, _tagged(k, more)])
                self._add(graph, nodes, none, none, sens)

    def _absorb(self, graph: _Graph, ids: list[tuple[str, U64, Mask]], sens_rows: Mask) -> None:
        if not ids:
            return
        nodes = [_tagged(k, h[ok]) for k, h, ok in ids]
        sens = [_tagged(k, h[ok & sens_rows]) for k, h, ok in ids]
        a_parts: list[U64] = []
        b_parts: list[U64] = []
        # a chain through each row's identifiers links them all
        prev_h = np.zeros(len(sens_rows), dtype=np.uint64)
        prev_ok = np.zeros(len(sens_rows), dtype=bool)
        for k, h, ok in ids:
            tag = _tagged(k, h)
            both = prev_ok & ok
            if both.any():
                a_parts.append(prev_h[both])
                b_parts.append(tag[both])
            prev_h = np.where(ok, tag, prev_h)
            prev_ok |= ok
        a = np.concatenate(a_parts) if a_parts else np.zeros(0, np.uint64)
        b = np.concatenate(b_parts) if b_parts else np.zeros(0, np.uint64)
        self._add(graph, np.concatenate(nodes), a, b, np.concatenate(sens))

    def _add(self, graph: _Graph, nodes: U64, a: U64, b: U64, sens: U64) -> None:
        if self.sketch_all is not None:
            assert self.sketch_sensitive is not None
            self.sketch_all.update_hashes(nodes)
            self.sketch_sensitive.update_hashes(sens)
            return
        graph.add(nodes, a, b, sens)

    def _maybe_compact(self) -> None:
        if self.sketch_all is not None:
            return
        graphs = (self.people, self.vehicles, self.owned)
        size = sum(g.size for g in graphs)
        # compact when what arrived since the last compaction is as large as what was kept
        # (linear total work), and at the limit
        if size > max(2 * sum(g.compacted for g in graphs), 1 << 20) or size > self.limit:
            for g in graphs:
                g.compact()
            if sum(g.size for g in graphs) > self.limit:
                self._to_sketch()

    def _to_sketch(self) -> None:
        """Switch to sketches: count distinct nodes, scaled by the exact nodes-per-person."""
        persons, sensitive = self._exact_counts()
        nodes_all = np.concatenate([self.people.arrays()[0], self.vehicles.arrays()[0]])
        nodes_sens = np.concatenate([self.people.arrays()[3], self.vehicles.arrays()[3]])
        self.ratio = persons / max(len(nodes_all), 1)
        self.ratio_sensitive = sensitive / max(len(nodes_sens), 1)
        self.sketch_all = DistinctCounter(limit=0)
        self.sketch_all.update_hashes(nodes_all)
        self.sketch_sensitive = DistinctCounter(limit=0)
        self.sketch_sensitive.update_hashes(nodes_sens)
        self.people, self.vehicles, self.owned = _Graph(), _Graph(), _Graph(directed=True)

    def merge(self, other: Self) -> Self:
        """Union of both graphs (or sketches)."""
        keys = dict(self.keys)
        for k, n in other.keys.items():
            keys[k] = keys.get(k, 0) + n
        out = type(self)(
            self.people.merge(other.people),
            self.vehicles.merge(other.vehicles),
            self.owned.merge(other.owned),
            self.rows_with_identity + other.rows_with_identity,
            self.sensitive_rows + other.sensitive_rows,
            self.sensitive_rows_unattributed + other.sensitive_rows_unattributed,
            keys,
            self.files | other.files,
            self.recordings + other.recordings,
            self.unidentified_files + other.unidentified_files,
            min(self.limit, other.limit),
        )
        sketched = [s for s in (self, other) if s.sketch_all is not None]
        if sketched:
            # weight the measured ratios by how much each side saw
            out.ratio = sum(s.ratio for s in sketched) / len(sketched)
            out.ratio_sensitive = sum(s.ratio_sensitive for s in sketched) / len(sketched)
            out.sketch_all = DistinctCounter(limit=0)
            out.sketch_sensitive = DistinctCounter(limit=0)
            for s in (self, other):
                if s.sketch_all is not None:
                    assert s.sketch_sensitive is not None
                    out.sketch_all = out.sketch_all.merge(s.sketch_all)
                    out.sketch_sensitive = out.sketch_sensitive.merge(s.sketch_sensitive)
                else:
                    for g in (s.people, s.vehicles):
                        nodes, _, _, sens = g.arrays()
                        out.sketch_all.update_hashes(nodes)
                        out.sketch_sensitive.update_hashes(sens)
            out.people, out.vehicles, out.owned = _Graph(), _Graph(), _Graph(directed=True)
        else:
            out._maybe_compact()
        return out

    @property
    def exact(self) -> bool:
        """True while the count is exact."""
        return self.sketch_all is None

    def _exact_counts(self) -> tuple[int, int]:
        p_nodes, p_a, p_b, p_sens = self.people.arrays()
        v_nodes, v_a, v_b, v_sens = self.vehicles.arrays()
        _, o_a, o_b, _ = self.owned.arrays()
        p_label = components(p_nodes, p_a, p_b)
        v_label = components(v_nodes, v_a, v_b)
        persons = len(np.unique(p_label))
        # vehicle components that carry a vehicle seen with a person add no one
        owned = np.zeros(len(v_nodes), dtype=bool)
        if len(o_a) and len(v_nodes):
            pos = np.minimum(np.searchsorted(v_nodes, o_a), len(v_nodes) - 1)
            owned[pos[v_nodes[pos] == o_a]] = True
        comp_owned = np.zeros(len(v_nodes), dtype=bool)
        if len(v_nodes):
            np.logical_or.at(comp_owned, v_label, owned)
        free = ~comp_owned[v_label]
        persons += len(np.unique(v_label[free]))
        # sensitive: a person component with a sensitive node, or owning a sensitive vehicle
        p_sensitive = np.zeros(len(p_nodes), dtype=bool)
        if len(p_sens):
            p_sensitive[np.searchsorted(p_nodes, p_sens)] = True
        v_sensitive = np.zeros(len(v_nodes), dtype=bool)
        if len(v_sens):
            v_sensitive[np.searchsorted(v_nodes, v_sens)] = True
        v_comp_sens = np.zeros(len(v_nodes), dtype=bool)
        if len(v_nodes):
            np.logical_or.at(v_comp_sens, v_label, v_sensitive)
        if len(o_a) and len(p_nodes) and len(v_nodes):
            vi = np.minimum(np.searchsorted(v_nodes, o_a), len(v_nodes) - 1)
            pi = np.minimum(np.searchsorted(p_nodes, o_b), len(p_nodes) - 1)
            hot = v_comp_sens[v_label[vi]] & (v_nodes[vi] == o_a) & (p_nodes[pi] == o_b)
            p_sensitive[pi[hot]] = True
        p_comp_sens = np.zeros(len(p_nodes), dtype=bool)
        if len(p_nodes):
            np.logical_or.at(p_comp_sens, p_label, p_sensitive)
        sensitive = len(np.unique(p_label[p_comp_sens[p_label]]))
        sensitive += len(np.unique(v_label[free & v_comp_sens[v_label]]))
        return persons, sensitive

    def counts(self) -> tuple[int, int]:
        """(persons, persons with sensitive PI)."""
        if self.sketch_all is None:
            return self._exact_counts()
        assert self.sketch_sensitive is not None
        return (
            round(self.sketch_all.estimate() * self.ratio),
            round(self.sketch_sensitive.estimate() * self.ratio_sensitive),
        )

    def relative_error(self) -> float:
        """0 while exact; beyond, the sketch's standard error plus the stated ratio bound."""
        return 0.0 if self.exact else round(_HLL_ERROR + RATIO_ERROR, 4)

    def facts(self) -> tuple[Facts, dict[str, list[Evidence]]]:
        """``pi.individuals`` and ``pi.sensitive_individuals`` where they can be counted."""
        facts: Facts = {}
        persons, sensitive = self.counts()
        if self.rows_with_identity or persons:
            facts["pi.individuals"] = persons
        if self.sensitive_rows and (
            self.sensitive_rows > self.sensitive_rows_unattributed or sensitive
        ):
            facts["pi.sensitive_individuals"] = sensitive
        ev = Evidence(
            file=", ".join(sorted(self.files)) or "*",
            column="+".join(k for k in DEFAULT_IDENTITY_ORDER if self.keys.get(k)),
            detector="people.linked",
            detector_version="2",
            matches=self.rows_with_identity,
            rows=self.rows_with_identity,
            confidence=round(1.0 - 2 * self.relative_error(), 3),
        )
        return facts, {k: [ev] for k in facts}

    def details(self) -> dict[str, Any]:
        """How people were counted, and whether the count is exact."""
        method = (
            "linked identifiers (connected components)"
            if self.exact
            else ("distinct identifiers (HyperLogLog) x identifiers-per-person measured exactly")
        )
        exact = (
            self.exact
            and self.sensitive_rows_unattributed == 0
            and not self.recordings
            and not self.unidentified_files
        )
        return {
            "people.exact": exact,
            "people.method": method,
            "people.relative_error": self.relative_error(),
            "people.identity_kinds": sorted(k for k, n in self.keys.items() if n),
            "people.sensitive_rows_unattributed": self.sensitive_rows_unattributed,
            "people.recordings_counted_as_one": self.recordings,
            "people.files_with_unidentified_people": self.unidentified_files,
        }
