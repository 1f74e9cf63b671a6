"""Stream ROS 1 bags and rosbag2 folders (SQLite or MCAP storage) into channel summaries."""

from __future__ import annotations

from pathlib import Path

from carborder.errors import Msg, ScanInputError
from carborder.scan.detectors.vision.pipeline import VisionPipeline
from carborder.scan.vehicle.result import VehicleScan
from carborder.scan.vehicle.scanner import MessageScanner, ScanOptions

__all__ = ["is_rosbag2_dir", "scan_rosbag"]


def is_rosbag2_dir(path: Path) -> bool:
    """True for a rosbag2 folder (it holds ``metadata.yaml``)."""
    return path.is_dir() and (path / "metadata.yaml").is_file()


def scan_rosbag(
    path: Path,
    *,
    options: ScanOptions | None = None,
    pipeline: VisionPipeline | None = None,
) -> VehicleScan:
    """Scan a ROS 1 ``.bag`` file or a rosbag2 folder message by message.

    Raises:
        ScanInputError: When the bag cannot be opened or is cut short.
    """
    from rosbags.highlevel import AnyReader, AnyReaderError

    fmt = "rosbag2" if path.is_dir() else "rosbag1"
    scanner = MessageScanner(str(path), fmt, options, pipeline)
    try:
        with AnyReader([path]) as reader:
            for conn, _timestamp, raw in reader.messages():
                ch = scanner.channel(conn.topic, conn.msgtype)
                if scanner.needs_payload(ch):
                    scanner.add(ch, reader.deserialize(raw, conn.msgtype))
                else:
                    scanner.count(ch)
    except AnyReaderError as exc:
        raise ScanInputError(Msg("err-bag-unreadable", detail=str(exc)), file=path) from exc
    except (OSError, ValueError, KeyError, IndexError, EOFError) as exc:
        raise ScanInputError(
            Msg("err-bag-corrupt", detail=f"{type(exc).__name__}: {exc}"), file=path
        ) from exc
    return scanner.finish()
