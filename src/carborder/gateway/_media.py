"""Vehicle files in the gateway: which inputs they are, rewriting them, counting their messages.

Tables stream through Arrow; vehicle files (MCAP, ROS 1 bags, CAN logs, images, video) are
rewritten in place by :func:`carborder.deid.media.dispatch.deidentify_vehicle_file` into the
same name and format. Everything after writing (re-scan, promise check, manifest, signing,
commit, counters, audit) is the same for both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from carborder.deid.media_ops import MEDIA_FORMATS
from carborder.deid.plan import TABULAR, CompiledMediaPlan
from carborder.errors import InputError, Msg

__all__ = [
    "SECOND_PASS_MAX",
    "SECOND_PASS_MAX_FRAMES",
    "SecondPass",
    "deidentify_into",
    "input_format",
    "media_rows",
    "second_pass",
    "second_pass_note",
]

#: Formats the export reads but cannot de-identify (point clouds, maps) or not yet (rosbag2).
_NOT_EXPORTED = {
    "pointcloud": "not-exported-pointcloud",
    "map": "not-exported-map",
    "rosbag2": "not-exported-rosbag2",
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
            Msg("err-cannot-export-format", format=fmt, why=Msg(_NOT_EXPORTED[fmt])),
            file=path,
            hint=Msg("hint-exported-formats"),
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
            Msg("err-can-vin-needs-dbc"),
            file=src,
            key="pseudonymise_can_vin",
            hint=Msg("hint-can-vin-dbc"),
        )
    for p in dbc:
        if not p.is_file():
            raise InputError(
                Msg("err-dbc-not-found", path=str(p)), file=p, key="pseudonymise_can_vin"
            )
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


#: The second pass: at most this many re-runs of a video's de-identification per export ...
SECOND_PASS_MAX = 2
#: ... each giving the ``batch`` search to at most this many frames of a video (about 0.2 CPU-s
#: a 1280×720 frame, so ≤ 2 CPU-min of it); more flagged frames are refused as before.
SECOND_PASS_MAX_FRAMES = 600
#: Frames either side of a flagged frame that get the batch search too (what the re-scan
#: found on one frame is often just below its threshold on the next).
SECOND_PASS_MARGIN = 2
#: What the second pass can hide: kinds the re-scan reports for camera frames.
_REGION_KINDS = frozenset({"face", "plate"})


@dataclasses.dataclass
class SecondPass:
    """A video whose de-identification is re-run, and the frames given the batch search."""

    src: Path
    out: Path
    plan: CompiledMediaPlan
    report: dict[str, Any]
    frames: set[int] = dataclasses.field(default_factory=set)
    passes: int = 0

    def record(self) -> dict[str, Any]:
        """What the manifest's media report records about it."""
        return {
            "passes": self.passes,
            "frames": len(self.frames),
            "search": "batch",
            "margin": SECOND_PASS_MARGIN,
        }


def second_pass_targets(
    leaks: list[tuple[str, str]], outputs: dict[str, tuple[Path, CompiledMediaPlan, dict[str, Any]]]
) -> dict[str, set[str]] | None:
    """Output name → kinds to look for, when every leak is a face or plate in a video output.

    ``leaks`` are ``(output name, kind)``; ``outputs`` maps each vehicle output's name to its
    input, compiled plan and report. None when some leak is not one the second pass can hide.
    """
    targets: dict[str, set[str]] = {}
    for name, kind in leaks:
        if kind not in _REGION_KINDS or name not in outputs or outputs[name][1].fmt != "video":
            return None
        targets.setdefault(name, set()).add(kind)
    return targets or None


def run_second_pass(job: SecondPass, kinds: frozenset[str], frame_count: int | None) -> bool:
    """Re-run ``job``'s video with the batch search on the frames the re-scan flags (± margin).

    The new video is written beside the old one and renamed over it only when complete, so a
    failure or a kill leaves the first pass's file (inside the hidden temp dir, which is never
    released without a clean re-scan). Returns False (nothing changed) when no frame is
    flagged or the frames would exceed :data:`SECOND_PASS_MAX_FRAMES`.
    """
    from carborder.deid.media.video import deidentify_video, frames_with_findings
    from carborder.gateway.files import fsync_file

    flagged = frames_with_findings(job.out, kinds)
    if not flagged:
        return False
    wanted = set(job.frames)
    for i in flagged:
        wanted.update(range(max(0, i - SECOND_PASS_MARGIN), i + SECOND_PASS_MARGIN + 1))
    if frame_count is not None and frame_count >= 0:
        wanted = {i for i in wanted if i < frame_count}
    if len(wanted) > SECOND_PASS_MAX_FRAMES or wanted == job.frames:
        return False
    part = job.out.with_name(job.out.name + ".second-pass" + job.out.suffix)
    try:
        deidentify_video(job.src, part, job.plan.media_plan(), batch_frames=frozenset(wanted))
        fsync_file(part)
        part.replace(job.out)
    finally:
        part.unlink(missing_ok=True)
    job.frames, job.passes = wanted, job.passes + 1
    job.report["second_pass"] = job.record()
    return True


def second_pass(
    tmp: Path,
    inputs: list[Path],
    media: dict[Path, CompiledMediaPlan],
    media_done: list[dict[str, Any]],
    written: list[dict[str, Any]],
    found: list[tuple[str, str]],
    rescan: Callable[[], list[tuple[str, str]]],
) -> list[dict[str, Any]]:
    """Re-run de-identification of videos the re-scan still finds faces or plates in.

    ``found`` are the re-scan's leaks as ``(output name, kind)``; ``rescan`` re-scans the temp
    dir and returns its leaks the same way. Unless every leak is a face or plate in a video
    output nothing is re-run (the run is refused as before). Each round re-runs every leaking
    video with the batch search on the flagged frames (± :data:`SECOND_PASS_MARGIN`) and
    re-scans; at most :data:`SECOND_PASS_MAX` rounds. ``written`` entries and ``media_done``
    reports of re-run files are updated in place (hash, size; ``second_pass`` with passes and
    frames). Returns the records of the re-run files (empty when nothing ran); whether the
    output is now clean is the caller's last re-scan.
    """
    from carborder.gateway.manifest import file_entry

    vehicle = [p for p in inputs if p in media]
    outputs = {
        str(done["path"]): (src, media[src], done)
        for src, done in zip(vehicle, media_done, strict=True)
    }
    jobs: dict[str, SecondPass] = {}
    for _round in range(SECOND_PASS_MAX):
        targets = second_pass_targets(found, outputs)
        if targets is None:
            break
        ran = False
        for name, kinds in sorted(targets.items()):
            src, plan, done = outputs[name]
            job = jobs.setdefault(name, SecondPass(src, tmp / name, plan, done))
            rows = next((w.get("rows") for w in written if w["path"] == name), None)
            if run_second_pass(job, frozenset(kinds), rows if isinstance(rows, int) else None):
                ran = True
                for i, w in enumerate(written):
                    if w["path"] == name:
                        written[i] = file_entry(tmp, job.out) | {
                            k: v for k, v in w.items() if k not in {"rows", "bytes", "sha256"}
                        }
        if not ran:
            break
        found = rescan()
    return [{"path": name, **job.record()} for name, job in sorted(jobs.items()) if job.passes]


def second_pass_note(record: dict[str, Any]) -> Msg:
    """One warning line for a released run: which video got the second pass, on how many frames."""
    return Msg(
        "warn-second-pass",
        path=str(record["path"]),
        frames=record["frames"],
        passes=record["passes"],
    )
