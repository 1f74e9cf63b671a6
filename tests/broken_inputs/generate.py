"""The broken-input corpus, generated: valid seed files of every format, then broken copies.

Nothing here is a kept binary: each seed is written by the library that owns the format
(pyarrow, mcap, rosbags, python-can, OpenCV, PyAV), and each broken case is a seed cut,
garbled, emptied, renamed to another format, or a hand-made hostile header (image bombs),
plus hostile YAML, GeoJSON and DBC text. ``python -m tests.broken_inputs.generate DIR`` writes
the corpus out for people to look at (with ``index.json``); the tests build it in a temp dir.

Each case names the command that reads it (``scan``, or a workspace command for YAML and
GeoJSON surfaces) and the exit code wanted: 2, with the file named and what to do.
"""

from __future__ import annotations

import io
import json
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SEEDS", "Case", "cases", "main", "seed_bytes"]


@dataclass(frozen=True)
class Case:
    """One broken input: where it goes, its bytes, and the surface that reads it."""

    name: str
    filename: str
    data: bytes
    #: scan (``scan --strict FILE``), dbc (``scan LOG --dbc FILE``), areas (``scan FILE
    #: --sensitive-areas FILE``), inventory / config (``assess``), scenario (``decide FILE``)
    surface: str
    why: str
    tags: tuple[str, ...] = field(default=())


# -- valid seeds ----------------------------------------------------------------------------


def _table() -> object:
    import pyarrow as pa

    return pa.table(
        {
            "vin": ["LSVAU218XN2183294", "LFV2A21K8A3005472"] * 20,
            "phone": ["13800138000", "13912345678"] * 20,
            "lat": [31.2304, 31.2310] * 20,
            "lon": [121.4737, 121.4741] * 20,
        }
    )


def _parquet() -> bytes:
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(_table(), buf)
    return buf.getvalue()


def _arrow() -> bytes:
    import pyarrow as pa

    table = _table()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as w:  # type: ignore[attr-defined]
        w.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _csv() -> bytes:
    rows = ["vin,phone,lat,lon"] + [
        f"LSVAU218XN2183294,1380013{i:04d},31.23{i:02d},121.47{i:02d}" for i in range(40)
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def _jsonl() -> bytes:
    lines = [
        json.dumps({"vin": "LSVAU218XN2183294", "phone": f"1380013{i:04d}", "lat": 31.23})
        for i in range(40)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _mcap(tmp: Path) -> bytes:
    from carborder.demo.vehicle import _write_mcap

    path = tmp / "seed.mcap"
    _write_mcap(path, 3)
    return path.read_bytes()


def _bag(tmp: Path) -> bytes:
    from rosbags.rosbag1 import Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS1_NOETIC)
    fix = store.types["sensor_msgs/msg/NavSatFix"]
    header = store.types["std_msgs/msg/Header"]
    status = store.types["sensor_msgs/msg/NavSatStatus"]
    time = store.types["builtin_interfaces/msg/Time"]
    path = tmp / "seed.bag"
    with Writer(path) as w:
        conn = w.add_connection("/gnss/fix", fix.__msgtype__, typestore=store)
        for k in range(20):
            msg = fix(
                header=header(seq=k, stamp=time(sec=1_700_000_000 + k, nanosec=0), frame_id="g"),
                status=status(status=0, service=1),
                latitude=31.23 + k * 1e-4,
                longitude=121.47,
                altitude=4.0,
                position_covariance=__import__("numpy").zeros(9),
                position_covariance_type=0,
            )
            w.write(conn, (1_700_000_000 + k) * 10**9, store.serialize_ros1(msg, fix.__msgtype__))
    return path.read_bytes()


def _candump(tmp: Path) -> bytes:
    from carborder.demo.vehicle import _write_candump

    path = tmp / "seed.log"
    _write_candump(path, 3)
    return path.read_bytes()


def _image(ext: str) -> bytes:
    import cv2
    import numpy as np

    img = np.full((48, 64, 3), 90, np.uint8)
    cv2.rectangle(img, (8, 8), (40, 30), (255, 255, 255), 2)
    ok, buf = cv2.imencode(ext, img)
    assert ok
    return bytes(buf.tobytes())


def _mp4(tmp: Path) -> bytes:
    import av
    import numpy as np

    path = tmp / "seed.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for k in range(5):
            frame = np.full((48, 64, 3), 40 * k, np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path.read_bytes()


#: Seed writers by suffix: the formats ``scan`` reads.
SEEDS: dict[str, Callable[[Path], bytes]] = {
    ".parquet": lambda _t: _parquet(),
    ".arrow": lambda _t: _arrow(),
    ".csv": lambda _t: _csv(),
    ".jsonl": lambda _t: _jsonl(),
    ".mcap": _mcap,
    ".bag": _bag,
    ".log": _candump,
    ".png": lambda _t: _image(".png"),
    ".jpg": lambda _t: _image(".jpg"),
    ".mp4": _mp4,
}

#: Formats whose readers check structure (a cut or garbled file cannot pass as valid).
_BINARY = (".parquet", ".arrow", ".mcap", ".bag", ".png", ".jpg", ".mp4")
#: Formats that keep a second copy of their header at the end (Arrow's footer holds the
#: schema): a garbled head is still readable, so it is no broken case for them.
_FOOTER_HEADED = (".arrow",)


def seed_bytes(suffix: str, tmp: Path) -> bytes:
    """A small valid file of the format ``suffix``."""
    return SEEDS[suffix](tmp)


# -- hostile headers and texts --------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + crc


def _jpeg_header(width: int, height: int) -> bytes:
    sof = b"\x08" + struct.pack(">HH", height, width) + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


def _laughs() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    return text


#: Hostile YAML documents: (case, text, why).
YAML_BOMBS: tuple[tuple[str, bytes, str], ...] = (
    ("billion-laughs", _laughs().encode(), "aliases expanding to a billion nodes"),
    ("deep-nesting", ("a: " + "[" * 5000 + "]" * 5000 + "\n").encode(), "5,000-deep lists"),
    ("self-alias", b"a: &x [*x]\n", "an alias inside its own anchor"),
    ("python-tag", b"a: !!python/object/apply:os.system [ls]\n", "a code-running tag"),
    ("unknown-tag", b"a: !secret x\n", "a tag nobody defined"),
    ("nul-byte", b"a: b\x00c\n", "a NUL byte"),
    ("long-number", b"a: " + b"9" * 5000 + b"\n", "a 5,000-digit number"),
    ("latin-1", "a: caf\xe9\n".encode("latin-1"), "not UTF-8"),
    ("tab-indent", b"a:\n\t- b\n", "a tab used for indentation"),
    ("duplicate-key", b"a: 1\na: 2\n", "the same key twice"),
    ("top-level-list", b"- a\n- b\n", "a list where a mapping belongs"),
    ("oversized", b"a: '" + b"x" * (9 << 20) + b"'\n", "9 MiB, beyond the 8 MiB bound"),
    ("binary", bytes(range(256)), "binary bytes"),
)

#: Broken sensitive-area GeoJSON: (case, text, why).
GEOJSON_BROKEN: tuple[tuple[str, bytes, str], ...] = (
    ("not-json", b"{not json", "not JSON"),
    ("list", b"[1, 2]", "a list, not a FeatureCollection"),
    ("no-geometry", b'{"type":"FeatureCollection","features":[1]}', "a feature without geometry"),
    (
        "bad-ring",
        b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
        b'{"type":"Polygon","coordinates":[[1,2]]}}]}',
        "a ring of numbers, not positions",
    ),
    (
        "point",
        b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
        b'{"type":"Point","coordinates":[1,2]}}]}',
        "a point is not an area",
    ),
    (
        "deep",
        b'{"type":"FeatureCollection","features":' + b"[" * 100000 + b"]" * 100000 + b"}",
        "100,000-deep JSON",
    ),
    ("empty", b"", "zero bytes"),
)

#: Broken DBC files: (case, bytes, why).
DBC_BROKEN: tuple[tuple[str, bytes, str], ...] = (
    ("control-bytes", bytes(range(256)) * 4, "binary garbage (must not reach the terminal)"),
    ("empty", b"", "zero bytes"),
)


# -- the corpus -------------------------------------------------------------------------------


def _mutations(suffix: str, data: bytes, rng: random.Random) -> list[tuple[str, bytes, str]]:
    """Broken copies of one seed: (case, bytes, why)."""
    out = [("zero-byte", b"", "an empty file")]
    if suffix in _BINARY:
        n = len(data)
        garbled = bytes(rng.randrange(256) for _ in range(64)) + data[64:]
        out += [
            ("cut-half", data[: n // 2], "cut at half its length (an interrupted copy)"),
            ("cut-head", data[:16], "only its first 16 bytes"),
            ("random", bytes(rng.randrange(256) for _ in range(max(256, n // 4))), "random bytes"),
        ]
        if suffix not in _FOOTER_HEADED:
            out.append(("garbled-head", garbled, "its first 64 bytes garbled"))
    return out


def _mislabelled(seeds: dict[str, bytes]) -> list[Case]:
    """A seed's bytes under another format's name (binary formats check their magic)."""
    pairs = (
        (".csv", ".parquet"),
        (".jsonl", ".arrow"),
        (".parquet", ".mcap"),
        (".csv", ".bag"),
        (".parquet", ".png"),
        (".png", ".jpg"),
        (".parquet", ".mp4"),
        (".mp4", ".mcap"),
    )
    return [
        Case(
            f"mislabelled{src}-as{dst}",
            f"mislabelled{dst}",
            seeds[src],
            "scan",
            f"{src} content named {dst}",
            ("mislabelled",),
        )
        for src, dst in pairs
    ]


def _arrow_with_column(offsets: list[int], data: bytes) -> bytes:
    """A well-formed Arrow IPC file whose one string column breaks Arrow's own invariants.

    The IPC framing is intact, so the file opens; only full validation of the column's buffers
    notices the out-of-bounds offset or the bytes that are not UTF-8 (reading them unchecked
    makes compute kernels read outside the buffer).
    """
    import pyarrow as pa

    packed = b"".join(o.to_bytes(4, "little", signed=True) for o in offsets)
    column = pa.Array.from_buffers(
        pa.string(), len(offsets) - 1, [None, pa.py_buffer(packed), pa.py_buffer(data)]
    )
    batch = pa.record_batch([column], names=["note"])
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, batch.schema) as w:  # type: ignore[attr-defined]
        w.write_batch(batch)
    return bytes(sink.getvalue().to_pybytes())


def _invariant_breaking() -> list[Case]:
    """Files whose framing is valid but whose content lies about its own buffers."""
    return [
        Case(
            "arrow-offset-out-of-bounds.arrow",
            "offsets.arrow",
            _arrow_with_column([0, 3, 2_030_043_246, 9], b"abcdefghi"),
            "scan",
            "a string offset far past the end of its data buffer",
            ("invariant", ".arrow"),
        ),
        Case(
            "arrow-invalid-utf8.arrow",
            "utf8.arrow",
            _arrow_with_column([0, 3, 6], b"ab\xffcd\xfe"),
            "scan",
            "a string column holding bytes that are not UTF-8",
            ("invariant", ".arrow"),
        ),
    ]


def cases(tmp: Path, *, seed: int = 8) -> list[Case]:
    """Every case of the corpus (seed files are written under ``tmp`` while being made)."""
    rng = random.Random(seed)
    seeds = {suffix: seed_bytes(suffix, tmp) for suffix in SEEDS}
    out: list[Case] = []
    for suffix, data in seeds.items():
        for name, broken, why in _mutations(suffix, data, rng):
            out.append(
                Case(f"{name}{suffix}", f"{name}{suffix}", broken, "scan", why, (name, suffix))
            )
    out += _mislabelled(seeds)
    out += _invariant_breaking()
    out += [
        Case("bomb-60000.png", "bomb.png", _png_header(60000, 60000), "scan", "60,000² header"),
        Case("bomb-60000.jpg", "bomb.jpg", _jpeg_header(60000, 60000), "scan", "60,000² header"),
        Case("bomb-1x2e9.png", "wide.png", _png_header(2_000_000_000, 1), "scan", "2e9 wide"),
    ]
    for name, text, why in DBC_BROKEN:
        out.append(Case(f"dbc-{name}", f"{name}.dbc", text, "dbc", why))
    for name, text, why in GEOJSON_BROKEN:
        out.append(Case(f"areas-{name}", f"{name}.geojson", text, "areas", why))
    for surface, filename in (
        ("inventory", "flows.yaml"),
        ("config", "carborder.yaml"),
        ("scenario", "scenario.yaml"),
    ):
        for name, text, why in YAML_BOMBS:
            out.append(Case(f"{surface}-{name}", filename, text, surface, why))
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the corpus into a folder, with ``index.json`` (case, file, surface, why)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tests.broken_inputs.generate DIR", file=sys.stderr)
        return 2
    root = Path(args[0])
    root.mkdir(parents=True, exist_ok=True)
    index = []
    for case in cases(root):
        folder = root / case.surface / case.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / case.filename).write_bytes(case.data)
        index.append(
            {
                "case": case.name,
                "file": f"{case.surface}/{case.name}/{case.filename}",
                "surface": case.surface,
                "why": case.why,
            }
        )
    (root / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    print(f"{len(index)} broken inputs in {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
