"""The detector registry loads a built-in module only for the modalities it reads.

What a fresh process has imported is the behaviour under test, so the cases that depend on
it run in a subprocess; the detectors created must be those of the whole registry.
"""

from __future__ import annotations

import json
import subprocess
import sys

from carborder.scan.detectors import registry


def test_the_builtin_modality_index_is_what_the_modules_register() -> None:
    registry.names()  # every built-in registered
    for module, modalities in registry.BUILTIN_MODALITIES.items():
        read = {
            m for c in registry.DETECTORS.values() if c.__module__ == module for m in c.modalities
        }
        assert read == modalities, module
    listed = set(registry.BUILTIN_MODALITIES)
    builtin = {
        c.__module__ for c in registry.DETECTORS.values() if c.__module__.startswith("carborder.")
    }
    assert builtin <= listed


_FRESH = """
import json, sys
from carborder.scan.detectors import registry
modality = sys.argv[1]
made = [type(d).__name__ + ":" + d.name for d in registry.create(modality=modality)]
vehicle = sorted(m for m in sys.modules if m.startswith("carborder.scan.vehicle"))
registry.names()  # now every built-in: the same detectors must come out
again = [type(d).__name__ + ":" + d.name for d in registry.create(modality=modality)]
print(json.dumps({"made": made, "again": again, "vehicle": vehicle}))
"""


def _fresh(modality: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, modality], capture_output=True, text=True, check=True
    )
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_tabular_detectors_are_created_without_the_vehicle_engine() -> None:
    out = _fresh("tabular")
    assert out["vehicle"] == []
    assert out["made"] == out["again"]
    assert any(name.endswith(":cn.mobile") for name in out["made"]), out["made"]


def test_vehicle_data_loads_the_vehicle_facts_detector() -> None:
    out = _fresh("vehicle")
    assert out["made"] == out["again"] == ["VehicleFactsDetector:vehicle.facts"]
    assert "carborder.scan.vehicle.engine" in out["vehicle"]


def test_a_modality_no_builtin_reads_loads_them_all() -> None:
    # a plugin's modality: its detectors may sit beside any built-in, so all are registered
    out = _fresh("lidar")
    assert out["made"] == out["again"] == []
    assert "carborder.scan.vehicle.engine" in out["vehicle"]


def test_a_detector_named_before_any_scan_is_found() -> None:
    code = (
        "from carborder.scan.detectors import registry\n"
        "assert registry.get('vehicle.facts').name == 'vehicle.facts'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
