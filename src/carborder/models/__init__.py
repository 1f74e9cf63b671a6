"""Small model weights shipped with carborder, each beside its licence file.

Nothing is downloaded at run time: every detector loads its weights from this folder or from
a path the user passes.
"""

from __future__ import annotations

from pathlib import Path

from carborder.errors import ScanInputError

__all__ = ["MODELS_DIR", "model_path"]

#: Folder holding the shipped ``.onnx`` files and their ``LICENSE-*.txt`` files.
MODELS_DIR = Path(__file__).resolve().parent


def model_path(name: str) -> Path:
    """Return the path of a shipped model file.

    Args:
        name: File name, e.g. ``"centerface.onnx"``.

    Returns:
        The absolute path.

    Raises:
        ScanInputError: When the file is not shipped.

    >>> model_path("centerface.onnx").name
    'centerface.onnx'
    """
    path = MODELS_DIR / name
    if not path.is_file():
        raise ScanInputError(
            f"model file {name!r} is not shipped with this installation",
            file=path,
            hint="reinstall carborder with its package data, or pass your own model path",
        )
    return path
