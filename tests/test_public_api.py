"""The public surface is exactly what ``carborder.__all__`` lists, once each."""

from __future__ import annotations

import carborder


def test_all_is_sorted_and_complete() -> None:
    public = sorted(
        (n for n in vars(carborder) if not n.startswith("_") or n == "__version__"),
        key=str.casefold,
    )
    # Submodules are attributes too once imported; the API is the names, not the packages.
    import types

    names = [n for n in public if not isinstance(getattr(carborder, n), types.ModuleType)]
    names = [n for n in names if n not in ("annotations", "logging")]
    assert len(set(carborder.__all__)) == len(carborder.__all__)
    assert set(carborder.__all__) == set(names)
