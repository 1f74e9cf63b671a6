"""Readers turn files of every supported format into streams of Arrow record batches."""

from carborder.scan.readers.base import DEFAULT_BATCH_ROWS, Reader, Unit
from carborder.scan.readers.registry import expand, get, names, reader_for, register

__all__ = [
    "DEFAULT_BATCH_ROWS",
    "Reader",
    "Unit",
    "expand",
    "get",
    "names",
    "reader_for",
    "register",
]
