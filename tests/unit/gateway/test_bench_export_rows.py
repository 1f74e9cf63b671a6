"""The export benchmark's README rows: cold is a fresh process's first export; scan reuse is labelled."""

from __future__ import annotations

from typing import Any

from tests.scripts import load_script


def _doc(cold: float, reuse: float) -> dict[str, Any]:
    export = {
        "rows": 2_000_000,
        "rounds": 3,
        "export_cold_s": 10.0,
        "raw_fresh_read_write_s": 10.0 * cold,
        "cold_vs_raw_median": cold,
        "cold_cpu_vs_raw_cpu_median": round(cold * 1.1, 3),
        "export_full_s": 4.0,
        "raw_read_write_s": 1.0,
        "in_process_vs_raw_median": 0.25,
        "in_process_cpu_vs_raw_cpu_median": 0.26,
        "scan_reuse_vs_raw": reuse,
    }
    audit = {
        "events": 1_000_000,
        "verify_events_per_s": 12_000,
        "ratio_verify_vs_read_and_hash": 1.3,
    }
    return {"export": export, "audit": audit, "machine": {"load_avg_at_start": [2.0, 2.0, 2.0]}}


def test_cold_row_is_the_fresh_process_figure_and_scan_reuse_is_never_cold() -> None:
    bench = load_script("bench/export.py")
    cold_row, warm_row, audit_row = bench.readme_rows(_doc(cold=0.21, reuse=0.45))
    assert "fresh process" in cold_row and "0.21×" in cold_row
    assert "0.45" not in cold_row  # the stored scan's re-run is no cold figure
    assert "scan reuse" in warm_row and "0.45×" in warm_row
    assert cold_row.endswith("| ≥ 0.33× cold | no |")
    assert bench.readme_rows(_doc(cold=0.34, reuse=0.5))[0].endswith("| yes |")
    assert audit_row.startswith("| audit verify, 1 M events |")
