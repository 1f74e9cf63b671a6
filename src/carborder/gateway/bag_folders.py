"""rosbag2 folders in the gateway: one input and one output each, never a set of loose files.

A rosbag2 recording is a folder (``metadata.yaml`` and its SQLite ``.db3`` or ``.mcap`` storage
files). The export takes it as one input, writes one folder of the same name, and lists every
file of that folder in the manifest by its path inside the output (``drive/drive.db3``), so a
verifier checks each file and finds one added, changed or removed.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from carborder.gateway.files import fsync_dir, fsync_file, sha256_file
from carborder.scan.readers.rosbag import is_rosbag2_dir, walk_rosbag2

__all__ = [
    "content_sha256",
    "db3_messages",
    "discard_part",
    "folder_files",
    "fsync_output",
    "output_entries",
    "outputs_of",
    "part_beside",
    "refresh_entries",
    "replace_output",
    "walk_inputs",
]


def walk_inputs(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Entries named with ``suffixes`` inside ``folder`` and the rosbag2 folders in it, sorted.

    A rosbag2 folder is one unit: nothing inside it (its ``.mcap`` storage files included) is
    listed on its own. What a rosbag2 folder is, and which files name it, is the scan's notion
    (:mod:`carborder.scan.readers.rosbag`): the export re-scans what it releases, so both
    must take the same folders whole.
    """
    if is_rosbag2_dir(folder):
        return [folder]
    bags, rest = walk_rosbag2(folder)
    return sorted(bags + [e for e in rest if e.name.lower().endswith(suffixes)])


def folder_files(folder: Path) -> list[Path]:
    """Regular files inside ``folder`` (any depth), sorted by their path inside it."""
    return sorted(
        (p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).parts
    )


def _relative_digests(folder: Path) -> Iterator[tuple[str, str]]:
    for f in folder_files(folder):
        yield f.relative_to(folder).as_posix(), sha256_file(f)


def content_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes; of a folder, over each file's path inside it and SHA-256.

    Two folders have the same digest exactly when they hold the same files with the same
    bytes under the same names (a renamed storage file is another recording).
    """
    if not path.is_dir():
        return sha256_file(path)
    h = hashlib.sha256(b"carborder-folder/1\n")
    for rel, sha in _relative_digests(path):
        h.update(f"{sha}  {rel}\n".encode())
    return h.hexdigest()


def fsync_output(path: Path) -> None:
    """Flush an output file, or every file of an output folder and the folder itself."""
    if not path.is_dir():
        fsync_file(path)
        return
    for f in folder_files(path):
        fsync_file(f)
    fsync_dir(path)


def output_entries(root: Path, path: Path) -> list[dict[str, Any]]:
    """Manifest entries of one output: the file's, or one per file of an output folder."""
    from carborder.gateway.manifest import file_entry

    files = folder_files(path) if path.is_dir() else [path]
    return [file_entry(root, f) for f in files]


def outputs_of(written: list[dict[str, Any]]) -> list[str]:
    """The outputs manifest entries belong to, in order: a rosbag2 folder once for its files.

    >>> outputs_of([{"path": "t.parquet"}, {"path": "d/d.db3"}, {"path": "d/metadata.yaml"}])
    ['t.parquet', 'd']
    """
    return list(dict.fromkeys(str(w["path"]).split("/", 1)[0] for w in written))


def refresh_entries(written: list[dict[str, Any]], root: Path, out: Path) -> None:
    """Replace, in place, the manifest entries of the output ``out`` with its files as they are now.

    Other keys of a single file's entry are kept; a folder's entries are one per file again.
    """
    name = out.relative_to(root).as_posix()
    at = [i for i, w in enumerate(written) if w["path"] == name or w["path"].startswith(name + "/")]
    if not at:
        return
    kept = {k: v for k, v in written[at[0]].items() if k not in {"path", "rows", "bytes", "sha256"}}
    written[at[0] : at[-1] + 1] = [e | kept for e in output_entries(root, out)]


def part_beside(out: Path, tag: str) -> Path:
    """Where a rewrite of the output ``out`` is written before it replaces ``out``.

    A file beside it (``drive.second-pass.mcap``); a folder under a hidden folder beside it,
    with the same name, since a rosbag2 writer names its storage files after their folder.
    """
    if out.is_dir():
        return out.parent / f".{out.name}{tag}" / out.name
    return out.with_name(out.name + tag + out.suffix)


def discard_part(part: Path, out: Path) -> None:
    """Remove what is left of a rewrite made at :func:`part_beside` (nothing once it replaced ``out``)."""
    if part.parent != out.parent:
        shutil.rmtree(part.parent, ignore_errors=True)
    else:
        part.unlink(missing_ok=True)


def replace_output(new: Path, old: Path) -> None:
    """Put ``new`` (a file or a folder) where ``old`` is, inside the run's hidden temp dir.

    A folder cannot be renamed over a non-empty one: the old one is moved aside first. A kill
    in between leaves the temp dir without that output, which its re-scan reports as
    unreadable (and a dead run's temp dir is never released).
    """
    if not new.is_dir():
        new.replace(old)
        return
    aside = old.with_name(f".{old.name}.replaced")
    old.rename(aside)
    new.rename(old)
    shutil.rmtree(aside)
    fsync_dir(old.parent)


def db3_messages(path: Path) -> int:
    """Messages in one rosbag2 SQLite storage file, read without writing beside it.

    ``immutable`` keeps SQLite from creating journal or WAL files in a released folder (which
    a verifier would then find unlisted).
    """
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM messages").fetchone()
    return int(count)
