"""Compacting the people graph beside the batches: the same graph and counts as in place."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

from carborder.scan import people as people_mod
from carborder.scan.people import PeopleStats, prepare


def _batches(seed: int, n: int = 12, rows: int = 150_000) -> Iterator[dict[str, Any]]:
    """People with resident IDs and phones, driving cars (VIN, plate), some rows sensitive."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        who = rng.integers(0, 60_000, rows).astype(np.uint64)
        car = rng.integers(0, 40_000, rows).astype(np.uint64)
        ok_id = rng.random(rows) >= 0.3
        yield {
            "row_keys": {
                "id_number": ((who * np.uint64(2654435761)) | np.uint64(1 << 62), ok_id),
                "phone": ((who * np.uint64(40503)) | np.uint64(1 << 61), ~ok_id),
                "vin": ((car * np.uint64(97)) | np.uint64(1 << 60), rng.random(rows) >= 0.1),
                "plate": ((car * np.uint64(89)) | np.uint64(1 << 59), rng.random(rows) >= 0.5),
            },
            "sensitive": rng.random(rows) < 0.2,
        }


def _graph(s: PeopleStats) -> list[list[int]]:
    s.compact()
    out = []
    for g in (s.people, s.vehicles, s.owned):
        out.extend(np.asarray(x).tolist() for x in g.arrays())
    return out


def _fed(stats: PeopleStats, seed: int) -> PeopleStats:
    for b in _batches(seed):
        stats.take(prepare(b["row_keys"], b["sensitive"]), "f")
    return stats


@pytest.mark.parametrize("limit", [people_mod.EXACT_NODES, 1_500_000])
def test_compacting_beside_gives_the_graph_and_counts_of_compacting_in_place(limit: int) -> None:
    here = _fed(PeopleStats(limit=limit), 5)
    with ThreadPoolExecutor(1) as pool:
        beside = _fed(PeopleStats(limit=limit, beside=pool), 5)
        beside.settle()
    assert beside.threshold == here.threshold  # a sample starts at the same batch, or never
    assert (limit == people_mod.EXACT_NODES) == here.exact
    assert beside.counts() == here.counts() and beside.relative_error() == here.relative_error()
    assert beside.details() == here.details()
    assert _graph(beside) == _graph(here)


class _Held(Executor):
    """Runs a submitted job only when told to (the test decides when it finishes)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        f: Future[Any] = Future()
        self.jobs.append((f, fn, args))
        return f

    def run(self) -> None:
        f, fn, args = self.jobs.pop(0)
        try:
            f.set_result(fn(*args))
        except Exception as exc:
            f.set_exception(exc)


def test_batches_taken_during_a_compaction_wait_and_are_added_in_order() -> None:
    held = _Held()
    stats = PeopleStats(beside=held)
    batches = list(_batches(6))
    i = 0
    while not held.jobs:
        stats.take(prepare(batches[i]["row_keys"], batches[i]["sensitive"]), "f")
        i += 1
    sizes = [g.size for g in (stats.people, stats.vehicles, stats.owned)]
    stats.take(prepare(batches[i]["row_keys"], batches[i]["sensitive"]), "f")
    # the graph is not touched while it is compacted beside: the batch waits
    assert [g.size for g in (stats.people, stats.vehicles, stats.owned)] == sizes
    assert len(stats._waiting) == 1 and stats.rows_with_identity > 0
    held.run()
    for b in batches[i + 1 :]:
        stats.take(prepare(b["row_keys"], b["sensitive"]), "f")
        while held.jobs:
            held.run()
    reference = PeopleStats()
    for b in batches:
        reference.take(prepare(b["row_keys"], b["sensitive"]), "f")
    assert stats.counts() == reference.counts()
    assert _graph(stats) == _graph(reference)
    # a settled graph travels without its thread (a pool worker pickles it to its parent)
    assert pickle.loads(pickle.dumps(stats)).counts() == reference.counts()


def test_a_compaction_that_fails_beside_fails_the_next_batch_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: object, pool: object = None) -> None:
        raise MemoryError("no room to compact")

    held = _Held()
    stats = PeopleStats(beside=held)
    batches = _batches(7)
    while not held.jobs:
        b = next(batches)
        stats.take(prepare(b["row_keys"], b["sensitive"]), "f")
    monkeypatch.setattr(people_mod._Graph, "compact", broken)
    held.run()
    b = next(batches)
    with pytest.raises(MemoryError, match="no room"):
        stats.take(prepare(b["row_keys"], b["sensitive"]), "f")
