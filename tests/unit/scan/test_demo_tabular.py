"""The tabular demo data is small and the scanner finds what it was built with."""

from __future__ import annotations

from pathlib import Path

from carborder.demo.tabular import write_demo_tabular
from carborder.scan import example_areas_path, scan


def test_demo_files_and_their_facts(tmp_path: Path) -> None:
    paths = write_demo_tabular(tmp_path)
    assert set(paths) == {"tsp_trips", "crm_export", "hr_roster"}
    assert sum(p.stat().st_size for ps in paths.values() for p in ps) < 5 * (1 << 20)
    trips = scan(paths["tsp_trips"], sensitive_areas=example_areas_path()).facts
    assert trips["geo.in_sensitive_area"] is True
    assert int(trips["vehicle.count"]) >= 2000  # type: ignore[arg-type]
    assert float(trips["geo.precision_m"]) < 10  # type: ignore[arg-type]
    crm = scan(paths["crm_export"]).facts
    # the demo CRM carries payment-card numbers (sensitive on both sides of 2025-11-01)
    assert crm["pi.kinds"] == ["bank_card", "id_number", "name", "phone", "vin"]
    hr = scan(paths["hr_roster"]).facts
    assert {"email", "id_number", "phone", "name"} <= set(hr["pi.kinds"])  # type: ignore[arg-type]


def test_demo_is_deterministic(tmp_path: Path) -> None:
    a = write_demo_tabular(tmp_path / "a", rows=500)
    b = write_demo_tabular(tmp_path / "b", rows=500)
    assert a["crm_export"][0].read_bytes() == b["crm_export"][0].read_bytes()
