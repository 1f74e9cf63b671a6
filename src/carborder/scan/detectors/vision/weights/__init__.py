"""Model weights shipped with carborder's vision detectors, each with licence and provenance.

``weights.json`` lists every file with its SHA-256 digest, size, licence file and source.
:func:`weights_path` checks the digest the first time a process loads a file, so a damaged or
swapped model never silently changes what de-identification finds. Nothing is downloaded at
run time.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from carborder.errors import IntegrityError, Msg, ScanInputError

__all__ = ["WEIGHTS_DIR", "WeightsEntry", "manifest", "verify_weights", "weights_path"]

#: Folder holding the shipped ``.onnx`` files, their ``LICENSE-*.txt`` files and ``weights.json``.
WEIGHTS_DIR = Path(__file__).resolve().parent


class WeightsEntry(BaseModel):
    """Provenance and checksum of one shipped weights file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    what: str = Field(description="What the network does and how it was changed, if at all.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file.")
    bytes: int = Field(gt=0, description="File size.")
    licence: str = Field(description="SPDX licence identifier of the weights.")
    licence_file: str = Field(description="Licence text shipped beside the file.")
    source: str = Field(description="Where the file comes from (repository @ commit : path).")
    changes: str = Field(description="What was changed from the source, or 'none'.")


@cache
def manifest() -> dict[str, WeightsEntry]:
    """Return the parsed ``weights.json``.

    >>> sorted(manifest())[:1]
    ['centerface.onnx']
    """
    path = WEIGHTS_DIR / "weights.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {name: WeightsEntry.model_validate(doc) for name, doc in raw.items()}
    except (OSError, ValueError, ValidationError) as exc:
        raise IntegrityError(
            Msg("err-weights-manifest", detail=str(exc)),
            file=path,
            hint=Msg("hint-weights-reinstall"),
        ) from exc


def verify_weights(path: Path, entry: WeightsEntry) -> None:
    """Raise :class:`IntegrityError` unless ``path`` has the size and digest of ``entry``."""
    size = path.stat().st_size
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if size == entry.bytes else None
    if digest != entry.sha256:
        raise IntegrityError(
            Msg(
                "err-weights-digest",
                expected=entry.sha256[:12],
                bytes=entry.bytes,
                found=digest[:12] + "…" if digest else Msg("weights-other-size"),
                size=size,
            ),
            file=path,
            hint=Msg("hint-weights-digest"),
        )


@cache
def weights_path(name: str) -> Path:
    """Return the verified path of a shipped weights file (checked once per process).

    Args:
        name: File name, e.g. ``"centerface.onnx"``.

    Raises:
        ScanInputError: When no such file is shipped.
        IntegrityError: When the file differs from its recorded digest.

    >>> weights_path("y5fu_320x_sim.onnx").name
    'y5fu_320x_sim.onnx'
    """
    entry = manifest().get(name)
    path = WEIGHTS_DIR / name
    if entry is None or not path.is_file():
        raise ScanInputError(
            Msg("err-model-not-shipped", name=name),
            file=path,
            hint=Msg("hint-model-not-shipped"),
        )
    verify_weights(path, entry)
    return path
