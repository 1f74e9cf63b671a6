"""The input-safety layer: every command reads files through these bounds and error mappings.

- :mod:`~carborder.safety.limits`: size, depth, alias, digit and decoded-pixel bounds;
- :mod:`~carborder.safety.files`: regular files only (no devices, FIFOs), bounded reads,
  writable-folder checks;
- :mod:`~carborder.safety.oserrors`: permission, read-only and disk errors → bad input;
- :mod:`~carborder.safety.images`: decoded-pixel limits read from image headers.

Bad input anywhere gives one clear message (file, line, what to do) and exit code 2.
"""

from __future__ import annotations

from carborder.safety.dates import check_date
from carborder.safety.files import (
    file_kind,
    read_bytes_limited,
    read_text_limited,
    require_regular_file,
    require_writable_dir,
)
from carborder.safety.images import check_image_pixels, image_size
from carborder.safety.oserrors import input_error_from_os

__all__ = [
    "check_date",
    "check_image_pixels",
    "file_kind",
    "image_size",
    "input_error_from_os",
    "read_bytes_limited",
    "read_text_limited",
    "require_regular_file",
    "require_writable_dir",
]
