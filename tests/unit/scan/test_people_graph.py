"""People as linked identifiers: exact components while they fit, a stated error beyond."""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carborder.scan.people import PeopleStats, components


def _batches(n_people: int, rows: int, seed: int, missing: float = 0.3):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    for start in range(0, rows, 50_000):
        m = min(50_000, rows - start)
        who = rng.integers(0, n_people, m).astype(np.uint64)
        ids = (who * np.uint64(2654435761) + np.uint64(1)) | np.uint64(1 << 62)
        phones = (who * np.uint64(40503) + np.uint64(7)) | np.uint64(1 << 61)
        ok_id = rng.random(m) >= missing
        ok_phone = rng.random(m) >= missing / 2
        ok_phone |= ~ok_id  # every row carries at least one identifier
        yield {"id_number": (ids, ok_id), "phone": (phones, ok_phone)}, who


def _reference(batches) -> int:  # type: ignore[no-untyped-def]
    """Persons by a plain Python union-find over (kind, value) nodes, row by row."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for keys, _who in batches:
        (ids, ok_id), (phones, ok_ph) = keys["id_number"], keys["phone"]
        for i, ok_i, p, ok_p in zip(
            ids.tolist(), ok_id.tolist(), phones.tolist(), ok_ph.tolist(), strict=True
        ):
            nodes = [n for n, ok in ((("id", i), ok_i), (("ph", p), ok_p)) if ok]
            for n in nodes:
                find(n)
            if len(nodes) == 2:
                parent[find(nodes[0])] = find(nodes[1])
    return len({find(x) for x in parent})


def test_components_link_rows_with_different_identifiers() -> None:
    stats = PeopleStats()
    for keys, _who in _batches(20_000, 200_000, 1):
        stats.add(keys, None)
    assert stats.counts()[0] == _reference(_batches(20_000, 200_000, 1)) and stats.exact


@pytest.mark.parametrize(("limit", "seed"), [(60_000, 2), (200_000, 3), (60_000, 4)])
def test_beyond_the_exact_limit_the_error_stays_within_the_stated_bound(
    limit: int, seed: int
) -> None:
    exact, small = PeopleStats(), PeopleStats(limit=limit)
    for keys, _who in _batches(120_000, 400_000, seed):
        exact.add(keys, None)
        small.add(keys, None)
    assert exact.exact and not small.exact
    truth = exact.counts()[0]
    error = (small.counts()[0] - truth) / truth
    stated = small.relative_error()
    # people revisit throughout (a person's identifiers keep arriving): the hardest order
    # for any estimate fixed early; the sample's stated bound must hold, and stay useful
    assert abs(error) <= stated <= 0.05
    assert small.details()["people.exact"] is False
    assert "sample" in small.details()["people.method"]


def test_samples_merge_across_workers_within_the_bound() -> None:
    halves = [PeopleStats(limit=40_000), PeopleStats(limit=40_000)]
    exact = PeopleStats()
    for i, (keys, _who) in enumerate(_batches(100_000, 300_000, 5)):
        halves[i % 2].add(keys, None)
        exact.add(keys, None)
    merged = halves[0].merge(halves[1])
    truth = exact.counts()[0]
    assert not merged.exact
    assert abs(merged.counts()[0] - truth) / truth <= merged.relative_error() <= 0.06


def _row(n: int, **cols: list[int | None]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for k, vals in cols.items():
        ok = np.array([v is not None for v in vals])
        h = np.array([0 if v is None else (v * 0x9E3779B1 + len(k)) for v in vals], np.uint64)
        out[k] = (h, ok)
    assert all(len(v[0]) == n for v in out.values())
    return out


def test_a_name_next_to_a_shared_identifier_links_one_persons_rows() -> None:
    # 张三 (name 1): a resident ID in one row, a phone in the other, the same VIN in both
    stats = PeopleStats()
    stats.add(_row(2, id_number=[10, None], phone=[None, 20], vin=[7, 7], name=[1, 1]), None)
    assert stats.counts()[0] == 1
    # without the name the VIN does not merge them (it may be a family car)
    bare = PeopleStats()
    bare.add(_row(2, id_number=[10, None], phone=[None, 20], vin=[7, 7]), None)
    assert bare.counts()[0] == 2


def test_two_drivers_of_a_family_car_stay_two() -> None:
    stats = PeopleStats()
    stats.add(_row(2, id_number=[10, None], phone=[None, 20], vin=[7, 7], name=[1, 2]), None)
    assert stats.counts()[0] == 2
    # and a name alone (many people share one) never links anything
    alone = PeopleStats()
    alone.add(_row(2, id_number=[10, 11], name=[1, 1]), None)
    assert alone.counts()[0] == 2


def test_a_vehicle_in_a_rows_free_text_is_that_rows_persons() -> None:
    loose_vin = (np.array([7], np.uint64), np.array([True, False]), np.zeros(0, np.uint64))
    stats = PeopleStats()
    stats.add(_row(2, id_number=[10, 11]), None, loose={"vin": [loose_vin]})
    assert stats.counts()[0] == 2
    # a free-text phone may be someone else's (a contact): it stays a person of its own
    loose_phone = (np.array([99], np.uint64), np.array([True, False]), np.zeros(0, np.uint64))
    other = PeopleStats()
    other.add(_row(2, id_number=[10, 11]), None, loose={"phone": [loose_phone]})
    assert other.counts()[0] == 3


def test_components_of_a_chain() -> None:
    n = np.arange(1, 7, dtype=np.uint64)
    a = np.array([1, 2, 3, 5], dtype=np.uint64)
    b = np.array([2, 3, 4, 6], dtype=np.uint64)
    assert len(set(components(n, a, b).tolist())) == 2


def test_what_waits_for_compaction_is_bounded_and_counts_stay_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large kept graph does not let an equally large backlog pile up (the memory peak)."""
    people = importlib.import_module("carborder.scan.people")
    batches = list(_batches(20_000, 300_000, seed=5))
    free = PeopleStats()
    for keys, _ in batches:
        free.add(keys, None)
    monkeypatch.setattr(people, "PENDING_LIMIT", 60_000)
    bounded = PeopleStats()
    for keys, _ in batches:
        bounded.add(keys, None)
        graphs = (bounded.people, bounded.vehicles, bounded.owned)
        waiting = sum(g.size for g in graphs) - sum(g.compacted for g in graphs)
        assert waiting <= 60_000
    assert bounded.counts() == free.counts() == (_reference(batches), *free.counts()[1:])


def test_merged_unit_states_compact_to_one_copy() -> None:
    """The same people seen by two units are held once after ``compact`` (local runner)."""
    batches = list(_batches(5_000, 100_000, seed=6))
    a, b = PeopleStats(), PeopleStats()
    for keys, _ in batches:
        a.add(keys, None)
        b.add(keys, None)
    merged = a.merge(b)
    merged.compact()
    a.compact()
    assert len(merged.people.nodes) == 1
    assert merged.people.size == a.people.size
    assert merged.counts() == a.counts()


_ROW = st.tuples(
    st.one_of(st.none(), st.integers(0, 12)),  # resident ID
    st.one_of(st.none(), st.integers(0, 12)),  # phone
    st.one_of(st.none(), st.integers(0, 12)),  # VIN
    st.one_of(st.none(), st.integers(0, 12)),  # plate
    st.booleans(),  # sensitive row
)


class _Forest:
    """Union-find over identifier nodes, and the counts the references derive from it."""

    def __init__(self) -> None:
        self.parent: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def find(self, x: tuple[Any, ...]) -> tuple[Any, ...]:
        while self.parent.setdefault(x, x) != x:
            x = self.parent[x]
        return x

    def union(self, xs: list[tuple[Any, ...]]) -> None:
        for x in xs:
            self.find(x)
        for x in xs[1:]:
            self.parent[self.find(x)] = self.find(xs[0])

    def counts(
        self,
        owned: list[tuple[tuple[Any, ...], tuple[Any, ...]]],
        hot: list[tuple[Any, ...]],
        is_person: Callable[[str], bool],
        is_vehicle: Callable[[str], bool],
    ) -> tuple[int, int]:
        """(people, sensitive people): person components plus vehicles nobody owns."""
        find = self.find
        p_roots = {find(x) for x in self.parent if is_person(x[0])}
        v_roots = {find(x) for x in self.parent if is_vehicle(x[0])}
        owned_v = {find(v) for v, _ in owned}
        hot_roots = {find(x) for x in hot}
        sens_p = {r for r in p_roots if r in hot_roots}
        sens_p |= {find(p) for v, p in owned if find(v) in hot_roots}
        free = v_roots - owned_v
        return len(p_roots) + len(free), len(sens_p) + len(free & hot_roots)


def _owned_reference(rows: list[tuple[int | None, ...]]) -> tuple[int, int]:
    """(persons, sensitive persons) by plain union-find over the rules the module states.

    Person identifiers in a row are one person; vehicle identifiers in a row are one
    vehicle; a vehicle seen with a person is that person's (the row's first person
    identifier owns it) and adds no one; a vehicle never seen with a person is one person.
    A person is sensitive when a row of theirs is, or when they own a vehicle one of whose
    rows is.
    """
    forest = _Forest()
    union = forest.union
    owned: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
    hot: list[tuple[Any, ...]] = []
    for i, ph, vin, plate, sens in rows:
        person = [n for n in (("id", i), ("ph", ph)) if n[1] is not None]
        vehicle = [n for n in (("vin", vin), ("plate", plate)) if n[1] is not None]
        union(person)  # type: ignore[arg-type]
        union(vehicle)  # type: ignore[arg-type]
        owned += [(v, person[0]) for v in vehicle if person]  # type: ignore[misc]
        if sens:
            hot += person + vehicle  # type: ignore[arg-type]
    return forest.counts(owned, hot, lambda k: k in ("id", "ph"), lambda k: k in ("vin", "plate"))


def _merged_in_any_order(
    rows: list[tuple[int | None, ...]],
    cuts: list[int],
    rnd: Any,
    unit: Callable[[list[tuple[int | None, ...]]], PeopleStats],
) -> PeopleStats:
    """``rows`` cut into units at ``cuts``, merged in a random order, compacted at random."""
    bounds = sorted({0, len(rows), *(c for c in cuts if c <= len(rows))})
    units = [unit(rows[a:b]) for a, b in itertools.pairwise(bounds)]
    rnd.shuffle(units)
    merged = PeopleStats()
    for u in units:
        merged = merged.merge(u)
        if rnd.random() < 0.5:
            merged.compact()
    return merged


def _unit_stats(rows: list[tuple[int | None, ...]]) -> PeopleStats:
    s = PeopleStats()
    if not rows:
        return s
    keys: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for col, kind in enumerate(("id_number", "phone", "vin", "plate")):
        vals = [r[col] for r in rows]
        ok = np.array([v is not None for v in vals])
        h = np.array([(v or 0) * 7919 + 1 + col for v in vals], dtype=np.uint64)
        keys[kind] = (h, ok)
    s.add(keys, np.array([bool(r[4]) for r in rows]))
    return s


@settings(max_examples=150, deadline=None)
@given(st.lists(_ROW, max_size=40), st.lists(st.integers(0, 40), max_size=4), st.randoms())
def test_counts_of_units_merged_in_any_order_equal_the_reference(
    rows: list[tuple[int | None, ...]], cuts: list[int], rnd: Any
) -> None:
    """Units (as workers scan them) merged in any order, compacted or not, count exactly.

    Identifiers link across units (the same phone in two units is one person), vehicles are
    owned across units, and sensitivity flows through ownership across units.
    """
    merged = _merged_in_any_order(rows, cuts, rnd, _unit_stats)
    whole = _unit_stats(rows)
    assert merged.counts() == whole.counts() == _owned_reference(rows)
    # the count of a large graph (two threads) equals the one-thread count
    threaded = whole._count(_POOL)
    assert (round(threaded.persons), round(threaded.sensitive)) == whole.counts()
    # compacted on two threads (a large graph at the end of a unit): the same graph
    again = _unit_stats(rows)
    again._maybe_compact(force=True, pool=_POOL)
    for mine, theirs in zip(again._graphs, whole._graphs, strict=True):
        assert all(
            np.array_equal(x, y) for x, y in zip(mine.arrays(), theirs.arrays(), strict=True)
        )
    assert again.counts() == whole.counts()


_POOL = ThreadPoolExecutor(2)


_TWIN_ROW = st.tuples(
    st.one_of(st.none(), st.integers(0, 6)),  # resident ID
    st.one_of(st.none(), st.integers(0, 6)),  # VIN
    st.one_of(st.none(), st.integers(0, 6)),  # track key (often the VIN's value)
    st.one_of(st.none(), st.integers(0, 6)),  # plate
    st.one_of(st.none(), st.integers(0, 2)),  # name
    st.booleans(),  # sensitive row
)
_TWIN_KINDS = ("id_number", "vin", "track_key", "plate", "name")


def _twin_reference(rows: list[tuple[int | None, ...]]) -> tuple[int, int]:
    """(persons, sensitive persons) with the track key a node of its own, as the rules say.

    Equal VIN and track key values are different nodes, linked only by the rows that hold
    both; a name next to a shared identifier is a person identifier of its own.
    """
    forest = _Forest()
    union = forest.union
    owned: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
    hot: list[tuple[Any, ...]] = []
    for i, vin, trk, plate, name, sens in rows:
        vehicle = [n for n in (("vin", vin), ("trk", trk), ("plate", plate)) if n[1] is not None]
        person: list[tuple[Any, ...]] = [("id", i)] if i is not None else []
        if name is not None:
            person += [("name+" + k, v, name) for k, v in vehicle]
        union(person)
        union(vehicle)  # type: ignore[arg-type]
        owned += [(v, person[0]) for v in vehicle if person]
        if sens:
            hot += person + vehicle
    return forest.counts(
        owned,
        hot,
        lambda k: k == "id" or k.startswith("name+"),
        lambda k: k in ("vin", "trk", "plate"),
    )


def _twin_unit(rows: list[tuple[int | None, ...]]) -> PeopleStats:
    s = PeopleStats()
    if not rows:
        return s
    keys: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for col, kind in enumerate(_TWIN_KINDS):
        vals = [r[col] for r in rows]
        ok = np.array([v is not None for v in vals])
        # VIN and track key hash alike: a track keyed by the VIN column
        salt = 0 if kind in ("vin", "track_key") else col
        keys[kind] = (np.array([(v or 0) * 7919 + 1 + salt for v in vals], np.uint64), ok)
    s.add(keys, np.array([bool(r[5]) for r in rows]))
    return s


@settings(max_examples=200, deadline=None)
@given(st.lists(_TWIN_ROW, max_size=40), st.lists(st.integers(0, 40), max_size=4), st.randoms())
def test_a_track_keyed_by_the_vin_column_counts_as_its_own_kind_would(
    rows: list[tuple[int | None, ...]], cuts: list[int], rnd: Any
) -> None:
    """A track key equal to the row's VIN is not made a node, and nothing changes by it.

    Rows where they differ or one is missing, rows with a name, units merged in any order
    and compacted or not: the counts equal those of the graph with the track key a kind of
    its own, and the kinds counted still name the track key.
    """
    merged = _merged_in_any_order(rows, cuts, rnd, _twin_unit)
    whole = _twin_unit(rows)
    assert merged.counts() == whole.counts() == _twin_reference(rows)
    threaded = merged._count(_POOL)
    assert (round(threaded.persons), round(threaded.sensitive)) == whole.counts()
    if any(r[2] is not None for r in rows):
        assert "track_key" in merged.details()["people.identity_kinds"]


def test_a_track_keyed_by_the_vin_column_adds_no_nodes() -> None:
    """The twin rows leave the graph as small as without the track key."""
    rows = [(None, v % 5, v % 5, None, None, True) for v in range(20)]
    with_twin = _twin_unit(rows)
    without = _twin_unit([(None, v, None, None, None, s) for _, v, _, _, _, s in rows])
    with_twin.compact()
    without.compact()
    assert with_twin.vehicles.size == without.vehicles.size
    assert with_twin.counts() == without.counts() == (5, 5)


def test_a_name_next_to_a_track_key_links_as_before_when_the_vin_is_missing() -> None:
    """A customer named next to a car (VIN = track key), then next to its track key alone."""
    rows: list[tuple[int | None, ...]] = [(1, 3, 3, None, 0, False), (2, None, 3, None, 0, True)]
    assert _twin_unit(rows).counts() == _twin_reference(rows) == (1, 1)


def test_a_track_key_alone_in_one_unit_links_to_its_vin_twin_in_another() -> None:
    """A unit without twin rows still notes its track keys: another unit's twin links them."""
    first: list[tuple[int | None, ...]] = [(None, 3, 3, None, None, True)]
    second: list[tuple[int | None, ...]] = [(7, None, 3, None, None, False)]
    for a, b in ((first, second), (second, first)):
        merged = _twin_unit(a).merge(_twin_unit(b))
        assert merged.counts() == _twin_reference(a + b) == _twin_unit(a + b).counts() == (1, 1)
