"""Stream ROS 1 bags and rosbag2 folders (SQLite or MCAP storage) into channel summaries.

A rosbag2 recording is a folder: ``metadata.yaml`` and the storage files it lists (SQLite
``.db3`` or ``.mcap``, possibly several for one recording). The folder is the recording, so
it is one input wherever a path is expanded (the scan's and the export's): named itself,
found inside a named folder, or named through one of its files, it is read once as a whole
and nothing inside it is an input of its own. This module owns that notion; it imports no
reader library until a bag is scanned.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from carborder.errors import Msg, ScanInputError
from carborder.safety.files import require_regular_file

if TYPE_CHECKING:
    from carborder.scan.detectors.vision.pipeline import VisionPipeline
    from carborder.scan.vehicle.result import VehicleScan
    from carborder.scan.vehicle.scanner import ScanOptions

__all__ = [
    "ROSBAG2_METADATA",
    "ROSBAG2_STORAGE_SUFFIXES",
    "is_rosbag2_dir",
    "rosbag2_bytes",
    "rosbag2_folder_of",
    "rosbag2_of_storage",
    "scan_rosbag",
    "walk_rosbag2",
]

#: The file that makes a folder a rosbag2 recording.
ROSBAG2_METADATA = "metadata.yaml"

#: Endings of rosbag2 storage files (SQLite3 and MCAP plugins, whole-file zstd compressed too).
ROSBAG2_STORAGE_SUFFIXES = (".db3", ".mcap", ".db3.zstd", ".mcap.zstd")


def is_rosbag2_dir(path: Path) -> bool:
    """True for a rosbag2 folder: a directory holding ``metadata.yaml``."""
    return path.is_dir() and (path / ROSBAG2_METADATA).is_file()


def rosbag2_folder_of(path: Path) -> Path | None:
    """The rosbag2 folder a file belongs to (its storage file or ``metadata.yaml``), else None.

    >>> rosbag2_folder_of(Path("/nonexistent/drive/drive.db3")) is None
    True
    """
    name = path.name.lower()
    if (name == ROSBAG2_METADATA or name.endswith(ROSBAG2_STORAGE_SUFFIXES)) and is_rosbag2_dir(
        path.parent
    ):
        return path.parent
    return None


def rosbag2_of_storage(path: Path) -> Path:
    """The rosbag2 folder a SQLite storage file ``path`` (``.db3``) is read as.

    No reader opens a ``.db3`` alone: its topics, their types and the other storage files of
    the recording are in the folder's ``metadata.yaml``.

    Raises:
        ScanInputError: no ``metadata.yaml`` beside the file.
    """
    folder = rosbag2_folder_of(path)
    if folder is None:
        raise ScanInputError(
            Msg("err-rosbag2-storage-alone"), file=path, hint=Msg("hint-rosbag2-folder")
        )
    return folder


def walk_rosbag2(folder: Path) -> tuple[list[Path], list[Path]]:
    """The rosbag2 folders inside ``folder`` and every other entry of it, each list sorted.

    A rosbag2 folder inside another one is part of it; nothing inside a rosbag2 folder is
    among the other entries. ``folder`` itself is not listed (callers ask
    :func:`is_rosbag2_dir` first).
    """
    entries = sorted(folder.rglob("*"))
    bags: list[Path] = []
    rest: list[Path] = []
    for e in entries:
        # sorted by parts: what a folder holds comes right after it, so the last bag found
        # is the only one that can hold this entry
        if bags and bags[-1] in e.parents:
            continue
        if is_rosbag2_dir(e):
            bags.append(e)
        else:
            rest.append(e)
    return bags, rest


def rosbag2_bytes(folder: Path) -> int:
    """Bytes of every file in a rosbag2 folder (any depth).

    Raises:
        ScanInputError: an entry is neither a folder nor a regular file (a FIFO, a device),
            which reading the recording could block on.
    """
    total = 0
    for f in folder.rglob("*"):
        if not f.is_dir():
            total += require_regular_file(f, what="input", error=ScanInputError).stat().st_size
    return total


def scan_rosbag(
    path: Path,
    *,
    options: ScanOptions | None = None,
    pipeline: VisionPipeline | None = None,
) -> VehicleScan:
    """Scan a ROS 1 ``.bag`` file or a rosbag2 folder message by message.

    The messages of a rosbag2 folder are read across all its storage files in time order, so
    a recording split into several files is counted once.

    Raises:
        ScanInputError: When the bag cannot be opened or is cut short.
    """
    from rosbags.highlevel import AnyReader, AnyReaderError

    from carborder.scan.vehicle.scanner import MessageScanner

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
