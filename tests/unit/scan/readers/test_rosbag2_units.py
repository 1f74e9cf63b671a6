"""A rosbag2 folder is one scan unit, however many storage files it holds and however it is named.

Real recordings: the demo drive log (GNSS fixes at 10 Hz, a front camera showing a plate)
written by ``rosbags.rosbag2.Writer`` into one storage file, or into two whose
``metadata.yaml`` lists both (as a recorder splitting by size writes them), with each
storage plugin. The facts of a recording depend on its messages, not on how they are laid
out on disk.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

pytest.importorskip("mcap")
pytest.importorskip("rosbags")

from tests.rosbag2_bags import rosbag2_from_mcap, split_rosbag2

from carborder.cli.commands.scan import register
from carborder.demo.vehicle import write_demo_vehicle
from carborder.errors import ScanInputError
from carborder.scan import example_areas_path, scan
from carborder.scan.readers.registry import expand, input_bytes, reader_for
from carborder.scan.result import ScanResult
from carborder.scan.runners.base import plan_units
from carborder.scan.vehicle import scan_vehicle

#: Messages of the demo drive log (100 fixes, 20 frames).
MESSAGES = 120


@pytest.fixture(scope="module")
def drive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ADAS drive log as an MCAP file."""
    return write_demo_vehicle(tmp_path_factory.mktemp("vehicle"))["adas_drive_log"][0]


@pytest.fixture(scope="module", params=["sqlite3", "mcap"])
def storage(request: pytest.FixtureRequest) -> str:
    """The rosbag2 storage plugin."""
    return str(request.param)


@pytest.fixture(scope="module")
def whole(drive: Path, storage: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The drive log as a rosbag2 folder with one storage file."""
    return rosbag2_from_mcap(drive, tmp_path_factory.mktemp("whole") / "drive", storage)


@pytest.fixture(scope="module")
def split(drive: Path, storage: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same messages in a rosbag2 folder of two storage files."""
    return split_rosbag2(drive, tmp_path_factory.mktemp("split") / "drive", storage, 2)


@pytest.fixture(scope="module")
def whole_scan(whole: Path) -> ScanResult:
    """The scan of the one-file folder (the reference every layout is compared with)."""
    return scan([whole])


@pytest.fixture(scope="module")
def split_scan(split: Path) -> ScanResult:
    """The scan of the two-file folder, named as itself."""
    return scan([split])


def _storage_files(bag: Path) -> list[Path]:
    return sorted(p for p in bag.iterdir() if p.name != "metadata.yaml")


def _people(result: ScanResult) -> dict[str, object]:
    return {k: v for k, v in result.facts.items() if k.endswith("individuals")}


def _messages_in(storage_file: Path) -> int:
    """Messages in one storage file, read by its own format's library."""
    if storage_file.suffix == ".db3":
        import sqlite3
        from contextlib import closing

        with closing(sqlite3.connect(storage_file)) as db:
            (count,) = db.execute("SELECT COUNT(*) FROM messages").fetchone()
        return int(count)
    from mcap.reader import make_reader

    with storage_file.open("rb") as f:
        return sum(1 for _ in make_reader(f).iter_messages())


def test_the_split_bag_really_is_split(split: Path) -> None:
    # the fixture is what it claims: two storage files, each holding half of the messages,
    # read together by the rosbag2 reader
    from rosbags.rosbag2 import Reader

    assert [_messages_in(f) for f in _storage_files(split)] == [MESSAGES // 2] * 2
    with Reader(split) as r:
        assert sum(1 for _ in r.messages()) == MESSAGES


@pytest.mark.parametrize("runner", ["local", "pool"])
def test_a_split_bag_is_counted_once(
    split: Path, whole_scan: ScanResult, split_scan: ScanResult, runner: str
) -> None:
    two = split_scan if runner == "local" else scan([split], runner="pool", workers=2)
    # one unit, reported as the folder, its messages the sum over its files (not N x)
    [report] = two.files
    assert (report.path, report.reader, report.status) == (str(split), "rosbag", "ok")
    assert report.rows == MESSAGES and report.bytes == input_bytes(split)
    assert report.bytes == sum(p.stat().st_size for p in split.iterdir())
    assert not two.errors and not whole_scan.errors
    assert two.facts == whole_scan.facts
    assert _people(two) == _people(whole_scan)
    assert _people(two) == {"pi.individuals": 1, "pi.sensitive_individuals": 1}


def test_each_channel_is_seen_as_in_one_storage_file(whole: Path, split: Path) -> None:
    a, b = scan_vehicle(whole), scan_vehicle(split)
    assert [(c.name, c.messages) for c in b.channels] == [(c.name, c.messages) for c in a.channels]
    assert b.format == "rosbag2" and b.messages == MESSAGES


def test_an_mcap_storage_bag_is_read_as_a_bag(drive: Path, tmp_path: Path) -> None:
    bag = split_rosbag2(drive, tmp_path / "drive", "mcap", 2)
    result = scan([bag])
    [report] = result.files
    assert (report.path, report.reader, report.rows) == (str(bag), "rosbag", MESSAGES)
    # the same facts as the drive log read as one MCAP file: frames numbered across the
    # whole recording, one recording's people
    assert result.facts == scan([drive]).facts
    assert scan_vehicle(bag).format == "rosbag2"


def _named(bag: Path, way: str) -> list[str]:
    files = _storage_files(bag)
    return {
        "folder": [str(bag)],
        "parent": [str(bag.parent)],
        "metadata": [str(bag / "metadata.yaml")],
        "storage": [str(f) for f in files],  # every storage file: still the folder, once
        "folder-and-files": [str(bag), str(files[-1]), str(bag / "metadata.yaml")],
        "glob": [str(bag.parent / "**" / "*")],
    }[way]


@pytest.mark.parametrize(
    "way", ["folder", "parent", "metadata", "storage", "folder-and-files", "glob"]
)
def test_a_bag_named_any_way_is_the_same_one_unit(
    split: Path, split_scan: ScanResult, way: str
) -> None:
    named = _named(split, way)
    assert expand(named) == [split]
    result = split_scan if way == "folder" else scan(named)
    assert [f.path for f in result.files] == [str(split)]
    assert result.facts == split_scan.facts
    assert result.evidence == split_scan.evidence  # named by the folder, whatever was named


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _main() -> None:
        """Test app."""

    return app


def test_a_storage_file_without_metadata_is_refused(split: Path, tmp_path: Path) -> None:
    if _storage_files(split)[0].suffix != ".db3":
        pytest.skip("an .mcap file reads alone, as an MCAP file")
    loose = tmp_path / "copied" / "drive_0.db3"
    loose.parent.mkdir()
    shutil.copy(_storage_files(split)[0], loose)
    with pytest.raises(ScanInputError) as caught:
        expand([loose])
    err = caught.value
    assert err.file == str(loose) and "metadata.yaml" in err.message
    assert "name the rosbag2 folder" in str(err.hint)
    # the CLI: bad input (exit 2), the reason and the remedy said, nothing scanned or saved
    ws = tmp_path / "ws"
    ws.mkdir()
    areas = str(example_areas_path())
    args = ["scan", str(loose), "--format", "json", "--sensitive-areas", areas]
    r = CliRunner().invoke(_app(), [*args, "--workspace", str(ws), "--asset", "a"])
    assert r.exit_code == 2, r.output
    doc = json.loads(r.stdout)
    assert set(doc) == {"error"}, doc  # no facts: nothing was scanned
    assert (doc["error"]["code"], doc["error"]["file"]) == ("scan-input", str(loose))
    assert "metadata.yaml" in doc["error"]["message"] + doc["error"]["hint"]
    assert list(ws.iterdir()) == []
    # found inside a named folder it is that file's error, and the other files are scanned
    pq.write_table(pa.table({"phone": ["13800138000"]}), loose.parent / "people.parquet")
    result = scan([loose.parent])
    assert {f.path: f.status for f in result.files} == {
        str(loose): "error",
        str(loose.parent / "people.parquet"): "ok",
    }
    [error] = result.errors
    assert "metadata.yaml" in error.reason and "pi.kinds" in result.facts


def test_a_bag_beside_a_parquet_file_is_two_units(split: Path, tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(split, root / "runs" / "drive")
    pq.write_table(pa.table({"phone": ["13800138000"]}), root / "people.parquet")
    bag = root / "runs" / "drive"
    files = expand([root])
    assert files == [root / "people.parquet", bag]
    assert reader_for(bag) is not None and reader_for(bag.parent) is None
    # however many workers, the bag is not cut (its messages interleave across its files)
    units, state = plan_units(files, parts=4, split=True)
    assert [(Path(u.path), u.reader, u.part) for u in units] == [
        (root / "people.parquet", "parquet", None),
        (bag, "rosbag", None),
    ]
    assert units[1].size == sum(p.stat().st_size for p in bag.iterdir()) and not state.files
    result = scan([root], runner="pool", workers=2)
    assert sorted(f.path for f in result.files) == [str(root / "people.parquet"), str(bag)]
    assert not result.errors and result.facts == scan([root]).facts


def test_a_bag_inside_a_bag_is_part_of_it(split: Path, tmp_path: Path) -> None:
    # nothing inside a rosbag2 folder is an input of its own, not even another recording
    outer = tmp_path / "outer"
    shutil.copytree(split, outer)
    shutil.copytree(split, outer / "inner")
    (outer / ".notes").mkdir()
    assert expand([tmp_path]) == [outer]
    assert expand([outer / "inner" / "metadata.yaml"]) == [outer / "inner"]


def test_a_saved_scan_of_a_bag_names_the_folder_in_the_audit_chain(
    split: Path, tmp_path: Path
) -> None:
    from carborder.gateway.bag_folders import content_sha256
    from carborder.scan import load_scans
    from carborder.store import Store

    if _storage_files(split)[0].suffix != ".db3":
        pytest.skip("one storage plugin is enough: the folder is digested whatever it holds")
    ws = tmp_path / "ws"
    ws.mkdir()
    areas = str(example_areas_path())
    args = ["scan", str(split), "--sensitive-areas", areas, "--workspace", str(ws)]
    r = CliRunner().invoke(_app(), [*args, "--asset", "drive"])
    assert r.exit_code == 0, r.output
    [report] = load_scans(ws)["drive"].files
    assert report.path == str(split)
    store = Store.for_workspace(ws)
    try:
        [event] = [e.payload for e in store.iter_events() if e.name == "scan.recorded"]
    finally:
        store.close()
    # the recording, by every file's name and bytes (a changed storage file is another one)
    assert event["files"] == [content_sha256(split)]
