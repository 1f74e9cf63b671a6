"""Exports of rosbag2 folders (SQLite3 and MCAP storage): one input, one output folder, real files.

The demo drive log (GNSS fixes at 10 Hz, a front camera showing a plate) is written into a
rosbag2 folder with each storage plugin by ``rosbags.rosbag2.Writer``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("mcap")
pytest.importorskip("rosbags")

from tests.media_flows import media_flows
from tests.rosbag2_bags import rosbag2_from_mcap

from carborder.demo.vehicle import write_demo_vehicle
from carborder.errors import InputError
from carborder.gateway import engine_scanner, export, verify_manifest
from carborder.gateway._io import expand_inputs
from carborder.gateway._media import input_format
from carborder.gateway.bag_folders import content_sha256

FRONT = "/camera/front/image/compressed"


@pytest.fixture(scope="module")
def drive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ADAS drive log as an MCAP file."""
    return write_demo_vehicle(tmp_path_factory.mktemp("vehicle"))["adas_drive_log"][0]


@pytest.fixture(scope="module", params=["sqlite3", "mcap"])
def bag(
    request: pytest.FixtureRequest, drive: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The drive log as a rosbag2 folder ``drive`` with the storage plugin of the param."""
    return rosbag2_from_mcap(drive, tmp_path_factory.mktemp(request.param) / "drive", request.param)


@pytest.fixture(scope="module")
def db3_bag(drive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The drive log as a rosbag2 folder with SQLite3 storage."""
    return rosbag2_from_mcap(drive, tmp_path_factory.mktemp("db3") / "drive", "sqlite3")


def _topics(folder: Path) -> Counter[str]:
    from rosbags.rosbag2 import Reader

    with Reader(folder) as r:
        return Counter(c.topic for c, _t, _raw in r.messages())


def _storage(folder: Path) -> str:
    """The storage file's suffix: ``.db3`` or ``.mcap``."""
    (suffix,) = {p.suffix for p in folder.iterdir() if p.name != "metadata.yaml"}
    return suffix


def _temp_dirs(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if "carborder-tmp" in p.name]


def test_a_rosbag2_folder_is_released_as_one_folder(ws: Path, bag: Path) -> None:
    media_flows(ws)
    r = export("drive_ok", workspace=ws, inputs=[bag], output=ws / "out")
    assert r.status == "released", r.message
    out = ws / "out" / "drive"
    suffix = _storage(bag)
    # One output folder of the input's name: its metadata and one storage file, same plugin.
    assert sorted(p.name for p in out.iterdir()) == sorted([f"drive{suffix}", "metadata.yaml"])
    assert [f["path"] for f in r.files] == [f"drive/drive{suffix}", "drive/metadata.yaml"]
    # Messages counted from the storage file (the metadata holds none); every message kept.
    assert [f["rows"] for f in r.files] == [120, None] and r.rows == 120
    assert _topics(out) == _topics(bag) == Counter({"/gnss/fix": 100, FRONT: 20})
    for f in r.files:
        data = (ws / "out" / f["path"]).read_bytes()
        assert f["sha256"] == hashlib.sha256(data).hexdigest() and f["bytes"] == len(data)
    # The re-scan of the released folder: positions coarsened, no plate left.
    after = engine_scanner([out]).facts
    precision = after["geo.precision_m"]
    assert isinstance(precision, float) and precision >= 1000
    assert "plate" not in (after.get("pi.kinds") or [])
    assert r.counters == {"pi.individuals": 1, "pi.sensitive_individuals": 1}  # one driver

    report = verify_manifest(ws / "out")
    assert report.ok, report.problems
    assert report.manifest is not None
    body = report.manifest["body"]
    assert body["files"] == r.files
    size = sum(p.stat().st_size for p in bag.iterdir())
    assert body["inputs"] == [{"name": "drive", "sha256": content_sha256(bag), "bytes": size}]
    [media] = body["media"]
    assert media["format"] == "rosbag2" and media["path"] == "drive"
    assert media["report"]["fixes_coarsened"] == 100 and media["report"]["images_changed"] == 20

    import typer

    from carborder.cli.commands import manifest

    app = typer.Typer()
    manifest.register(app)
    app.command("noop")(lambda: None)  # more than one command: subcommands keep their names
    res = CliRunner().invoke(app, ["manifest", "verify", str(ws / "out"), "--workspace", str(ws)])
    assert res.exit_code == 0 and "intact" in res.output, res.output


def test_dropping_location_drops_the_gnss_topic_of_the_folder(ws: Path, bag: Path) -> None:
    media_flows(ws)
    # named through the folder that holds it: the rosbag2 folder is found as one input
    r = export("drive_no_gnss", workspace=ws, inputs=[bag.parent], output=ws / "out")
    assert r.status == "released", r.message
    assert [f["path"] for f in r.files] == [f"drive/drive{_storage(bag)}", "drive/metadata.yaml"]
    out = ws / "out" / "drive"
    assert _topics(out) == Counter({FRONT: 20}) and r.rows == 20
    after = engine_scanner([out]).facts
    assert after["geo.present"] is False and "location" not in (after.get("pi.kinds") or [])
    assert verify_manifest(ws / "out").ok


def test_a_refused_plan_writes_no_folder(ws: Path, db3_bag: Path) -> None:
    media_flows(ws)
    r = export("drive_no_blur", workspace=ws, inputs=[db3_bag], output=ws / "out")
    assert r.status == "refused" and "camera.plates_visible=true" in r.message, r.message
    assert not (ws / "out").exists() and not _temp_dirs(ws)


def test_folders_of_inputs_take_each_rosbag2_folder_whole(tmp_path: Path, bag: Path) -> None:
    root = tmp_path / "data"
    (root / "runs" / "day1").mkdir(parents=True)
    shutil.copytree(bag, root / "runs" / "day1" / "drive")
    shutil.copytree(bag, root / "drive")
    (root / "runs" / "trips.csv").write_text("a\n1\n", encoding="utf-8")
    shutil.copy(next(bag.glob("*.db3"), bag / "metadata.yaml"), root / "loose.db3")
    # Neither metadata.yaml nor a storage file (an .mcap one too) is an input of its own.
    assert expand_inputs([root]) == [
        root / "drive",
        root / "runs/day1/drive",
        root / "runs/trips.csv",
    ]
    assert expand_inputs([root / "drive"]) == [root / "drive"]
    # Naming a file of the folder names the folder (and only once).
    assert expand_inputs([bag / "metadata.yaml", bag]) == [bag]
    assert input_format(bag) == "rosbag2"
    # A storage file without its folder's metadata cannot be read: said, not attempted.
    with pytest.raises(InputError, match="exported with its folder"):
        input_format(root / "loose.db3")
    # Its storage file names it too, whichever the plugin (an .mcap one is not read alone).
    assert expand_inputs([bag / f"drive{_storage(bag)}"]) == [bag]


class KilledError(Exception):
    """Stands for a kill at one stage of the run."""


def _kill_at(stage: str) -> Callable[[str], None]:
    def progress(s: str) -> None:
        if s == stage:
            raise KilledError(stage)

    return progress


@pytest.mark.parametrize("stage", ["written", "rescanned", "manifest", "committing"])
def test_a_run_stopped_before_the_rename_leaves_no_folder(
    ws: Path, db3_bag: Path, stage: str
) -> None:
    media_flows(ws)
    with pytest.raises(KilledError):
        export(
            "drive_ok", workspace=ws, inputs=[db3_bag], output=ws / "out", progress=_kill_at(stage)
        )
    assert not (ws / "out").exists() and not _temp_dirs(ws)


_KILLED_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from carborder.gateway import export

    def progress(stage):
        if stage == "manifest":  # the bag folder and the signed manifest are written
            os.kill(os.getpid(), signal.SIGKILL)

    export("drive_ok", workspace=Path(sys.argv[1]), inputs=[Path(sys.argv[2])],
           output=Path(sys.argv[3]), progress=progress)
    """
)


def test_a_kill_after_the_manifest_leaves_only_a_hidden_temp_dir(ws: Path, db3_bag: Path) -> None:
    media_flows(ws)
    out = ws / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_CHILD, str(ws), str(db3_bag), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -9, done.stderr[-2000:]
    # The complete-looking folder is only inside the hidden temp dir, never at the output.
    assert not out.exists()
    [tmp] = [p for p in _temp_dirs(ws) if p.is_dir()]  # beside it: the dead run's lock file
    assert tmp.name.startswith(".") and (tmp / "drive" / "metadata.yaml").is_file()
    # The next run removes the dead run's temp dir and releases.
    r = export("drive_ok", workspace=ws, inputs=[db3_bag], output=out)
    assert r.status == "released", r.message
    assert not _temp_dirs(ws) and verify_manifest(out).ok


def test_a_changed_added_or_removed_file_in_the_folder_fails_verification(
    ws: Path, db3_bag: Path, tmp_path: Path
) -> None:
    media_flows(ws)
    r = export("drive_ok", workspace=ws, inputs=[db3_bag], output=ws / "out")
    assert r.status == "released", r.message
    changed, added, removed = (tmp_path / n for n in ("changed", "added", "removed"))
    for d in (changed, added, removed):
        shutil.copytree(ws / "out", d)
    with (changed / "drive" / "drive.db3").open("r+b") as f:
        f.seek(-100, os.SEEK_END)
        byte = f.read(1)
        f.seek(-100, os.SEEK_END)
        f.write(bytes([byte[0] ^ 0xFF]))
    (added / "drive" / "notes.txt").write_text("added later\n", encoding="utf-8")
    (removed / "drive" / "metadata.yaml").unlink()
    expected = {
        changed: "drive/drive.db3: sha256",
        added: "drive/notes.txt",
        removed: "drive/metadata.yaml",
    }
    for folder, fragment in expected.items():
        report = verify_manifest(folder)
        assert not report.ok and not report.intact
        assert any(fragment in p for p in report.integrity_problems), report.integrity_problems
    assert verify_manifest(ws / "out").ok  # the released folder itself is untouched
    # The rewrite is deterministic: the same export again finds its own release in place.
    again = export("drive_ok", workspace=ws, inputs=[db3_bag], output=ws / "out")
    assert again.status == "unchanged", again.message
