"""Rewrite MCAP files and ROS 1 bags with faces/plates hidden and GNSS coarsened or dropped.

Topics can be dropped too; every other message is copied byte for byte, in order, with its
original timestamps.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carborder.deid.media.plan import GnssMode, MediaDeidPlan
from carborder.deid.media.regions import hide_boxes
from carborder.errors import Msg, ScanInputError
from carborder.scan.detectors.vision.pipeline import SearchMode, VisionPipeline, default_pipeline
from carborder.scan.detectors.vision.sequence import SequenceDetector
from carborder.scan.readers.images import decode_image_msg, encode_image_msg_data
from carborder.scan.readers.mcap import iter_mcap
from carborder.scan.vehicle.gnss import METRES_PER_DEGREE
from carborder.scan.vehicle.topics import ChannelKind, classify_topic

__all__ = [
    "BatchFrames",
    "DeidReport",
    "coarsen_fix",
    "coarsen_nmea",
    "deidentify_mcap",
    "deidentify_rosbag1",
    "deidentify_rosbag2",
]


@dataclass
class DeidReport:
    """Counts of what a rewrite did."""

    messages_in: int = 0
    messages_out: int = 0
    images_changed: int = 0
    boxes: int = 0
    fixes_coarsened: int = 0
    fixes_dropped: int = 0
    topics_dropped: int = 0


def coarsen_fix(msg: Any, grid_deg: float) -> None:
    """Snap a NavSatFix-like message to a grid and widen its covariance to match, in place.

    >>> from types import SimpleNamespace
    >>> m = SimpleNamespace(latitude=31.23456, longitude=121.47391, position_covariance=[0.0] * 9,
    ...                     position_covariance_type=0)
    >>> coarsen_fix(m, 0.01)
    >>> m.latitude, m.longitude, round(m.position_covariance[0])
    (31.23, 121.47, 1239214)
    """
    msg.latitude = round(round(float(msg.latitude) / grid_deg) * grid_deg, 9)
    msg.longitude = round(round(float(msg.longitude) / grid_deg) * grid_deg, 9)
    if hasattr(msg, "position_covariance"):
        var = (grid_deg * METRES_PER_DEGREE) ** 2
        cov = [0.0] * 9
        cov[0] = cov[4] = var
        cov[8] = float(msg.position_covariance[8]) if len(msg.position_covariance) > 8 else var
        if isinstance(msg.position_covariance, list):
            msg.position_covariance = cov
        else:  # numpy arrays from rosbags may be read-only views of the input buffer
            import numpy as np

            msg.position_covariance = np.asarray(cov, dtype=np.float64)
        msg.position_covariance_type = 1  # COVARIANCE_TYPE_APPROXIMATED
    if not math.isfinite(msg.latitude):
        msg.latitude = 0.0


def _nmea_coord(value: float, hemis: tuple[str, str], width: int) -> tuple[str, str]:
    deg = abs(value)
    d = int(deg)
    return f"{d:0{width}d}{(deg - d) * 60:07.4f}", hemis[0] if value >= 0 else hemis[1]


def coarsen_nmea(sentence: str, grid_deg: float) -> str:
    """Snap the position in a GGA/RMC sentence to the grid (checksum recomputed).

    Other sentences carry no position and pass unchanged.

    >>> coarsen_nmea("$GPGGA,123519,3113.824,N,12128.422,E,1,08,0.9,5.4,M,,*47", 0.01)
    '$GPGGA,123519,3113.8000,N,12128.2000,E,1,08,0.9,5.4,M,,*1E'
    """
    from carborder.scan.vehicle.scanner import parse_nmea_fix

    fix = parse_nmea_fix(sentence)
    if fix is None:
        return sentence
    body = sentence.strip().lstrip("$").split("*")[0]
    parts = body.split(",")
    i = 2 if parts[0].endswith("GGA") else 3
    lat = round(round(fix[0] / grid_deg) * grid_deg, 9)
    lon = round(round(fix[1] / grid_deg) * grid_deg, 9)
    parts[i], parts[i + 1] = _nmea_coord(lat, ("N", "S"), 2)
    parts[i + 2], parts[i + 3] = _nmea_coord(lon, ("E", "W"), 3)
    body = ",".join(parts)
    checksum = 0
    for ch in body:
        checksum ^= ord(ch)
    return f"${body}*{checksum:02X}"


#: Camera topic → 0-based numbers of its messages that also get the ``batch`` search.
BatchFrames = dict[str, frozenset[int]]


class _Transformer:
    """Decides per message: copy, drop, or decode → change → encode.

    ``batch_frames`` name messages of camera topics (numbered per topic from 0, as the scan
    numbers them) that also get the ``batch`` search: the gateway's second pass.
    """

    def __init__(
        self,
        plan: MediaDeidPlan,
        pipeline: VisionPipeline | None,
        batch_frames: BatchFrames | None = None,
    ) -> None:
        self.plan = plan
        self.pipeline = pipeline
        self.report = DeidReport()
        self.batch_frames = batch_frames or {}
        self._sequences: dict[str, SequenceDetector] = {}
        self._numbers: dict[str, int] = {}

    def action(self, topic: str, msgtype: str) -> str:
        if topic in self.plan.drop_topics:
            return "drop"
        kind = classify_topic(topic, msgtype)
        if kind is ChannelKind.GNSS and self.plan.gnss is GnssMode.DROP:
            return "drop"
        if kind is ChannelKind.GNSS and self.plan.gnss is GnssMode.COARSEN:
            return "gnss"
        if kind is ChannelKind.CAMERA:
            return "image"
        return "copy"

    def change(self, action: str, msg: Any, topic: str = "") -> Any:
        if action == "gnss":
            if hasattr(msg, "latitude"):
                coarsen_fix(msg, self.plan.gnss_grid_deg)
                self.report.fixes_coarsened += 1
            elif hasattr(msg, "sentence"):
                msg.sentence = coarsen_nmea(str(msg.sentence), self.plan.gnss_grid_deg)
                self.report.fixes_coarsened += 1
            return msg
        number = self._numbers.get(topic, 0)
        self._numbers[topic] = number + 1
        image = decode_image_msg(msg)
        if image is None:
            return msg
        mode = self.plan.search or SearchMode.REALTIME
        if self.pipeline is None and mode is SearchMode.REALTIME:
            # A camera topic is a video: each gets its own video search (see deidentify_video).
            seq = self._sequences.setdefault(topic, SequenceDetector())
            boxes = seq.detect(image)
        else:
            boxes = (self.pipeline or default_pipeline(mode)).detect(image)
        if number in self.batch_frames.get(topic, frozenset()) and not (
            self.pipeline is None and mode is SearchMode.BATCH
        ):
            boxes = boxes + default_pipeline(SearchMode.BATCH).detect(image)
        out = hide_boxes(image, boxes, self.plan)
        if boxes:
            msg.data = _like(msg.data, encode_image_msg_data(msg, out))
            self.report.images_changed += 1
            self.report.boxes += len(boxes)
        return msg


def _like(original: Any, data: bytes) -> Any:
    """Return ``data`` in the container type the message used (numpy array or bytes)."""
    import base64

    import numpy as np

    if isinstance(original, str):  # JSON encodings carry bytes as base64 text
        return base64.b64encode(data).decode("ascii")
    if isinstance(original, np.ndarray):
        return np.frombuffer(data, dtype=np.uint8).copy()
    return data


def _register_msgdef(store: Any, name: str, text: str) -> str:
    from carborder.scan.vehicle.msgdefs import register_msgdef

    return register_msgdef(store, name, text)


_Codec = tuple[Callable[[bytes], Any], Callable[[Any], bytes]]


def _codec(encoding: str, schema: Any, path: Path, topic: str) -> _Codec:
    """Decode/encode pair for a channel: CDR and ROS 1 via rosbags, JSON via the stdlib."""
    import json
    from types import SimpleNamespace

    if encoding == "json":

        def encode_json(msg: Any) -> bytes:
            return json.dumps(vars(msg), default=vars).encode()

        return (
            lambda data: json.loads(data, object_hook=lambda d: SimpleNamespace(**d)),
            encode_json,
        )
    if schema is None or encoding not in {"cdr", "ros1"}:
        raise ScanInputError(Msg("err-bag-encoding", topic=topic, encoding=encoding), file=path)
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE if encoding == "cdr" else Stores.ROS1_NOETIC)
    name = str(schema.name)
    if schema.encoding in {"ros2msg", "ros1msg"}:
        name = _register_msgdef(store, name, schema.data.decode())
    if name not in store.fielddefs:
        raise ScanInputError(Msg("err-bag-codec", encoding=encoding, name=name), file=path)
    if encoding == "ros1":
        return (
            lambda data: store.deserialize_ros1(data, name),
            lambda msg: bytes(store.serialize_ros1(msg, name)),
        )
    return (
        lambda data: store.deserialize_cdr(data, name),
        lambda msg: bytes(store.serialize_cdr(msg, name)),
    )


def deidentify_mcap(
    src: Path,
    dst: Path,
    plan: MediaDeidPlan | None = None,
    *,
    pipeline: VisionPipeline | None = None,
    batch_frames: BatchFrames | None = None,
) -> DeidReport:
    """Rewrite an MCAP file; output keeps profile, topics, schemas, order and timestamps.

    ``batch_frames`` (camera topic → 0-based message numbers) also get the ``batch`` search,
    their boxes hidden with the others': the gateway's second pass.
    """
    from mcap.writer import CompressionType, Writer

    t = _Transformer(plan or MediaDeidPlan(), pipeline, batch_frames)
    schema_ids: dict[int, int] = {}
    channel_ids: dict[int, int] = {}
    actions: dict[int, str] = {}
    codecs: dict[int, _Codec] = {}
    with src.open("rb") as fin, dst.open("wb") as fout:
        writer = Writer(fout, compression=CompressionType.ZSTD)
        writer.start(profile=_profile(src), library="carborder")
        for schema, channel, message in iter_mcap(fin, src):
            t.report.messages_in += 1
            name = str(schema.name) if schema is not None else ""
            if channel.id not in actions:
                actions[channel.id] = t.action(str(channel.topic), name)
                if actions[channel.id] == "drop":
                    t.report.topics_dropped += 1
                else:
                    if schema is not None and schema.id not in schema_ids:
                        schema_ids[schema.id] = writer.register_schema(
                            schema.name, schema.encoding, schema.data
                        )
                    channel_ids[channel.id] = writer.register_channel(
                        channel.topic,
                        channel.message_encoding,
                        schema_ids.get(schema.id, 0) if schema is not None else 0,
                        dict(channel.metadata),
                    )
            action = actions[channel.id]
            if action == "drop":
                if classify_topic(str(channel.topic), name) is ChannelKind.GNSS:
                    t.report.fixes_dropped += 1
                continue
            data = message.data
            if action in {"gnss", "image"}:
                if channel.id not in codecs:
                    codecs[channel.id] = _codec(
                        str(channel.message_encoding), schema, src, str(channel.topic)
                    )
                decode, encode = codecs[channel.id]
                data = encode(t.change(action, decode(data), str(channel.topic)))
            writer.add_message(
                channel_ids[channel.id],
                log_time=message.log_time,
                data=data,
                publish_time=message.publish_time,
                sequence=message.sequence,
            )
            t.report.messages_out += 1
        writer.finish()  # type: ignore[no-untyped-call]
    return t.report


def _profile(path: Path) -> str:
    from mcap.reader import make_reader

    with path.open("rb") as f:
        try:
            return str(make_reader(f).get_header().profile)
        except Exception:
            return ""


def deidentify_rosbag1(
    src: Path,
    dst: Path,
    plan: MediaDeidPlan | None = None,
    *,
    pipeline: VisionPipeline | None = None,
    batch_frames: BatchFrames | None = None,
) -> DeidReport:
    """Rewrite a ROS 1 bag; connections, order and timestamps are kept.

    ``batch_frames``: as for :func:`deidentify_mcap`.
    """
    from rosbags.rosbag1 import Reader, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS1_NOETIC)
    t = _Transformer(plan or MediaDeidPlan(), pipeline, batch_frames)
    if dst.exists():
        dst.unlink()
    with Reader(src) as reader, Writer(dst) as writer:
        out_conns: dict[int, Any] = {}
        for conn in reader.connections:
            if t.action(conn.topic, conn.msgtype) == "drop":
                continue
            ext = conn.ext
            out_conns[conn.id] = writer.add_connection(
                conn.topic,
                conn.msgtype,
                msgdef=conn.msgdef.data,
                md5sum=conn.digest,
                callerid=getattr(ext, "callerid", None),
                latching=getattr(ext, "latching", None),
            )
        _copy_messages(
            t, store, reader, writer, out_conns, store.deserialize_ros1, store.serialize_ros1
        )
    return t.report


def _copy_messages(
    t: _Transformer,
    store: Any,
    reader: Any,
    writer: Any,
    out_conns: dict[int, Any],
    deserialize: Callable[[bytes, str], Any],
    serialize: Callable[[Any, str], Any],
) -> None:
    """Copy every message in order: dropped topics skipped, GNSS and images rewritten."""
    for conn, timestamp, raw in reader.messages():
        t.report.messages_in += 1
        action = t.action(conn.topic, conn.msgtype)
        if action == "drop":
            if classify_topic(conn.topic, conn.msgtype) is ChannelKind.GNSS:
                t.report.fixes_dropped += 1
            continue
        data = raw
        if action in {"gnss", "image"}:
            _register_msgdef(store, conn.msgtype, conn.msgdef.data)
            msg = t.change(action, deserialize(raw, conn.msgtype), conn.topic)
            data = bytes(serialize(msg, conn.msgtype))
        writer.write(out_conns[conn.id], timestamp, data)
        t.report.messages_out += 1


def deidentify_rosbag2(
    src: Path,
    dst: Path,
    plan: MediaDeidPlan | None = None,
    *,
    pipeline: VisionPipeline | None = None,
    batch_frames: BatchFrames | None = None,
) -> DeidReport:
    """Rewrite a rosbag2 folder (SQLite or MCAP storage) into a new folder ``dst``.

    Storage plugin, topics, message definitions, order and timestamps are kept; ``dst``
    must not exist yet (rosbag2 writers refuse to overwrite). ``batch_frames``: as for
    :func:`deidentify_mcap`.
    """
    from rosbags.rosbag2 import Reader, StoragePlugin, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    t = _Transformer(plan or MediaDeidPlan(), pipeline, batch_frames)
    storage = (
        StoragePlugin.MCAP
        if any(p.suffix == ".mcap" for p in src.iterdir())
        else StoragePlugin.SQLITE3
    )
    with Reader(src) as reader:
        writer = Writer(dst, version=9, storage_plugin=storage)
        with writer:
            out_conns: dict[int, Any] = {}
            for conn in reader.connections:
                if t.action(conn.topic, conn.msgtype) == "drop":
                    continue
                ext = conn.ext
                out_conns[conn.id] = writer.add_connection(
                    conn.topic,
                    conn.msgtype,
                    msgdef=conn.msgdef.data,
                    rihs01=conn.digest,
                    serialization_format=getattr(ext, "serialization_format", "cdr"),
                    offered_qos_profiles=getattr(ext, "offered_qos_profiles", ()),
                )
            _copy_messages(
                t, store, reader, writer, out_conns, store.deserialize_cdr, store.serialize_cdr
            )
    return t.report
