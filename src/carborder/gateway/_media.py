"""Vehicle files in the gateway: which inputs they are, rewriting them, counting their messages.

Tables stream through Arrow; vehicle files (MCAP, ROS 1 bags, rosbag2 folders, CAN logs,
images, video) are rewritten by :func:`carborder.deid.media.dispatch.deidentify_vehicle_file`
into the same name and format (a rosbag2 folder into a folder of the same name:
:mod:`~carborder.gateway.bag_folders`). Everything after writing (re-scan, promise check,
manifest, signing, commit, counters, audit) is the same for both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carborder.deid.media_ops import MEDIA_FORMATS
from carborder.deid.plan import TABULAR, CompiledMediaPlan
from carborder.errors import InputError, Msg

if TYPE_CHECKING:
    from carborder.gateway.proof import Leak

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

#: Formats the export reads but cannot de-identify (point clouds, maps).
_NOT_EXPORTED = {
    "pointcloud": "not-exported-pointcloud",
    "map": "not-exported-map",
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
    why = _NOT_EXPORTED.get(fmt or "")
    if fmt == "rosbag2" and not path.is_dir():
        # a storage file without the folder's metadata.yaml: no reader can open it alone
        why = "not-exported-rosbag2-file"
    if why is not None:
        raise InputError(
            Msg("err-cannot-export-format", format=fmt, why=Msg(why)),
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
    """Messages (MCAP, bags, a rosbag2 storage file), frames (CAN, video) or 1 (an image).

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
    if fmt == "rosbag2":
        from carborder.gateway.bag_folders import db3_messages

        return db3_messages(path)  # one SQLite storage file of a folder (manifest entries)
    if fmt == "can":
        from carborder.scan.readers.can import iter_can

        return sum(1 for _ in iter_can(path))
    if fmt == "video":
        import av

        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            return sum(1 for pkt in container.demux(stream) if pkt.size)
    return 1  # an image


#: The second pass: at most this many re-runs of a camera file's de-identification per export ...
SECOND_PASS_MAX = 2
#: ... each giving the ``batch`` search to at most this many frames of a file (about 0.8 CPU-s
#: a 1280×720 frame with its 2× face tiles, so ≤ 8 CPU-min of it); more flagged frames are
#: refused as before.
SECOND_PASS_MAX_FRAMES = 600
#: Frames either side of a flagged frame that get the batch search too (what the re-scan
#: found on one frame is often just below its threshold on the next).
SECOND_PASS_MARGIN = 2
#: What the second pass can hide: kinds the re-scan reports for camera frames.
_REGION_KINDS = frozenset({"face", "plate"})
#: Formats whose camera frames the second pass can re-run: video, and the camera topics of
#: MCAP files, ROS 1 bags and rosbag2 folders.
_SECOND_PASS_FORMATS = frozenset({"video", "mcap", "rosbag1", "rosbag2"})
#: The channel key of a video's frames (bags key theirs by camera topic).
_VIDEO = ""


@dataclasses.dataclass
class SecondPass:
    """A camera file whose de-identification is re-run, and the frames given the batch search.

    ``frames`` maps a channel (a bag's camera topic; ``""`` for a video) to its frame numbers.
    """

    src: Path
    out: Path
    plan: CompiledMediaPlan
    #: the manifest's media entry of the output (``report``, ``second_pass``...)
    report: dict[str, Any]
    frames: dict[str, set[int]] = dataclasses.field(default_factory=dict)
    passes: int = 0
    #: where the flagged frames came from: the re-scan's evidence, or looking again
    frames_from: str = "re-scan evidence"

    def record(self) -> dict[str, Any]:
        """What the manifest's media report records about it."""
        doc: dict[str, Any] = {
            "passes": self.passes,
            "frames": sum(len(v) for v in self.frames.values()),
            "search": "batch",
            "margin": SECOND_PASS_MARGIN,
            "frames_from": self.frames_from,
        }
        topics = {t: len(v) for t, v in sorted(self.frames.items()) if t != _VIDEO}
        if topics:
            doc["topics"] = topics
        return doc


def second_pass_targets(
    leaks: list[Leak], outputs: dict[str, tuple[Path, CompiledMediaPlan, dict[str, Any]]]
) -> dict[str, list[Leak]] | None:
    """Output name → its leaks, when every leak is a face or plate the second pass can hide.

    That is: in a video output, or in a camera topic of an MCAP file, ROS 1 bag or rosbag2
    folder output whose re-scan kept the frame numbers. ``outputs`` maps each vehicle
    output's name to its input, compiled plan and report. None when some leak is not one the second pass can hide.
    """
    targets: dict[str, list[Leak]] = {}
    for leak in leaks:
        if leak.kind not in _REGION_KINDS or leak.file not in outputs:
            return None
        fmt = outputs[leak.file][1].fmt
        if fmt not in _SECOND_PASS_FORMATS or (fmt != "video" and leak.frames is None):
            return None
        targets.setdefault(leak.file, []).append(leak)
    return targets or None


def _widened(frames: set[int] | tuple[int, ...] | list[int]) -> set[int]:
    """Frame numbers with :data:`SECOND_PASS_MARGIN` frames either side.

    >>> sorted(_widened([0, 10]))
    [0, 1, 2, 8, 9, 10, 11, 12]
    """
    out: set[int] = set()
    for i in frames:
        out.update(range(max(0, i - SECOND_PASS_MARGIN), i + SECOND_PASS_MARGIN + 1))
    return out


def _flagged(job: SecondPass, leaks: list[Leak]) -> dict[str, set[int]]:
    """Channel → frame numbers the re-scan flagged in ``job``'s output.

    Videos whose re-scan kept no frame numbers are looked at again frame by frame.
    """
    if job.plan.fmt == "video":
        if all(leak.frames is not None for leak in leaks):
            return {_VIDEO: {i for leak in leaks for i in leak.frames or ()}}
        from carborder.deid.media.video import frames_with_findings

        job.frames_from = "re-detection"
        kinds = frozenset(leak.kind for leak in leaks)
        return {_VIDEO: set(frames_with_findings(job.out, kinds))}
    flagged: dict[str, set[int]] = {}
    for leak in leaks:
        flagged.setdefault(leak.column, set()).update(leak.frames or ())
    return flagged


def run_second_pass(job: SecondPass, leaks: list[Leak], frame_count: int | None) -> bool:
    """Re-run ``job``'s file with the batch search on the frames the re-scan flags (± margin).

    The new file (or rosbag2 folder) is written beside the old one and put in its place only
    when complete, so a failure or a kill leaves the first pass's output (inside the hidden
    temp dir, which is never released without a clean re-scan). Returns False (nothing
    changed) when no frame is flagged or the frames would exceed :data:`SECOND_PASS_MAX_FRAMES`.
    """
    from carborder.gateway.bag_folders import (
        discard_part,
        fsync_output,
        part_beside,
        replace_output,
    )

    flagged = _flagged(job, leaks)
    if not any(flagged.values()):
        return False
    wanted = {ch: set(v) for ch, v in job.frames.items()}
    for ch, numbers in flagged.items():
        wanted.setdefault(ch, set()).update(_widened(numbers))
    if job.plan.fmt == "video" and frame_count is not None and frame_count >= 0:
        wanted = {ch: {i for i in v if i < frame_count} for ch, v in wanted.items()}
    if sum(len(v) for v in wanted.values()) > SECOND_PASS_MAX_FRAMES or wanted == job.frames:
        return False
    part = part_beside(job.out, ".second-pass")
    try:
        report = _rerun(job, part, wanted)
        fsync_output(part)
        replace_output(part, job.out)
    finally:
        discard_part(part, job.out)
    job.frames, job.passes = wanted, job.passes + 1
    if isinstance(job.report.get("report"), dict):
        job.report["report"].update(report)  # what the released file's rewrite did
    job.report["second_pass"] = job.record()
    return True


def _rerun(job: SecondPass, part: Path, wanted: dict[str, set[int]]) -> dict[str, Any]:
    """De-identify ``job``'s input into ``part`` with the batch search on ``wanted``."""
    plan = job.plan.media_plan()
    if job.plan.fmt == "video":
        from carborder.deid.media.video import deidentify_video

        frames = frozenset(wanted.get(_VIDEO, set()))
        return {"frames": deidentify_video(job.src, part, plan, batch_frames=frames)}
    from carborder.deid.media.bags import deidentify_mcap, deidentify_rosbag1, deidentify_rosbag2

    rewrite = {"mcap": deidentify_mcap, "rosbag2": deidentify_rosbag2}.get(
        job.plan.fmt, deidentify_rosbag1
    )
    batch = {topic: frozenset(v) for topic, v in wanted.items()}
    return dataclasses.asdict(rewrite(job.src, part, plan, batch_frames=batch))


def second_pass(
    tmp: Path,
    inputs: list[Path],
    media: dict[Path, CompiledMediaPlan],
    media_done: list[dict[str, Any]],
    written: list[dict[str, Any]],
    found: list[Leak],
    rescan: Callable[[], list[Leak]],
) -> list[dict[str, Any]]:
    """Re-run de-identification of camera files the re-scan still finds faces or plates in.

    ``found`` are the re-scan's leaks; ``rescan`` re-scans the temp dir and returns its leaks
    the same way. Unless every leak is a face or plate in a video output or in a camera topic
    of an MCAP / ROS 1 bag / rosbag2 output nothing is re-run (the run is refused as before).
    Each round re-runs every leaking file with the batch search on the flagged frames (± :data:`SECOND_PASS_MARGIN`;
    the re-scan's evidence names them) and re-scans; at most :data:`SECOND_PASS_MAX` rounds.
    ``written`` entries and ``media_done`` reports of re-run files are updated in place (hash,
    size; ``second_pass`` with passes and frames). Returns the records of the re-run files
    (empty when nothing ran); whether the output is now clean is the caller's last re-scan.
    """
    from carborder.gateway.bag_folders import refresh_entries

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
        for name, leaks in sorted(targets.items()):
            src, plan, done = outputs[name]
            job = jobs.setdefault(name, SecondPass(src, tmp / name, plan, done))
            rows = next((w.get("rows") for w in written if w["path"] == name), None)
            if run_second_pass(job, leaks, rows if isinstance(rows, int) else None):
                ran = True
                refresh_entries(written, tmp, job.out)
        if not ran:
            break
        found = rescan()
    return [{"path": name, **job.record()} for name, job in sorted(jobs.items()) if job.passes]


def second_pass_note(record: dict[str, Any]) -> Msg:
    """One warning line for a released run: which file got the second pass, on how many frames."""
    return Msg(
        "warn-second-pass",
        path=str(record["path"]),
        frames=record["frames"],
        passes=record["passes"],
    )
