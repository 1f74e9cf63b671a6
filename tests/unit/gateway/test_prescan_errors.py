"""An input the first scan could not read is refused before anything is decided or written.

The decision rests on the first scan's facts: a file that scan could not read contributes none,
so deciding on them could choose a lighter pathway than the data needs, and the re-scan only
checks the plan's promises, not the pathway. Such a scan is also never stored for reuse.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.zh_check import english_words

from carborder.errors import InputError
from carborder.gateway import ScanOutcome, engine_scanner, export
from carborder.scan.detectors.identifiers import MobileDetector
from carborder.scan.result import in_every_language
from carborder.store import Store
from carborder.workspace.config import Workspace


def _first_scan_fails(calls: list[int]) -> object:
    def scanner(paths: list[Path], **kw: object) -> ScanOutcome:
        calls.append(len(paths))
        if len(calls) == 1:  # the input scan: the file errored, so it claims nothing
            reason = {"en": "the detector failed", "zh": "检测器失败"}
            return ScanOutcome({}, [], {}, 0, errors=[(str(paths[0]), reason)])
        return engine_scanner(paths, **kw)  # type: ignore[arg-type]

    return scanner


@pytest.mark.parametrize("flow", ["ok_flow", "anon_flow", "leaky_flow"])
def test_input_the_scan_could_not_read_is_refused(ws: Path, flow: str) -> None:
    calls: list[int] = []
    inp = ws / "data" / "trips.parquet"
    with pytest.raises(InputError) as err:
        export(
            flow, workspace=ws, inputs=[inp], output=ws / "out", scanner=_first_scan_fails(calls)
        )
    assert "trips.parquet" in str(err.value) and "the detector failed" in str(err.value)
    assert calls == [1]  # refused before any output was written or re-scanned
    assert not (ws / "out").exists()
    assert not [p for p in ws.iterdir() if "carborder-tmp" in p.name]
    w = Workspace.open(ws)
    store = Store.for_workspace(w.root, url=w.store_url())
    try:
        assert store.counters("acme", 2026) == {}
        assert not [e for e in store.iter_events() if e.name == "export.released"]
        # a scan that could not read its input is not kept: the next export scans again
        assert not [e for e in store.iter_events() if e.name == "scan.recorded"]
    finally:
        store.close()


def test_refusal_is_said_in_chinese(ws: Path) -> None:
    inp = ws / "data" / "trips.parquet"
    with pytest.raises(InputError) as err:
        export(
            "ok_flow", workspace=ws, inputs=[inp], output=ws / "out", scanner=_first_scan_fails([])
        )
    zh = in_every_language(err.value)["zh"]
    assert "trips.parquet" in zh and "检测器失败" in zh
    assert english_words(zh) == [], zh


def test_a_detector_that_breaks_refuses_the_export(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a stale native build did: a detector raised, the engine reported the file as
    # unreadable with no facts, and the export went on deciding as if it held no phones.
    def broken(self: object, *a: object, **k: object) -> object:
        raise AttributeError("module has no attribute 'hash64'")

    monkeypatch.setattr(MobileDetector, "detect", broken)
    inp = ws / "data" / "trips.parquet"
    with pytest.raises(InputError) as err:
        export("leaky_flow", workspace=ws, inputs=[inp], output=ws / "out")
    assert "trips.parquet" in str(err.value)
    assert not (ws / "out").exists()
