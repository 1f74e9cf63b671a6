"""Reader registry keyed by name, file suffix and content sniffing; path expansion."""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from pathlib import Path

from carborder.errors import Msg, ScanInputError
from carborder.safety.files import require_regular_file
from carborder.scan.readers.base import Reader
from carborder.scan.readers.rosbag import (
    is_rosbag2_dir,
    rosbag2_bytes,
    rosbag2_folder_of,
    rosbag2_of_storage,
    walk_rosbag2,
)

__all__ = [
    "BUILTIN_SUFFIXES",
    "READERS",
    "ROSBAG2_READER",
    "expand",
    "get",
    "input_bytes",
    "known_suffixes",
    "names",
    "reader_for",
    "register",
]

#: Registered reader classes by ``name``.
READERS: dict[str, type[Reader]] = {}
#: The reader of rosbag2 folders (the only folders a reader takes as one input).
ROSBAG2_READER = "rosbag"
_SNIFF_BYTES = 64


def register(cls: type[Reader]) -> type[Reader]:
    """Register a reader class (usable as a decorator).

    Raises:
        ValueError: the name is taken by another class.
    """
    known = READERS.get(cls.name)
    if known is not None and known is not cls:
        raise ValueError(f"reader name {cls.name!r} already registered by {known.__qualname__}")
    READERS[cls.name] = cls
    return cls


def _tabular() -> None:
    from carborder.scan.readers import tabular  # noqa: F401  (its readers register on import)


def _vehicle() -> None:
    # The vehicle readers register as classes only: their format modules (OpenCV and the
    # vision models for images and video, the bag and CAN libraries) load when a file of
    # theirs is read.
    from carborder.scan.vehicle.engine import register_all

    register_all()


#: The built-in reader modules and the file suffixes their readers handle. A module is
#: imported when a file with one of its suffixes is read, so finding the reader of a Parquet
#: file imports no vehicle format; naming a reader not registered yet, listing them, or a
#: file no suffix matches (sniffing asks every reader) imports them all. A test checks the
#: suffixes against what each module registers.
BUILTIN_SUFFIXES: dict[str, tuple[str, ...]] = {
    "carborder.scan.readers.tabular": (
        ".parquet",
        ".pq",
        ".parq",
        ".csv",
        ".tsv",
        ".tab",
        ".txt",
        ".csv.gz",
        ".tsv.gz",
        ".txt.gz",
        ".jsonl",
        ".ndjson",
        ".json",
        ".jsonl.gz",
        ".ndjson.gz",
        ".arrow",
        ".feather",
        ".ipc",
        ".arrows",
    ),
    "carborder.scan.vehicle.engine": (
        ".mcap",
        ".bag",
        ".db3",
        ".log",
        ".log.gz",
        ".asc",
        ".blf",
        ".trc",
        ".jpg",
        ".jpeg",
        ".png",
        ".bmp",
        ".webp",
        ".mp4",
        ".mov",
        ".mkv",
        ".avi",
    ),
}

_LOADERS: dict[str, Callable[[], None]] = {
    "carborder.scan.readers.tabular": _tabular,
    "carborder.scan.vehicle.engine": _vehicle,
}
_loaded: set[str] = set()


def _load(module: str) -> None:
    if module not in _loaded:
        _LOADERS[module]()
        _loaded.add(module)


def _load_builtins() -> None:
    for module in _LOADERS:
        _load(module)


def get(name: str) -> type[Reader]:
    """Return the reader class registered under ``name``.

    Raises:
        KeyError: unknown reader.
    """
    if name not in READERS:
        _load_builtins()
    try:
        return READERS[name]
    except KeyError:
        raise KeyError(f"unknown reader {name!r}; known: {', '.join(names())}") from None


def names() -> list[str]:
    """Registered reader names, sorted."""
    _load_builtins()
    return sorted(READERS)


def known_suffixes() -> list[str]:
    """Every file suffix a registered reader handles, sorted.

    >>> ".parquet" in known_suffixes()
    True
    """
    _load_builtins()
    return sorted({suf for cls in READERS.values() for suf in cls.suffixes})


def reader_for(path: Path) -> type[Reader] | None:
    """The reader for a file: longest matching suffix first, then content sniffing.

    A rosbag2 folder is read by the rosbag reader; no reader reads another folder.
    """
    if path.is_dir():
        return get(ROSBAG2_READER) if is_rosbag2_dir(path) else None
    lower = path.name.lower()
    for module, suffixes in BUILTIN_SUFFIXES.items():
        if lower.endswith(suffixes):
            _load(module)  # every module with a matching suffix: the longest match decides
    found = _by_suffix(lower)
    if found is None:
        _load_builtins()  # no suffix of an imported reader matches: every reader is asked
        found = _by_suffix(lower)
    if found is not None:
        return found
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError:
        return None
    for name in sorted(READERS):
        if READERS[name].sniff(head):
            return READERS[name]
    return None


def _by_suffix(lower: str) -> type[Reader] | None:
    best: tuple[int, type[Reader]] | None = None
    for cls in READERS.values():
        for suf in cls.suffixes:
            if lower.endswith(suf) and (best is None or len(suf) > best[0]):
                best = (len(suf), cls)
    return best[1] if best is not None else None


def input_bytes(path: Path) -> int:
    """Bytes of an input :func:`expand` returns: a file's size, or a rosbag2 folder's files'.

    Raises:
        OSError: the path cannot be examined.
        ScanInputError: a rosbag2 folder holds a FIFO or a device.
    """
    return rosbag2_bytes(path) if path.is_dir() else path.stat().st_size


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files, directories (recursively, hidden entries skipped) and glob patterns.

    A rosbag2 folder is one input, never its files: named, found inside a named folder, or
    named through one of its storage files or its ``metadata.yaml`` (then listed once).

    Raises:
        ScanInputError: a path matches nothing, a named path is not a regular file, or a
            named SQLite storage file (``.db3``) has no ``metadata.yaml`` beside it.
    """
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if any(ch in str(raw) for ch in "*?["):
            hits = sorted(Path(h) for h in glob.glob(str(raw), recursive=True))
            if not hits:
                raise ScanInputError(Msg("err-pattern-no-match"), file=str(raw))
            for h in hits:
                out.extend(_walk(h))
        elif p.is_dir():
            out.extend(_walk(p))
        elif p.exists():
            # a named file must be a regular one: /dev/zero or a FIFO is said, not skipped
            named = require_regular_file(p, what="input", error=ScanInputError)
            if named.name.lower().endswith(".db3"):
                # read alone it would fail as a per-file error after the other inputs were
                # scanned; named, the person meant the recording, so say how to name it
                out.append(rosbag2_of_storage(named))
            else:
                out.append(rosbag2_folder_of(named) or named)
        else:
            raise ScanInputError(Msg("err-no-such-path"), file=p)
    seen: set[Path] = set()
    uniq = []
    for p in out:
        if p not in seen:
            seen.add(p)
            uniq.append(p)
    return uniq


def _walk(p: Path) -> list[Path]:
    if is_rosbag2_dir(p):
        return [p]
    if p.is_file():
        return [rosbag2_folder_of(p) or p]
    bags, rest = walk_rosbag2(p)
    return sorted(
        f
        for f in bags + [f for f in rest if f.is_file()]
        if not any(part.startswith((".", "_")) for part in f.relative_to(p).parts)
    )
