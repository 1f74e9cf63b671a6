"""Replace identifier spans inside text columns (what kind-based operators do to free text).

Spans come from the scan's adapter (:mod:`carborder.scan.detectors.spans`): valid identifiers
only, the same ones the re-scan proof counts. Overlapping spans (an e-mail address made of a
mobile number) are resolved to the outermost, so one replacement covers both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["Replacer", "replace_spans"]

#: ``(kind, normalised identifier) → replacement text``.
Replacer = Callable[[str, str], str]


def replace_spans(
    arr: pa.Array, kinds: Iterable[str], replace: Replacer
) -> tuple[pa.Array, Counter[str]]:
    """Replace every valid identifier of ``kinds`` inside each value of a text array.

    >>> out, n = replace_spans(pa.array(["call 13812345678", None, "ok"]), ["phone"],
    ...                        lambda kind, value: f"<{kind}>")
    >>> out.to_pylist(), dict(n)
    (['call <phone>', None, 'ok'], {'phone': 1})

    Returns:
        (the array with spans replaced, as ``string``; spans replaced per kind).
    """
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    kinds = list(kinds)
    counts: Counter[str] = Counter()
    rows = np.arange(len(arr))
    current = arr
    # A replacement can end a digit run and so give the identifier before it the boundary it
    # lacked ("…752X1951…" → "…752Xps_…"): search the rewritten values again until none is left.
    while len(rows):
        new_values, changed = _replace_once(arr.take(pa.array(rows)), kinds, replace, counts)
        if not len(changed):
            break
        rows = rows[changed]
        mask = np.zeros(len(current), dtype=bool)
        mask[rows] = True
        current = pc.replace_with_mask(current, pa.array(mask), new_values.take(pa.array(changed)))
        arr = current
    return current, counts


def _replace_once(
    arr: pa.Array, kinds: list[str], replace: Replacer, counts: Counter[str]
) -> tuple[pa.Array, npt.NDArray[np.int64]]:
    """One pass: (values with spans replaced, positions of the values that changed)."""
    from carborder.scan.detectors.spans import identifier_spans

    table = identifier_spans(arr, kinds)
    if table.num_rows == 0:
        return arr, np.zeros(0, dtype=np.int64)
    rows = table.column("row").to_numpy()
    starts = table.column("start").to_pylist()
    ends = table.column("end").to_pylist()
    span_kinds = table.column("kind").to_pylist()
    values = table.column("value").to_pylist()
    affected, first = np.unique(rows, return_index=True)
    bounds = [*first.tolist(), len(rows)]
    texts = arr.take(pa.array(affected)).to_pylist()
    new: list[str] = []
    for n, text in enumerate(texts):
        pieces: list[str] = []
        pos = 0
        # spans come by start, longest first: a span starting inside a kept one is nested
        for i in range(bounds[n], bounds[n + 1]):
            if starts[i] < pos:
                continue
            pieces.append(text[pos : starts[i]])
            pieces.append(replace(span_kinds[i], values[i]))
            pos = ends[i]
            counts[span_kinds[i]] += 1
        pieces.append(text[pos:])
        new.append("".join(pieces))
    mask = np.zeros(len(arr), dtype=bool)
    mask[affected] = True
    out = pc.replace_with_mask(arr, pa.array(mask), pa.array(new, type=pa.string()))
    return out, affected.astype(np.int64)
