"""Stream an MCAP file (ROS 2 CDR, ROS 1, JSON) chunk by chunk into channel summaries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

from carborder.errors import Msg, ScanInputError
from carborder.scan.detectors.vision.pipeline import VisionPipeline
from carborder.scan.result import in_every_language
from carborder.scan.vehicle.result import VehicleScan
from carborder.scan.vehicle.scanner import MessageScanner, ScanOptions

__all__ = ["MCAP_MAGIC", "McapRecord", "iter_mcap", "make_decoder", "scan_mcap"]

#: The eight bytes every MCAP file starts with.
MCAP_MAGIC = b"\x89MCAP0\r\n"

#: (schema, channel, message) records as the ``mcap`` library yields them.
McapRecord = tuple[Any, Any, Any]


def _namespace(value: Any) -> Any:
    if isinstance(value, dict):
        return SimpleNamespace(**{k: _namespace(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_namespace(v) for v in value]
    return value


def make_decoder(encoding: str, schema: Any) -> Callable[[bytes], Any] | None:
    """Return a payload decoder for a channel, or None when no decoder is installed."""
    if encoding == "cdr" and schema is not None:
        from mcap_ros2.decoder import DecoderFactory

        return DecoderFactory().decoder_for(encoding, schema)
    if encoding == "json":
        return lambda data: _namespace(json.loads(data))
    if encoding == "ros1" and schema is not None:
        from rosbags.typesys import Stores, get_typestore

        from carborder.scan.vehicle.msgdefs import register_msgdef

        store = get_typestore(Stores.ROS1_NOETIC)
        name = register_msgdef(store, str(schema.name), schema.data.decode())
        return lambda data: store.deserialize_ros1(data, name)
    return None


def iter_mcap(stream: BinaryIO, path: Path) -> Iterator[McapRecord]:
    """Yield raw records in file order, chunk by chunk; bounded by the largest chunk.

    Raises:
        ScanInputError: When the file is not MCAP or is cut or corrupt.
    """
    from mcap.reader import NonSeekingReader

    head = stream.read(len(MCAP_MAGIC))
    if head != MCAP_MAGIC:
        raise ScanInputError(Msg("err-mcap-magic"), file=path)
    stream.seek(0)
    reader = NonSeekingReader(stream, validate_crcs=True)
    try:
        # File order: log-time order would make the library hold the whole file in memory.
        yield from reader.iter_messages(log_time_order=False)
    except ScanInputError:
        raise
    except Exception as exc:  # McapError, struct.error, EOFError, zstd/lz4 errors...
        raise ScanInputError(
            Msg("err-mcap-corrupt", detail=f"{type(exc).__name__}: {exc}"),
            file=path,
            hint=Msg("hint-mcap-recover"),
        ) from exc


def scan_mcap(
    path: Path,
    *,
    options: ScanOptions | None = None,
    pipeline: VisionPipeline | None = None,
) -> VehicleScan:
    """Scan an MCAP file: per-topic counts, GNSS tracks, camera faces/plates, text PI."""
    scanner = MessageScanner(str(path), "mcap", options, pipeline)
    decoders: dict[int, Callable[[bytes], Any] | None] = {}
    undecodable: set[str] = set()
    with path.open("rb") as stream:
        for schema, channel, message in iter_mcap(stream, path):
            msgtype = str(schema.name) if schema is not None else ""
            ch = scanner.channel(str(channel.topic), msgtype)
            if not scanner.needs_payload(ch):
                scanner.count(ch)
                continue
            if channel.id not in decoders:
                decoders[channel.id] = make_decoder(str(channel.message_encoding), schema)
            decode = decoders[channel.id]
            if decode is None:
                undecodable.add(f"{channel.topic} ({channel.message_encoding})")
                scanner.count(ch)
                continue
            scanner.add(ch, decode(message.data))
    result = scanner.finish()
    result.errors.extend(
        in_every_language(Msg("warn-no-decoder", type=t)) for t in sorted(undecodable)
    )
    return result


def _register() -> None:
    # The reader registry imports this module to discover vehicle readers; registering here
    # (for all vehicle formats at once) is that discovery hook.
    from carborder.scan.vehicle.engine import register_all

    register_all()


_register()
