"""Types of the native kernel (``_kernel.c``); each function's numpy twin documents it."""

from typing_extensions import Buffer

#: SHA-256 of the C source the module was built from ("" when the build did not say).
SOURCE_SHA256: str

def tokens(
    offs: Buffer, data: Buffer, seps: tuple[bytes, ...], /
) -> tuple[bytearray, bytearray, bytearray, bytearray, bytearray, bytearray, bytearray]: ...
def gather(data: Buffer, at: Buffer, skip: int, width: int, /) -> bytearray: ...
def mobile(mat: Buffer, width: int, table: Buffer, /) -> bytearray: ...
def vin(mat: Buffer, width: int, lut: Buffer, check: bytes, /) -> bytearray: ...
def resident_id(
    mat: Buffer,
    first: Buffer,
    last: Buffer,
    weights: Buffer,
    check: bytes,
    days: Buffer,
    today: int,
    at_birth_since: int,
    min_year: int,
    check_digit: bool,
    /,
) -> bytearray: ...
def uscc(
    mat: Buffer, values: Buffer, weights: Buffer, alphabet: bytes, first: Buffer, /
) -> bytearray: ...
def card(mat: Buffer, width: int, table: Buffer, /) -> bytearray: ...
def plates(
    offs: Buffer,
    data: Buffer,
    start: Buffer,
    end: Buffer,
    value: Buffer,
    link: Buffer,
    provinces: bytes,
    suffixes: tuple[bytes, ...],
    authority: Buffer,
    letter_or_digit: Buffer,
    digit: Buffer,
    nev: Buffer,
    /,
) -> tuple[bytearray, bytearray, bytearray, bytearray, bytearray]: ...
def order_u64(keys: Buffer, /) -> bytearray: ...
def hash64(offs: Buffer, data: Buffer, max_bytes: int, /) -> bytearray: ...
def components(ia: Buffer, ib: Buffer, n: int, /) -> bytearray: ...
def merge_unique(a: Buffer, b: Buffer, /) -> bytearray: ...
def previous_same_u64(keys: Buffer, /) -> bytearray: ...
def cell_marks(
    lat: Buffer, lon: Buffer, scale: float, lat0: int, lon0: int, height: int, width: int, /
) -> bytearray: ...
def sample_candidates(values: Buffer, enough: int, /) -> tuple[bytearray, bytearray]: ...
