"""``scan()``: the Python entry point for scanning files into facts with provenance."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from carborder.errors import Msg, ScanInputError
from carborder.scan.engine import ScanOptions, ScanState
from carborder.scan.geo.areas import SensitiveAreas
from carborder.scan.people import DEFAULT_IDENTITY_ORDER
from carborder.scan.readers import registry as readers
from carborder.scan.result import ScanResult
from carborder.scan.runners import base as runners
from carborder.scan.runners.base import ProgressFn

__all__ = ["scan", "scan_options"]


#: Between the files a strict scan cannot read, per language.
_LIST_SEPARATORS = (("en", "; "), ("zh", "；"))


def scan_options(
    *,
    sensitive_areas: SensitiveAreas | str | Path | None = None,
    dbc: Sequence[str | Path] | None = None,
    sample: int | None = None,
    detectors: tuple[str, ...] | None = None,
    identity_order: tuple[str, ...] = DEFAULT_IDENTITY_ORDER,
) -> ScanOptions:
    """The options :func:`scan` gives every unit (sensitive areas loaded, DBCs checked once)."""
    areas = sensitive_areas
    if isinstance(areas, str | Path):
        areas = SensitiveAreas.from_file(areas)
    dbc_paths = tuple(str(Path(p).resolve()) for p in dbc or ())
    if dbc_paths:
        # fail fast on a bad DBC (not once per CAN file); this process keeps the parse
        from carborder.scan.readers.can import load_dbc_cached

        load_dbc_cached(dbc_paths)
    return ScanOptions(
        sample=sample,
        detectors=detectors,
        identity_order=identity_order,
        detector_options={"sensitive_areas": areas} if areas is not None else {},
        dbc=dbc_paths,
    )


def scan(
    paths: str | Path | Iterable[str | Path],
    *,
    asset: str | None = None,
    sample: int | None = None,
    runner: Literal["local", "pool", "ray"] = "local",
    ray_address: str | None = None,
    sensitive_areas: SensitiveAreas | str | Path | None = None,
    progress: ProgressFn | None = None,
    workers: int | None = None,
    detectors: Iterable[str] | None = None,
    identity_order: tuple[str, ...] = DEFAULT_IDENTITY_ORDER,
    strategies: Mapping[str, str] | None = None,
    dbc: Sequence[str | Path] | None = None,
    strict: bool = False,
    scanned: Sequence[ScanState] = (),
) -> ScanResult:
    """Scan files, directories, globs or hive-partitioned datasets and return detected facts.

    Args:
        paths: One path or several; directories are walked, globs expanded.
        asset: Asset id the result describes.
        sample: Read at most this many rows per file (``None``: everything).
        runner: ``local`` (this process), ``pool`` (all cores) or ``ray``.
        ray_address: Ray cluster address for ``runner="ray"`` (default: local Ray).
        sensitive_areas: GeoJSON polygons (path or loaded) to test positions against.
        progress: Called with cumulative :class:`~carborder.scan.runners.ProgressEvent`.
        workers: Processes for the pool runner (default: all cores).
        detectors: Detector names to run (default: all tabular detectors).
        identity_order: Identifier kinds from strongest to weakest for counting people.
        strategies: Fact merge strategies (default: the bundled vocabulary's).
        dbc: DBC files that decode CAN logs (signals, multiplexed VINs, GNSS); without
            them CAN logs only count frames per ID.
        strict: Refuse to scan when any file would be skipped (unsupported format, empty or
            unreadable) instead of listing it in the result.
        scanned: States of units already scanned from batches in memory (with
            :func:`~carborder.scan.engine.scan_unit` and :func:`scan_options`), merged in
            as if their files were among ``paths`` (people are linked across all of them).

    Returns:
        The merged :class:`ScanResult`; unreadable files are listed in ``errors``.

    Raises:
        ScanInputError: a path does not exist, an option is invalid, a DBC file is missing
            or not a valid DBC, or (``strict``) a file would be skipped.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if sample is not None and sample <= 0:
        raise ScanInputError(Msg("err-sample-positive"), key="sample")
    files = readers.expand(paths)
    options = scan_options(
        sensitive_areas=sensitive_areas,
        dbc=dbc,
        sample=sample,
        detectors=tuple(detectors) if detectors is not None else None,
        identity_order=identity_order,
    )
    try:
        run = runners.get(runner)
    except KeyError as exc:
        known = ", ".join(sorted(runners.RUNNERS))
        raise ScanInputError(
            Msg("err-unknown-runner", name=runner, known=known), key="runner"
        ) from exc
    parts = (workers or os.cpu_count() or 1) if runner != "local" else 1
    # one process reads each file as one unit (one read-ahead, one deduplication of its
    # people); other runners cut large files so every worker stays busy
    split = sample is None and runner != "local"
    units, planned = runners.plan_units(files, parts=parts, split=split)
    skipped = [f for f in planned.files.values() if f.status == "skipped"]
    if strict and skipped:
        said = [
            Msg("strict-skipped-file", path=f.path, reason=f.reason_i18n or f.reason)
            for f in skipped[:5]
        ]
        listed = {lang: sep.join(m.format(lang) for m in said) for lang, sep in _LIST_SEPARATORS}
        more = Msg("strict-skipped-more", n=len(skipped) - 5) if len(skipped) > 5 else ""
        raise ScanInputError(
            Msg("err-strict-skipped", n=len(skipped), listed=listed, more=more),
            key="strict",
            hint=Msg("hint-strict-skipped"),
        )
    t0 = time.perf_counter()
    kwargs = (
        {"workers": workers}
        if runner == "pool"
        else {"ray_address": ray_address}
        if runner == "ray"
        else {}
    )
    state = planned.merge(run(units, options, progress, **kwargs))
    for done in scanned:
        state = state.merge(done)
    result = state.result(asset=asset, sampled=sample is not None, strategies=strategies)
    result.details["seconds"] = round(time.perf_counter() - t0, 3)
    result.details["runner"] = runner
    return result
