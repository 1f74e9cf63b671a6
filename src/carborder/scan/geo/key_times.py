"""Trajectories that span batches: a track key seen at two different times, batches apart.

The geometry detector finds a trajectory within a batch (two points of one key at different
times). A file whose batches each hold a key at most once -- a fleet's snapshots in time
order, or a small batch size -- has trajectories no single batch shows, so whether the fact
was found depended on how the file was cut. :class:`KeyTimes` keeps, for batches without a
trajectory, each key with the one time it was seen at, merges across batches, files and
processes (so it pickles), and reports a key seen at a second time: the trajectory the
batches hid. Once a trajectory is known it is no longer needed and is dropped, so a file
with trajectories in its batches (the usual telemetry table) keeps nothing.

Beyond :data:`KEYS_KEPT` keys the set is given up (memory stays bounded) and says so: the
fact then rests on the batches' own trajectories, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from carborder.scan.sketch import order_u64

__all__ = ["KEYS_KEPT", "KeyTimes"]

U64 = npt.NDArray[np.uint64]
F64 = npt.NDArray[np.float64]

#: Keys held at most (16 bytes each: 64 MiB at the limit).
KEYS_KEPT = 1 << 22


@dataclass
class KeyTimes:
    """Track keys seen at one time only so far, with that time; mergeable.

    >>> a, b = KeyTimes(), KeyTimes()
    >>> a.add(np.array([1, 2], np.uint64), np.array([10.0, 10.0]))
    >>> b.add(np.array([2], np.uint64), np.array([20.0]))
    >>> a.merge(b).crossed()
    True
    """

    keys: U64 = field(default_factory=lambda: np.zeros(0, np.uint64))
    times: F64 = field(default_factory=lambda: np.zeros(0, np.float64))
    pending: list[tuple[U64, F64]] = field(default_factory=list)
    #: a key was seen at two different times (sticky)
    seen_twice: bool = False
    #: more keys than :data:`KEYS_KEPT` arrived: nothing is held any more (sticky)
    given_up: bool = False

    def add(self, keys: U64, times: F64) -> None:
        """Keys of points with finite times (one batch's, in which no key moved in time)."""
        if self.given_up or self.seen_twice or not len(keys):
            return
        self.pending.append((keys, times))
        self._compact_when_due()

    def merge(self, other: KeyTimes) -> KeyTimes:
        """Both sides' keys; a key at different times on the two sides is a trajectory."""
        out = KeyTimes(
            self.keys,
            self.times,
            [*self.pending, (other.keys, other.times), *other.pending],
            self.seen_twice or other.seen_twice,
            self.given_up or other.given_up,
        )
        if out.seen_twice or out.given_up:
            return out.dropped()
        out._compact_when_due()
        return out

    def dropped(self) -> KeyTimes:
        """Only the flags: the keys are no longer needed (or no longer complete)."""
        return KeyTimes(seen_twice=self.seen_twice, given_up=self.given_up)

    def crossed(self) -> bool:
        """Whether some key was seen at two different times."""
        self._compact()
        return self.seen_twice

    def _compact_when_due(self) -> None:
        # what waits is folded in once it outgrows what is held: linear work in all
        if sum(len(k) for k, _ in self.pending) > max(len(self.keys), 1 << 20):
            self._compact()

    def _compact(self) -> None:
        if not self.pending or self.seen_twice or self.given_up:
            self.pending = []
            return
        keys = np.concatenate([self.keys, *(k for k, _ in self.pending)])
        times = np.concatenate([self.times, *(t for _, t in self.pending)])
        self.pending = []
        order = order_u64(keys)
        keys, times = keys[order], times[order]
        same = keys[1:] == keys[:-1]
        if bool(np.any(same & (times[1:] != times[:-1]))):
            self.seen_twice = True
            self.keys, self.times = self.keys[:0], self.times[:0]
            return
        first = np.ones(len(keys), dtype=bool)
        first[1:] = ~same
        self.keys, self.times = keys[first], times[first]
        if len(self.keys) > KEYS_KEPT:
            self.given_up = True
            self.keys, self.times = self.keys[:0], self.times[:0]
