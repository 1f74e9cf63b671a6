"""Counting natural persons: identifiers linked across rows and files, counted as components.

Every identifier a row carries in a structured column (resident ID, passport, phone, e-mail,
account, bank card) is a node; identifiers in the same row are linked. A person is a
connected component of that graph, over all files of one scan: a customer with a resident ID
in one row and only a passport in the next, both next to the same phone, is one person.
Identifiers found in free text are nodes without links (two phones in one note may be two
people, or a contact's), so the count errs on the side of more people, never fewer.

Identifiers that several people may share never merge two people on their own: vehicle
identifiers (VIN, plate, device and track keys: a family car has several drivers) and e-mail
addresses (a household or company mailbox). Such an identifier seen in a row with a person
-- in a structured column or the row's free text -- is that person's (it adds no one); one
never seen with a person counts one person (the vehicle's user, the mailbox's owner), linked
with others of its kind when they share rows (a VIN and its plate). Next to a personal name,
though, a shared identifier names one person: the pair (name, VIN) is a person identifier of
its own, so a customer's rows that carry only a phone in one and only a resident ID in the
other are one person when both name him next to his car or mailbox, while two drivers of a
family car (two names) stay two.

The graph is exact while it holds at most :data:`EXACT_NODES` identifiers (about 1 GiB at
the limit, beyond 10 million rows with three identifiers each). Beyond, the scan keeps a
*component-closed hash sample*: only the components whose smallest (re-mixed) node hash is below a
threshold are kept (exactly, with every later row that touches them), the threshold halving
whenever the sample outgrows half the limit. A component with ``n`` nodes is kept with
probability ``1 - (1 - p)^n`` (``p`` the threshold's share of the hash space), so each kept
component counts ``1 / that`` (Horvitz-Thompson), and the estimate states its own error:
three standard errors computed from the sample (:meth:`PeopleStats.relative_error`).
Identifiers of a kept component that arrived before it was kept and never again are missed,
which can only raise its weight: beyond the limit the count, too, errs high.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from carborder.model.facts import Evidence, Facts
from carborder.scan.detectors.native import kernel as _native
from carborder.scan.sketch import RADIX_MAX, order_u64, union_sorted

__all__ = [
    "DEFAULT_IDENTITY_ORDER",
    "EXACT_NODES",
    "QUALIFIER_KIND",
    "SHARED_KINDS",
    "VEHICLE_KINDS",
    "PeopleStats",
    "PreparedBatch",
    "components",
    "prepare",
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
#: Kind whose value, paired with a shared identifier in the same row, names one person.
QUALIFIER_KIND = "name"
#: A vehicle kind that is often another kind's column read again (a track keyed by the VIN
#: column): where both hold the same value in a row, it is not made a node of its own.
TWIN_KIND = "track_key"
#: Graph size (nodes + 2 x links + sensitive marks, 8 bytes each) kept for an exact count.
EXACT_NODES = 1 << 25
#: Graph entries added since the last compaction that trigger one regardless of the kept size
#: (64 MiB): a compaction's copies and sort are proportional to what waits, so this bounds
#: the peak of a long scan whose kept graph is large.
PENDING_LIMIT = 1 << 23
#: Batches whose additions may wait while the graph is compacted beside (bounded: what waits
#: is held in memory, as it would be in the graph).
_WAITING = 2
#: Graph size (entries) from which an exact final count uses a second thread. A sampled
#: graph (beyond the exact limit: the largest scans, where memory is tightest) counts on
#: one thread, so that two threads' sort buffers are never live at once there.
_THREADED = 1 << 20
#: The whole 64-bit hash space: a sampling threshold this high keeps everything (exact).
_ALL = 1 << 64
#: Standard errors in the stated bound of a sampled count.
_SIGMAS = 3.0


def _salt(kind: str) -> np.uint64:
    """A per-kind constant so that equal strings of different kinds are different nodes."""
    h = 0xCBF29CE484222325
    for b in kind.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return np.uint64(h)


def _tagged(kind: str, hashes: U64) -> U64:
    return np.asarray(hashes ^ _salt(kind), dtype=np.uint64)


def _pair(a: U64, b: U64) -> U64:
    """One well-mixed 64-bit hash of two (SplitMix64 finaliser over a rotated combination)."""
    with np.errstate(over="ignore"):
        h = a ^ ((b << np.uint64(29)) | (b >> np.uint64(35))) ^ np.uint64(0x9E3779B97F4A7C15)
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return np.asarray(h ^ (h >> np.uint64(31)), dtype=np.uint64)


#: Below these sizes a plain ``searchsorted`` is as fast as sorting the queries first.
_FEW_QUERIES, _SMALL_TABLE = 1 << 12, 1 << 16


def _search(sorted_set: U64, x: U64) -> npt.NDArray[np.intp]:
    """``np.searchsorted(sorted_set, x)``, equal element by element, faster for many ``x``.

    Binary searches for values in random order miss the cache at every probe of a large
    table (profiled: most of the final count); the same searches in ascending order walk
    it, so sorting the queries first costs less than it saves (about 5x at 10^6).

    >>> s = np.array([2, 4, 6], dtype=np.uint64)
    >>> _search(s, np.array([5, 1, 6], dtype=np.uint64)).tolist()
    [2, 0, 2]
    """
    if len(x) < _FEW_QUERIES or len(sorted_set) < _SMALL_TABLE:
        return np.searchsorted(sorted_set, x)
    if _native is not None and len(x) <= RADIX_MAX:
        table = np.ascontiguousarray(sorted_set, dtype=np.uint64)
        queries = np.ascontiguousarray(x, dtype=np.uint64)
        # ascending queries (the lo ends of a run of links) by one walk of the table; None
        # for others (it stops at the first descent)
        walked = _native.walk_u64(table, queries)
        if walked is None:
            # the same in one native pass: queries ordered by radix, the table walked once
            # (its scratch, four copies of the queries, is bounded like the radix sorts')
            walked = _native.search_u64(table, queries)
        return np.frombuffer(walked, dtype=np.intp)
    if _ascending(x):
        return np.searchsorted(sorted_set, x)
    order = order_u64(x)
    out = np.empty(len(x), dtype=np.intp)
    out[order] = np.searchsorted(sorted_set, x[order])
    return out


def _ascending(x: U64) -> bool:
    return len(x) < 2 or bool(np.all(x[1:] >= x[:-1]))


def _take(x: npt.NDArray[Any], mask: Mask) -> npt.NDArray[Any]:
    """``x[mask]`` (``x`` itself when every row is taken: callers never write to it).

    numpy's boolean indexing branches on every element: with the scattered masks of a batch
    (a phone in one row in ten) it measured 5x slower than ``np.compress`` on the same mask,
    and a batch's people work is mostly such selections, on the scan's serial path.

    >>> _take(np.array([1, 2, 3]), np.array([True, False, True])).tolist()
    [1, 3]
    """
    taken = np.count_nonzero(mask)
    if taken == len(x):
        return x
    return np.compress(mask, x) if taken else x[:0]


def _select(ok: Mask, x: U64, other: U64) -> U64:
    """``np.where(ok, x, other)`` by a gather and a scatter (twice as fast on scattered masks).

    >>> _select(np.array([True, False]), np.array([1, 2], np.uint64), np.array([7, 8], np.uint64)).tolist()
    [1, 8]
    """
    out = other.copy()
    rows = np.flatnonzero(ok)
    out[rows] = x[rows]
    return out


def _member(x: U64, sorted_set: U64) -> Mask:
    """``x`` in ``sorted_set`` (sorted, unique), element-wise."""
    if len(sorted_set) == 0 or len(x) == 0:
        return np.zeros(len(x), dtype=bool)
    pos = np.minimum(_search(sorted_set, x), len(sorted_set) - 1)
    return np.asarray(sorted_set[pos] == x, dtype=bool)


def _locate(sorted_set: U64, x: U64) -> tuple[npt.NDArray[np.intp], Mask]:
    """Position of each ``x`` in ``sorted_set`` (sorted, unique) and whether it is there."""
    if len(sorted_set) == 0 or len(x) == 0:
        return np.zeros(len(x), dtype=np.intp), np.zeros(len(x), dtype=bool)
    pos = np.minimum(_search(sorted_set, x), len(sorted_set) - 1)
    return pos, np.asarray(sorted_set[pos] == x, dtype=bool)


def _marked(nodes: U64, marks: U64) -> Mask:
    """``nodes`` (sorted, unique) in ``marks`` (a sorted, unique subset of them).

    A subset as long as the set is the set: every node marked (a trajectory table makes
    every row sensitive) needs no search.
    """
    if marks is nodes or (len(marks) == len(nodes) and np.array_equal(marks, nodes)):
        return np.ones(len(nodes), dtype=bool)
    return _member(nodes, marks)


def components(nodes: U64, a: U64, b: U64, pool: Executor | None = None) -> npt.NDArray[np.int64]:
    """Component label (smallest member index) of each of ``nodes`` (sorted, unique).

    Edges ``a[i]``-``b[i]`` refer to node values; labels propagate by hooking and pointer
    jumping, all in numpy (a few passes for the short chains identifiers form). The native
    kernel computes the same labels by union-find in one pass over the edges. With ``pool``,
    the two ends of the edges are found in the node set side by side (the searches release
    the GIL; they are most of the time at the end of a scan).

    >>> n = np.array([1, 2, 3, 4, 5], dtype=np.uint64)
    >>> components(n, np.array([1, 4], np.uint64), np.array([2, 5], np.uint64)).tolist()
    [0, 0, 2, 3, 3]
    """
    if len(a) == 0:
        return np.arange(len(nodes), dtype=np.int64)
    if pool is not None and len(b) >= _FEW_QUERIES:
        f_b = pool.submit(_search, nodes, b)
        ia = _search(nodes, a).astype(np.int64, copy=False)
        ib = f_b.result().astype(np.int64, copy=False)
    else:
        ia = _search(nodes, a).astype(np.int64, copy=False)
        ib = _search(nodes, b).astype(np.int64, copy=False)
    if _native is not None:
        # union-find in C: one pass over the edges instead of numpy passes until stable
        return np.frombuffer(_native.components(ia, ib, len(nodes)), dtype=np.int64)
    label = np.arange(len(nodes), dtype=np.int64)
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


def _union(parts: list[U64]) -> U64:
    """``union_sorted(parts)``: the distinct values of all parts, ascending.

    A compaction's largest part is the set kept so far; the others are sorted once, together
    (:func:`_run`), and the kernel merges them with it without a branch per value (hashes
    interleave at random: such a branch is mispredicted half the time), about twice as fast
    as the merge of ``union_sorted``. The scratch, a copy of the other parts, is bounded like
    the radix sorts' (:data:`~carborder.scan.sketch.RADIX_MAX`): more parts are folded in a
    chunk at a time (:func:`_chunks`).
    """
    full = [p for p in parts if len(p)]
    if _native is None or len(full) < 2:
        return union_sorted(parts)
    big = max(full, key=len)
    rest = [p for p in full if p is not big]
    if len(rest) == 1 and _ascending(rest[0]):
        # two sorted sets (merged states): union_sorted sorts nothing
        return union_sorted(parts)
    chunks = _chunks(rest)
    if chunks is None:
        return union_sorted(parts)  # one part beyond the bound
    big = np.ascontiguousarray(big, dtype=np.uint64)
    head = big[:64]
    # a part that arrived since is not ascending from its start (the kernel checks all of it)
    got = None
    if bool(np.all(head[1:] > head[:-1])):
        got = _native.union_u64(big, [_run(chunks[0])])
    if got is None:
        # the largest part is no sorted set (it arrived since: the first compaction)
        chunks = _chunks(full)
        if chunks is None:
            return union_sorted(parts)
        united = np.zeros(0, dtype=np.uint64)
    else:
        united = np.frombuffer(got, dtype=np.uint64)
        chunks = chunks[1:]
    for chunk in chunks:
        united = np.frombuffer(_native.union_u64(united, [_run(chunk)]), dtype=np.uint64)
    return united


def _run(parts: list[U64]) -> U64:
    """The values of ``parts`` in one ascending array (repeats kept), a new one.

    numpy's sort of 64-bit integers is vectorised (AVX2 and up): it measured 40% faster
    than the kernel's eight radix passes on a batch's hashes (whose scattered writes wait
    on memory the scan's other threads share), in place, without their second copy.
    """
    run = np.concatenate(parts) if len(parts) > 1 else parts[0].copy()
    run.sort()
    return run


def _chunks(parts: list[U64]) -> list[list[U64]] | None:
    """``parts`` in order, in chunks of at most RADIX_MAX keys (None: one part exceeds it).

    A compaction's backlog may exceed one radix sort (twins wait up to twice that): folded
    into the set a chunk at a time, each fold's scratch is one radix sort's, and numpy's
    sort of the whole backlog (2.4x the time of the radix passes at 8 M keys) is avoided.
    """
    out: list[list[U64]] = []
    room = 0
    for p in parts:
        if len(p) > RADIX_MAX:
            return None
        if len(p) > room:
            out.append([])
            room = RADIX_MAX
        out[-1].append(np.ascontiguousarray(p, dtype=np.uint64))
        room -= len(p)
    return out


def _pairs(a_parts: list[U64], b_parts: list[U64], *, directed: bool = False) -> tuple[U64, U64]:
    """The distinct links of all parts as one canonical run (see :func:`_sorted_pairs`).

    The largest part is the run kept by the last compaction: only the other parts (what
    arrived since) are sorted, then merged with it in one pass, instead of sorting (and
    re-hashing) every kept link again at every compaction.
    """
    parts = [(x, y) for x, y in zip(a_parts, b_parts, strict=True) if len(x)]
    if not parts:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    big = max(parts, key=lambda p: len(p[0]))
    rest = [p for p in parts if p is not big]
    if rest:
        a = np.concatenate([p[0] for p in rest]) if len(rest) > 1 else rest[0][0]
        b = np.concatenate([p[1] for p in rest]) if len(rest) > 1 else rest[0][1]
        more = _sorted_pairs(a, b, directed)
    else:
        more = (big[0][:0], big[1][:0])
    merged = _merged_pairs(*big, *more, directed)
    if merged is None:
        # the largest part arrived since (the first compaction): sorted as well
        merged = _merged_pairs(*_sorted_pairs(*big, directed), *more, directed)
        assert merged is not None  # both runs canonical
    return merged


def _sorted_pairs(a: U64, b: U64, directed: bool) -> tuple[U64, U64]:
    """The links ``a[i]``-``b[i]`` as a canonical run: arrays ``lo``, ``hi``.

    Canonical: no self-link, ``lo < hi`` unless ``directed`` (an undirected link is one
    whichever way round it came), each link once, ascending by ``(lo, hi)``. Two runs then
    merge in one pass (:func:`_merged_pairs`), and a run's ``lo`` ends are ascending, so the
    count finds them in the node set by one walk instead of a sort (:func:`_search`).
    Native in one pass of radix sorts when the kernel is built, for the sizes the radix sorts
    take (:data:`~carborder.scan.sketch.RADIX_MAX`: its scratch is two copies of the links).

    >>> lo, hi = _sorted_pairs(np.array([5, 1, 3, 2], np.uint64), np.array([1, 5, 3, 9], np.uint64), False)
    >>> lo.tolist(), hi.tolist()
    ([1, 2], [5, 9])
    """
    a = np.ascontiguousarray(a, dtype=np.uint64)
    b = np.ascontiguousarray(b, dtype=np.uint64)
    if _native is not None and len(a) <= RADIX_MAX:
        lo, hi = _native.sort_pairs(a, b, directed)
        return np.frombuffer(lo, dtype=np.uint64), np.frombuffer(hi, dtype=np.uint64)
    return _sorted_pairs_numpy(a, b, directed)


def _sorted_pairs_numpy(a: U64, b: U64, directed: bool) -> tuple[U64, U64]:
    """The numpy twin of the kernel's ``sort_pairs`` (which defines :func:`_sorted_pairs`)."""
    lo, hi = (a, b) if directed else (np.minimum(a, b), np.maximum(a, b))
    keep = lo != hi
    if not keep.all():
        lo, hi = lo[keep], hi[keep]
    # two stable sorts, the minor key first (an LSD sort): by (lo, hi)
    order = order_u64(hi)
    order = order[order_u64(lo[order])]
    return _distinct_pairs(lo[order], hi[order])


def _distinct_pairs(lo: U64, hi: U64) -> tuple[U64, U64]:
    """Pairs sorted by ``(lo, hi)`` without repeats."""
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    return (lo, hi) if first.all() else (lo[first], hi[first])


def _merged_pairs(lo1: U64, hi1: U64, lo2: U64, hi2: U64, directed: bool) -> tuple[U64, U64] | None:
    """The canonical run of the union of two canonical runs; None if either is not one."""
    if _native is not None:
        got = _native.merge_pairs(
            *(np.ascontiguousarray(x, dtype=np.uint64) for x in (lo1, hi1, lo2, hi2)), directed
        )
        if got is None:
            return None
        return np.frombuffer(got[0], dtype=np.uint64), np.frombuffer(got[1], dtype=np.uint64)
    return _merged_pairs_numpy(lo1, hi1, lo2, hi2, directed)


def _merged_pairs_numpy(
    lo1: U64, hi1: U64, lo2: U64, hi2: U64, directed: bool
) -> tuple[U64, U64] | None:
    """The numpy twin of the kernel's ``merge_pairs`` (see :func:`_merged_pairs`)."""
    if not (_canonical(lo1, hi1, directed) and _canonical(lo2, hi2, directed)):
        return None
    lo, hi = np.concatenate([lo1, lo2]), np.concatenate([hi1, hi2])
    order = order_u64(hi)
    order = order[order_u64(lo[order])]
    return _distinct_pairs(lo[order], hi[order])


def _canonical(lo: U64, hi: U64, directed: bool) -> bool:
    """Whether ``lo``, ``hi`` is a canonical run of links (see :func:`_sorted_pairs`)."""
    if not bool(np.all(lo != hi if directed else lo < hi)):
        return False
    up = (lo[1:] > lo[:-1]) | ((lo[1:] == lo[:-1]) & (hi[1:] > hi[:-1]))
    return bool(up.all())


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

    def compact(self, pool: Executor | None = None) -> None:
        """Deduplicate what was added so far (memory stays proportional to distinct data).

        With ``pool``, nodes and links are deduplicated on its threads (numpy sorts without
        the GIL) while this thread does the sensitive marks.
        """
        if self.size == self.compacted and len(self.nodes) == len(self.a) == 1 == len(
            self.sensitive
        ):
            return  # nothing arrived since the last compaction
        # every part marked whole (units of a trajectory table): the marks are the nodes
        whole = len(self.sensitive) == len(self.nodes) and all(
            s is n for s, n in zip(self.sensitive, self.nodes, strict=True)
        )
        if pool is None:
            nodes = _union(self.nodes)
            a, b = _pairs(self.a, self.b, directed=self.directed)
            sens = nodes if whole else _union(self.sensitive)
        else:
            f_nodes = pool.submit(_union, self.nodes)
            f_pairs = pool.submit(_pairs, self.a, self.b, directed=self.directed)
            marks = None if whole else _union(self.sensitive)
            nodes = f_nodes.result()
            a, b = f_pairs.result()
            sens = nodes if marks is None else marks
        if sens is not nodes and len(sens) == len(nodes) and np.array_equal(sens, nodes):
            # every node marked (a trajectory table): one array, pickled once to the parent
            sens = nodes
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

    def arrays(self, pool: Executor | None = None) -> tuple[U64, U64, U64, U64]:
        self.compact(pool)
        return self.nodes[0], self.a[0], self.b[0], self.sensitive[0]

    def restrict(self, kept: U64) -> None:
        """Keep only nodes in ``kept`` (sorted), links from them and their sensitive marks."""
        nodes, a, b, sens = self.arrays()
        on = _member(a, kept)
        self.nodes = [nodes[_member(nodes, kept)]]
        self.a, self.b = [a[on]], [b[on]]
        self.sensitive = [sens[_member(sens, kept)]]
        self.size = self.compacted = len(self.nodes[0]) + 2 * len(self.a[0]) + len(sens)


def _named(
    vehicle: list[tuple[str, U64, Mask]], qualifier: tuple[U64, Mask] | None, n: int
) -> list[tuple[str, U64, Mask]]:
    """Person identifiers made of a name and a shared identifier in the same row."""
    if qualifier is None or len(qualifier[1]) != n:
        return []
    name_h, named = qualifier
    out = []
    for k, tag, ok in vehicle:
        both = ok & named
        if both.any():
            rows = np.flatnonzero(both)
            pair = np.zeros(n, dtype=np.uint64)
            pair[rows] = _pair(tag[rows], _tagged(QUALIFIER_KIND, name_h[rows]))
            out.append((f"{QUALIFIER_KIND}+{k}", pair, both))
    return out


#: One addition to a graph of :class:`PeopleStats` (by attribute): nodes, links a-b, marks.
_Add = tuple[str, U64, U64, U64, U64]


@dataclass
class PreparedBatch:
    """One batch's people, ready to fold into a graph (:meth:`PeopleStats.take`).

    Everything here is computed from the batch alone, so it is made where the batch's
    detectors ran (:func:`prepare`) and only the appends and compactions are left to the
    thread that holds the graph; what is added, and in which order, is the same wherever
    it was made.
    """

    keys: dict[str, int] = field(default_factory=dict)
    recordings: int = 0
    rows_with_identity: int = 0
    sensitive_rows: int = 0
    sensitive_rows_unattributed: int = 0
    #: the batch's file showed people no identifier names (1) or not (0)
    unidentified_files: int = 0
    #: the batch carried identifiers (its file is among the people's evidence)
    identified: bool = False
    #: graph additions, in the order :meth:`PeopleStats.add` has always made them
    adds: list[_Add] = field(default_factory=list)

    def add(self, graph: str, nodes: U64, a: U64, b: U64, marks: U64) -> None:
        """Note that ``graph`` (a graph attribute of :class:`PeopleStats`) receives these."""
        self.adds.append((graph, nodes, a, b, marks))


def prepare(
    row_keys: dict[str, tuple[U64, Mask]],
    sensitive: Mask | None,
    order: tuple[str, ...] = DEFAULT_IDENTITY_ORDER,
    loose: dict[str, list[tuple[U64, Mask, U64]]] | None = None,
    sensitive_kinds: frozenset[str] = frozenset(),
) -> PreparedBatch:
    """One batch's tallies and graph additions: linked row identifiers, loose ones, marks."""
    out = PreparedBatch()
    # only identifying kinds count (a name or an address is shared by many people)
    present = [(k, row_keys[k]) for k in order if k in row_keys]
    loose = {k: v for k, v in (loose or {}).items() if k in order}
    n = _tally(out, present, loose, sensitive)
    present = _collapse(out, present, row_keys.get(QUALIFIER_KIND), n)
    sens_rows = sensitive if sensitive is not None else np.zeros(n, dtype=bool)
    person = [(k, _tagged(k, h), ok) for k, (h, ok) in present if k not in SHARED_KINDS]
    vehicle = [(k, _tagged(k, h), ok) for k, (h, ok) in present if k in SHARED_KINDS]
    person += _named(vehicle, row_keys.get(QUALIFIER_KIND), n)
    all_sens = bool(sens_rows.all())
    _linked(out, "people", person, sens_rows, all_sens)
    _linked(out, "vehicles", vehicle, sens_rows, all_sens)
    _own(out, person, vehicle, loose, n)
    _loose(out, loose, sens_rows, all_sens, sensitive_kinds)
    return out


def _tally(
    out: PreparedBatch,
    present: list[tuple[str, tuple[U64, Mask]]],
    loose: dict[str, list[tuple[U64, Mask, U64]]],
    sensitive: Mask | None,
) -> int:
    """Count kinds, identified and sensitive rows; return the batch's row count."""
    for k, (_, ok) in present:
        out.keys[k] = out.keys.get(k, 0) + int(ok.any())
        if k == "recording":
            out.recordings += int(np.count_nonzero(ok))
    for k, parts in loose.items():
        out.keys[k] = out.keys.get(k, 0) + int(any(p[1].any() for p in parts))
    n = len(present[0][1][1]) if present else (len(sensitive) if sensitive is not None else 0)
    if not n:
        n = next((len(p[1]) for parts in loose.values() for p in parts), 0)
    identified = np.zeros(n, dtype=bool)
    for _, (_, ok) in present:
        identified |= ok
    for parts in loose.values():
        for _, ok, _ in parts:
            identified |= ok
    out.rows_with_identity += int(np.count_nonzero(identified))
    if sensitive is not None:
        out.sensitive_rows += int(np.count_nonzero(sensitive))
        out.sensitive_rows_unattributed += int(np.count_nonzero(sensitive & ~identified))
    return n


def _collapse(
    out: PreparedBatch,
    present: list[tuple[str, tuple[U64, Mask]]],
    qualifier: tuple[U64, Mask] | None,
    n: int,
) -> list[tuple[str, tuple[U64, Mask]]]:
    """Drop :data:`TWIN_KIND` from rows where a shared identifier holds the same value.

    A track keyed by the VIN column gives every vehicle two nodes (track key, VIN) and a
    link per row, twice the graph. In such a row the two are in one component and the
    partner carries the same links, ownership and marks, so the twin adds nothing there.
    It may still occur elsewhere alone (a row whose VIN did not validate): the partner
    nodes of dropped rows are kept aside (:attr:`PeopleStats.twins`, tagged as the partner)
    and the twin's other nodes noted (:attr:`PeopleStats.twin_rest`), and the count links
    each such node to its partner by value (:meth:`PeopleStats._twin_links`), the link the
    dropped rows made. Rows with a name keep the twin: the pair (name, twin) is a person
    identifier of its own.
    """
    kinds = [k for k, _ in present]
    if TWIN_KIND not in kinds:
        return present
    h, ok = present[kinds.index(TWIN_KIND)][1]
    named = qualifier[1] if qualifier is not None and len(qualifier[1]) == n else None
    rest = ok
    none = np.zeros(0, np.uint64)
    for k, (hk, okk) in present:
        if k == TWIN_KIND or k not in SHARED_KINDS:
            continue
        twin = rest & okk & (hk == h)
        if named is not None:
            twin &= ~named
        if twin.any():
            out.add("twins", _tagged(k, _take(h, twin)), none, none, none)
            rest = rest & ~twin
    if rest.any():
        # noted in every batch, with twins or not: a twin may come in a later one
        out.add("twin_rest", _tagged(TWIN_KIND, _take(h, rest)), none, none, none)
    if rest is ok:
        return present
    if rest.any():
        return [(k, (h, rest) if k == TWIN_KIND else v) for k, v in present]
    return [(k, v) for k, v in present if k != TWIN_KIND]


def _own(
    out: PreparedBatch,
    person: list[tuple[str, U64, Mask]],
    vehicle: list[tuple[str, U64, Mask]],
    loose: dict[str, list[tuple[U64, Mask, U64]]],
    n: int,
) -> None:
    """The first person identifier of a row owns its vehicles (structured or in text)."""
    has = np.zeros(n, dtype=bool)
    for _, _, ok in person:
        has |= ok
    # only rows with a person are looked at (a vehicle table: a few of them)
    rows = np.flatnonzero(has)
    if not len(rows):
        return
    # the first kind present in the row, written last; every row has one, so the last
    # kind's values (wherever it is absent) are all overwritten
    anchor = person[-1][1][rows]
    for _, tag, ok in reversed(person[:-1]):
        at = np.flatnonzero(ok[rows])
        anchor[at] = tag[rows[at]]
    none = np.zeros(0, np.uint64)
    for _, tag, ok in vehicle:
        sub = ok[rows]
        if sub.any():
            out.add("owned", none, tag[_take(rows, sub)], _take(anchor, sub), none)
    for k, parts in loose.items():
        if k not in SHARED_KINDS:
            continue
        for first, ok, _more in parts:
            # ``first`` holds the rows of ``ok`` in order: those with a person are the
            # rows of ``rows`` with ``ok``, in the same order as their anchors
            owner = _take(has, ok)
            if owner.any():
                out.add(
                    "owned", none, _tagged(k, _take(first, owner)), _take(anchor, ok[rows]), none
                )


def _loose(
    out: PreparedBatch,
    loose: dict[str, list[tuple[U64, Mask, U64]]],
    sens_rows: Mask,
    all_sens: bool,
    sensitive_kinds: frozenset[str],
) -> None:
    none = np.zeros(0, np.uint64)
    for k, parts in loose.items():
        graph = "vehicles" if k in SHARED_KINDS else "people"
        for first, ok, more in parts:
            nodes = _tagged(k, np.concatenate([first, more]) if len(more) else first)
            # a free-text identifier is sensitive when its row is, or its kind is
            if k in sensitive_kinds or (
                not len(more) and (all_sens or not bool((ok & ~sens_rows).any()))
            ):
                # all marked: the same array, which compaction then sorts once
                out.add(graph, nodes, none, none, nodes)
                continue
            out.add(graph, nodes, none, none, _tagged(k, _take(first, _take(sens_rows, ok))))


def _linked(
    out: PreparedBatch,
    graph: str,
    ids: list[tuple[str, U64, Mask]],
    sens_rows: Mask,
    all_sens: bool,
) -> None:
    if not ids:
        return
    none = np.zeros(0, np.uint64)
    for _, tag, ok in ids:
        # one part per kind: compaction concatenates what waits anyway
        nodes = _take(tag, ok)
        # every row sensitive (a trajectory table): the marks are the nodes, the same
        # array (compaction then sorts it once, see _Graph.compact)
        out.add(graph, nodes, none, none, nodes if all_sens else _take(tag, ok & sens_rows))
    a_parts: list[U64] = []
    b_parts: list[U64] = []
    # a chain through each row's identifiers links them all: each kind to the last one
    # before it in the row (prev_h holds it where prev_ok; other rows are never read)
    prev_h, prev_ok = ids[0][1], ids[0][2]
    for i, (_, tag, ok) in enumerate(ids[1:], start=2):
        both = prev_ok & ok
        if both.any():
            a_parts.append(_take(prev_h, both))
            b_parts.append(_take(tag, both))
        if i < len(ids):
            prev_h = _select(ok, tag, prev_h)
            prev_ok = prev_ok | ok
    if a_parts:
        out.add(graph, none, np.concatenate(a_parts), np.concatenate(b_parts), none)


@dataclass
class _Counted:
    """Weighted counts of a graph: exact (all weights 1) or a component sample."""

    persons: float
    sensitive: float
    #: Horvitz-Thompson variance estimate of ``persons`` (0 while exact)
    variance: float
    #: person components actually held
    held: int


@dataclass
class PeopleStats:
    """Mergeable identifier graph of a scan: exact, or a component-closed hash sample."""

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
    #: components whose smallest node hash is below this are kept (``_ALL``: everything)
    threshold: int = _ALL
    #: partner nodes (tagged with the partner's kind) of rows whose :data:`TWIN_KIND` value
    #: equalled a shared identifier's, and :data:`TWIN_KIND` nodes seen elsewhere: the
    #: first are linked to the second by value at the count (see :meth:`_collapse`)
    twins: _Graph = field(default_factory=_Graph)
    twin_rest: _Graph = field(default_factory=_Graph)
    #: a thread an exact graph's compactions may run on while batches keep arriving (None:
    #: they run in the thread that takes the batches; see :meth:`take`)
    beside: Executor | None = field(default=None, repr=False, compare=False)
    #: the compaction running beside, and the additions of batches taken meanwhile
    _job: Future[None] | None = field(default=None, repr=False, compare=False)
    _waiting: list[list[_Add]] = field(default_factory=list, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """The graph as it is once every compaction is done (no thread travels with it)."""
        self.settle()
        return {**self.__dict__, "beside": None, "_job": None, "_waiting": []}

    def add(
        self,
        row_keys: dict[str, tuple[U64, Mask]],
        sensitive: Mask | None,
        order: tuple[str, ...] = DEFAULT_IDENTITY_ORDER,
        loose: dict[str, list[tuple[U64, Mask, U64]]] | None = None,
        sensitive_kinds: frozenset[str] = frozenset(),
    ) -> None:
        """Absorb one batch: linked row identifiers, loose (free-text) ones, sensitive rows."""
        self.take(prepare(row_keys, sensitive, order, loose, sensitive_kinds))

    def take(self, batch: PreparedBatch, file: str = "") -> None:
        """Fold in one batch :func:`prepare` made (``file``: where its identifiers were)."""
        for k, n in batch.keys.items():
            self.keys[k] = self.keys.get(k, 0) + n
        self.recordings += batch.recordings
        self.rows_with_identity += batch.rows_with_identity
        self.sensitive_rows += batch.sensitive_rows
        self.sensitive_rows_unattributed += batch.sensitive_rows_unattributed
        self.unidentified_files += batch.unidentified_files
        if batch.identified:
            self.files.add(file)
        # in the order taken: appended now, or after the compaction running beside
        self._waiting.append(batch.adds)
        self._drain(_WAITING)

    def settle(self) -> None:
        """Finish what runs beside: the graph then holds every batch taken."""
        self._drain(-1)

    def join(self) -> None:
        """Wait until nothing runs beside (what waits stays waiting, an error with its job)."""
        if self._job is not None:
            wait([self._job])

    def _drain(self, left: int) -> None:
        """Append waiting additions in order, compacting as due, until at most ``left`` wait.

        A compaction running beside is waited for only when more than ``left`` batches
        wait (bounded memory), or to settle (``left`` negative).
        """
        while True:
            if self._job is not None:
                if len(self._waiting) <= left and not self._job.done():
                    return
                job, self._job = self._job, None
                job.result()  # its error is raised where the batches are taken
            elif self._waiting:
                self._append(self._waiting.pop(0))
            else:
                return

    def _append(self, adds: list[_Add]) -> None:
        for name, nodes, a, b, marks in adds:
            getattr(self, name).add(nodes, a, b, marks)
        self._maybe_compact(beside=self.beside)

    def _twin_links(self) -> tuple[U64, U64]:
        """Links from twin nodes seen alone to their partner nodes of dropped rows."""
        none = np.zeros(0, np.uint64)
        if not self.twin_rest.size or not self.twins.size:
            return none, none
        rest = self.twin_rest.arrays()[0]
        partners = self.twins.arrays()[0]
        a_parts: list[U64] = []
        b_parts: list[U64] = []
        for k in sorted(SHARED_KINDS - {TWIN_KIND}):
            cand = np.asarray(rest ^ _salt(TWIN_KIND) ^ _salt(k), dtype=np.uint64)
            hit = _member(cand, partners)
            if hit.any():
                a_parts.append(rest[hit])
                b_parts.append(cand[hit])
        if not a_parts:
            return none, none
        return np.concatenate(a_parts), np.concatenate(b_parts)

    @property
    def _graphs(self) -> tuple[_Graph, _Graph, _Graph]:
        return self.people, self.vehicles, self.owned

    def _maybe_compact(
        self, force: bool = False, pool: Executor | None = None, beside: Executor | None = None
    ) -> None:
        """Compact when due (``force``: now), with ``pool``'s threads, or ``beside``.

        ``beside``: an exact graph within the limit is compacted on that thread while this
        one goes on (:meth:`take` holds later batches back meanwhile). Such a compaction can
        neither restrict nor start a sample, and the schedule (when to compact) is decided
        on the same sizes in the same order: the graph is the same as if compacted here.
        """
        graphs = self._graphs
        size = sum(g.size for g in graphs)
        # compact when what arrived since the last compaction is as large as what was kept
        # (linear total work), and at the limit
        kept = sum(g.compacted for g in graphs)
        if not (
            force
            or size > max(2 * kept, 1 << 20)
            or size - kept > PENDING_LIMIT
            or size > self.limit
        ):
            return
        if beside is not None and not force and self.exact and size <= self.limit:
            self._job = beside.submit(self._compact_all, None)
            return
        self._compact_all(pool)
        if self.threshold < _ALL:
            self._restrict()
        # over the limit: halve the sampled share of the hash space until half the limit
        while sum(g.size for g in graphs) > self.limit and self.threshold > 1:
            while sum(g.size for g in graphs) > self.limit // 2 and self.threshold > 1:
                self.threshold //= 2
                self._restrict()

    def _compact_all(self, pool: Executor | None) -> None:
        if pool is None:
            for g in self._graphs:
                g.compact()
        else:
            # the three graphs are independent, and so are a graph's nodes and links: all
            # on the pool's threads (the kernel's sorts and merges run without the GIL),
            # the largest (the vehicles': a VIN in every row) split in two
            beside = [pool.submit(g.compact) for g in (self.people, self.owned)]
            self.vehicles.compact(pool)
            for f in beside:
                f.result()
        for g in (self.twins, self.twin_rest):
            # only looked up when a twin occurs alone (rarely, at the count): sorted when
            # what waits is large, not at every compaction
            if g.size - g.compacted > PENDING_LIMIT:
                g.compact()

    def _joint(self) -> tuple[U64, npt.NDArray[np.int64]]:
        """All nodes (sorted) and their component over people, vehicles and ownership."""
        p_nodes, p_a, p_b, _ = self.people.arrays()
        v_nodes, v_a, v_b, _ = self.vehicles.arrays()
        _, o_a, o_b, _ = self.owned.arrays()
        t_a, t_b = self._twin_links()
        nodes = union_sorted([p_nodes, v_nodes, o_a, o_b])
        a = np.concatenate([p_a, v_a, o_a, t_a])
        b = np.concatenate([p_b, v_b, o_b, t_b])
        return nodes, components(nodes, a, b)

    def _restrict(self) -> None:
        """Keep the components whose smallest node hash is below the threshold."""
        nodes, label = self._joint()
        # the sampling key is a re-mixed node hash: callers' hashes need not be uniform
        key = _pair(nodes, nodes)
        low = np.full(len(nodes), np.iinfo(np.uint64).max, dtype=np.uint64)
        np.minimum.at(low, label, key)
        kept = nodes[low[label] < np.uint64(self.threshold)]
        for g in (*self._graphs, self.twins, self.twin_rest):
            g.restrict(kept)

    def merge(self, other: Self) -> Self:
        """Union of both graphs (samples: at the smaller threshold of the two)."""
        self.settle()
        other.settle()
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
            min(self.threshold, other.threshold),
            self.twins.merge(other.twins),
            self.twin_rest.merge(other.twin_rest),
        )
        out._maybe_compact(force=out.threshold < _ALL)
        return out

    def compact(self) -> None:
        """Deduplicate everything held (after merging states that each hold their own).

        This runs at the end of a unit, when the detectors are done and a core is free:
        a large exact graph is compacted on two threads, as it is counted (see
        :meth:`_threaded`).
        """
        self.settle()
        if not self._threaded():
            self._maybe_compact(force=True)
            return
        with ThreadPoolExecutor(2, thread_name_prefix="carborder-people") as pool:
            self._maybe_compact(force=True, pool=pool)

    def _threaded(self) -> bool:
        """Whether the final count gets a second thread (a large exact graph)."""
        size = sum(g.size for g in self._graphs)
        return size >= _THREADED and self.exact and (os.cpu_count() or 1) >= 2

    @property
    def exact(self) -> bool:
        """True while the count is exact (every component held)."""
        return self.threshold >= _ALL

    def _counted(self) -> _Counted:
        self.settle()
        if not self._threaded():
            return self._count(None)
        # the count runs once, at the end of a scan, when the cores are free: the two graphs
        # and their sorts are independent, and numpy sorts and searches without the GIL
        with ThreadPoolExecutor(2, thread_name_prefix="carborder-people") as pool:
            return self._count(pool)

    def _count(self, pool: Executor | None) -> _Counted:
        if pool is None:
            p_nodes, p_a, p_b, p_sens = self.people.arrays()
            v_nodes, v_a, v_b, v_sens = self.vehicles.arrays()
            _, o_a, o_b, _ = self.owned.arrays()
            t_a, t_b = self._twin_links()
            p_label = components(p_nodes, p_a, p_b)
            v_label = components(v_nodes, np.concatenate([v_a, t_a]), np.concatenate([v_b, t_b]))
            vi, v_hit = _locate(v_nodes, o_a)
            p_sensitive = _marked(p_nodes, p_sens)
            owners = None if p_sensitive.all() else _locate(p_nodes, o_b)
        else:
            small = [pool.submit(g.arrays) for g in (self.people, self.owned)]
            v_nodes, v_a, v_b, v_sens = self.vehicles.arrays(pool)
            (p_nodes, p_a, p_b, p_sens), (_, o_a, o_b, _) = (f.result() for f in small)
            f_p = pool.submit(components, p_nodes, p_a, p_b)
            f_vi = pool.submit(_locate, v_nodes, o_a)
            p_sensitive = _marked(p_nodes, p_sens)
            # every person node sensitive (a trajectory table): owning a sensitive vehicle
            # marks no one more, and the person ends of ownership links need not be found
            f_pi = None if p_sensitive.all() else pool.submit(_locate, p_nodes, o_b)
            t_a, t_b = self._twin_links()
            v_label = components(
                v_nodes, np.concatenate([v_a, t_a]), np.concatenate([v_b, t_b]), pool
            )
            p_label = f_p.result()
            vi, v_hit = f_vi.result()
            owners = None if f_pi is None else f_pi.result()
        p_first = np.flatnonzero(p_label == np.arange(len(p_nodes)))
        # vi, pi (owners): where each ownership link's vehicle and person sit (both are nodes
        # of their graphs whenever the link was recorded; a sample may have dropped either)
        # vehicle components that carry a vehicle seen with a person add no one
        comp_owned = np.zeros(len(v_nodes), dtype=bool)
        comp_owned[v_label[vi[v_hit]]] = True
        v_first = np.flatnonzero((v_label == np.arange(len(v_nodes))) & ~comp_owned)
        # sensitive: a person component with a sensitive node, or owning a sensitive vehicle
        v_marked = _marked(v_nodes, v_sens)
        if v_marked.all():
            # every vehicle marked (a trajectory table): every component is sensitive
            v_comp_sens = np.ones(len(v_nodes), dtype=bool)
        else:
            v_comp_sens = np.zeros(len(v_nodes), dtype=bool)
            v_comp_sens[v_label[v_marked]] = True
        if owners is not None:
            pi, p_hit = owners
            hot = v_hit & p_hit
            hot[hot] = v_comp_sens[v_label[vi[hot]]]
            p_sensitive[pi[hot]] = True
        if p_sensitive.all():
            p_comp_sens = np.ones(len(p_nodes), dtype=bool)
        else:
            p_comp_sens = np.zeros(len(p_nodes), dtype=bool)
            p_comp_sens[p_label[p_sensitive]] = True
        p_sens_first = p_comp_sens[p_first]
        v_sens_first = v_comp_sens[v_first]
        if self.exact:
            # every weight 1: the sums below, as counts (equal as floats, without the arrays)
            held = len(p_first) + len(v_first)
            sensitive_held = int(np.count_nonzero(p_sens_first))
            sensitive_held += int(np.count_nonzero(v_sens_first))
            return _Counted(float(held), float(sensitive_held), 0.0, held)
        # weight of each node: 1 / P(its joint component is kept)
        nodes, label = self._joint()
        size = np.bincount(label, minlength=len(nodes)).astype(np.float64)
        share = self.threshold / _ALL
        keep_p = -np.expm1(size * math.log1p(-share)) if share < 1 else np.ones(len(nodes))
        w = 1.0 / np.maximum(keep_p[label], 1e-300)
        p_weight = w[_search(nodes, p_nodes)]
        v_weight = w[_search(nodes, v_nodes)]
        persons_w = p_weight[p_first]
        free_w = v_weight[v_first]
        weights = np.concatenate([persons_w, free_w])
        sensitive = float(persons_w[p_sens_first].sum())
        sensitive += float(free_w[v_sens_first].sum())
        # Horvitz-Thompson variance, per kept component: (1 - pi) / pi^2 = w^2 - w
        variance = float((weights * weights - weights).sum())
        return _Counted(float(weights.sum()), sensitive, variance, len(weights))

    def counts(self) -> tuple[int, int]:
        """(persons, persons with sensitive PI)."""
        c = self._counted()
        return round(c.persons), round(c.sensitive)

    def relative_error(self) -> float:
        """0 while exact; beyond the limit, three standard errors of the sampled estimate."""
        if self.exact:
            return 0.0
        c = self._counted()
        if c.persons <= 0:
            return 1.0
        return round(min(_SIGMAS * math.sqrt(c.variance) / c.persons, 1.0), 4)

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
            detector_version="3",
            matches=self.rows_with_identity,
            rows=self.rows_with_identity,
            confidence=round(max(1.0 - 2 * self.relative_error(), 0.0), 3),
        )
        return facts, {k: [ev] for k in facts}

    def details(self) -> dict[str, Any]:
        """How people were counted, and whether the count is exact."""
        method = (
            "linked identifiers (connected components)"
            if self.exact
            else (
                "linked identifiers, component-closed hash sample of "
                f"{self.threshold / _ALL:.3g} (Horvitz-Thompson)"
            )
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
