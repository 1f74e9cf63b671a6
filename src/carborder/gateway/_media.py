"""Vehicle files in the gateway: which inputs they are, rewriting them, counting their messages.

Tables stream through Arrow; vehicle files (MCAP, ROS 1 bags, CAN logs, images, video) are
rewritten in place by :func:`carborder.deid.media.dispatch.deidentify_vehicle_file` into the
same name and format. Everything after writing (re-scan, promise check, manifest, signing,
commit, counters, audit) is the same for both.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from carborder.deid.media_ops import MEDIA_FORMATS
from carborder.deid.plan import TABULAR, CompiledMediaPlan
from carborder.errors import InputError

__all__ = ["deidentify_into", "input_format", "media_rows"]

#: Formats the export reads but cannot de-identify (point clouds, maps) or not yet (rosbag2).
_NOT_EXPORTED = {
    "pointcloud": "point clouds have no de-identification operator",
    "map": "map files have no de-identification operator",
    "rosbag2": "rosbag2 storage is not exported yet",
}


def input_format(path: Path) -> str:
    """Return ``tabular`` or the vehicle format of an export input.

    >>> input_format(Path("trips.parquet")), input_format(Path("drive.mcap"))
    ('tabular', 'mcap')

    Raises:
        InputError: a vehicle format the export cannot de-identify.
    """
    if path.suffix.lower() == ".parquet":
        return TABULAR
    from carborder.scan.vehicle import detect_format

    fmt = detect_format(path)
    if fmt in _NOT_EXPORTED:
        raise InputError(
            f"cannot export {fmt} input: {_NOT_EXPORTED[fmt]}",
            file=path,
            hint="export MCAP, ROS 1 bags, CAN logs, images, video or tables",
        )
    return fmt if fmt in MEDIA_FORMATS else TABULAR


def _workspace_dbc(workspace: Path) -> list[Path]:
    """The workspace's DBCs: a plan without its own decodes CAN as the scans did."""
    from carborder.workspace.config import CONFIG_NAME, Workspace

    if not (workspace / CONFIG_NAME).is_file():
        return []
    return Workspace.open(workspace).dbc_paths()


def deidentify_into(
    src: Path, dst: Path, plan: CompiledMediaPlan, *, workspace: Path
) -> dict[str, Any]:
    """Rewrite ``src`` into ``dst`` with the compiled media plan; return what it did.

    DBC paths in the plan are relative to the workspace; without any, the workspace's
    configured DBCs apply.

    Raises:
        InputError: the file cannot be rewritten (unknown encoding, corrupt file...).
    """
    from carborder.deid.media.dispatch import deidentify_vehicle_file

    dbc = [p if p.is_absolute() else workspace / p for p in map(Path, plan.dbc)]
    if not dbc:
        dbc = _workspace_dbc(workspace)
    if not dbc and any(op.name == "pseudonymise_can_vin" for op in plan.operators):
        # Without a DBC no VIN signal can be found, so nothing would be replaced and the re-scan
        # (decoding nothing either) could not tell: refuse instead of releasing VINs.
        raise InputError(
            "pseudonymise_can_vin needs a DBC naming the VIN signals",
            file=src,
            key="pseudonymise_can_vin",
            hint="give `dbc: [file.dbc]` in the plan step or in carborder.yaml",
        )
    for p in dbc:
        if not p.is_file():
            raise InputError(f"DBC file not found: {p}", file=p, key="pseudonymise_can_vin")
    report = deidentify_vehicle_file(src, dst, plan.media_plan(), dbc=dbc or None)
    if dataclasses.is_dataclass(report) and not isinstance(report, type):
        return dataclasses.asdict(report)
    if plan.fmt == "video":
        return {"frames": int(report)}
    return {"boxes": int(report)} if isinstance(report, int) else {}


def media_rows(path: Path) -> int | None:
    """Messages (MCAP, bags), frames (CAN, video) or 1 (an image) in a vehicle file.

    None for files that are not vehicle files; -1 for an unreadable one.
    """
    from carborder.scan.vehicle import detect_format

    fmt = detect_format(path)
    if fmt not in MEDIA_FORMATS:
        return None
    try:
        return _count(path, fmt)
    except Exception:
        return -1


def _count(path: Path, fmt: str) -> int:
    if fmt == "mcap":
        from mcap.reader import make_reader

        with path.open("rb") as f:
            reader = make_reader(f)
            summary = reader.get_summary()
            if summary is not None and summary.statistics is not None:
                return int(summary.statistics.message_count)
            return sum(1 for _ in reader.iter_messages())
    if fmt == "rosbag1":
        from rosbags.rosbag1 import Reader

        with Reader(path) as r:
            return int(r.message_count)
    if fmt == "can":
        from carborder.scan.readers.can import iter_can

        return sum(1 for _ in iter_can(path))
    if fmt == "video":
        import av

        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            return sum(1 for pkt in container.demux(stream) if pkt.size)
    return 1  # an image
