"""All of the demo's synthetic data files, by asset id."""

from __future__ import annotations

from pathlib import Path

from carborder.demo.tabular import write_demo_tabular
from carborder.demo.vehicle import write_demo_vehicle

__all__ = ["write_demo_data"]


def write_demo_data(out_dir: Path, *, seed: int = 7) -> dict[str, list[Path]]:
    """Write tables, an MCAP drive log and a CAN log under ``out_dir``."""
    files = write_demo_tabular(out_dir, seed=seed)
    files.update(write_demo_vehicle(out_dir, seed=seed))
    return files
