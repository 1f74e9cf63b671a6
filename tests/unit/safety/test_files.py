"""Bounded reads return the whole file up to the limit, and refuse a byte more."""

from __future__ import annotations

from pathlib import Path

import pytest

from carborder.errors import InputError
from carborder.safety.files import read_bytes_limited


@pytest.mark.parametrize("size", [0, 1, 99, 100])
def test_a_file_up_to_the_limit_reads_whole(tmp_path: Path, size: int) -> None:
    f = tmp_path / "f.bin"
    f.write_bytes(bytes(range(size)))
    assert read_bytes_limited(f, 100) == f.read_bytes()


def test_a_byte_over_the_limit_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "f.bin"
    f.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="larger than"):
        read_bytes_limited(f, 100)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs /proc")
def test_a_file_longer_than_its_size_says_is_read_on() -> None:
    # /proc files are regular files whose size reads 0: the content is there all the same
    status = Path("/proc/self/status")
    data = read_bytes_limited(status, 1 << 20)
    assert data.startswith(b"Name:") and len(data) > 100
    with pytest.raises(InputError, match="larger than"):
        read_bytes_limited(status, 10)
