from __future__ import annotations

import json
from pathlib import Path

import pytest

from carborder.gateway import export, verify_manifest
from carborder.gateway.signing import load_or_create_signing_key, load_public_key_b64


@pytest.fixture
def released(ws: Path) -> Path:
    r = export("ok_flow", workspace=ws, inputs=[ws / "data" / "trips.parquet"], output=ws / "out")
    assert r.status == "released", r.message
    return ws / "out"


def test_released_output_verifies_against_the_workspace_key(ws: Path, released: Path) -> None:
    trusted = load_public_key_b64(ws / ".carborder" / "keys")
    report = verify_manifest(released, trusted_public_key=trusted)
    assert report.ok, report.problems
    body = report.manifest["body"] if report.manifest else {}
    assert body["flow"] == "ok_flow" and body["pack"].startswith("cn-auto-2026@")
    assert [o["op"] for o in body["operators"]] == ["pseudonymise", "generalise_geo"]
    assert "key_id" in body["operators"][0]["params"]
    assert set(body["files"][0]) == {"path", "rows", "bytes", "sha256", "format"}
    assert body["files"][0]["format"] == {"kind": "parquet"}
    assert body["scan"]["before"]["pi.kinds"] and "after" in body["scan"]


@pytest.mark.parametrize("offset", [0, 100, -1, -9])
def test_any_flipped_byte_is_detected(released: Path, offset: int) -> None:
    f = released / "trips.parquet"
    data = bytearray(f.read_bytes())
    data[offset] ^= 0x01
    f.write_bytes(bytes(data))
    report = verify_manifest(released)
    assert not report.ok and any("trips.parquet" in p for p in report.problems)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("body", "flow"), "other_flow"),
        (("body", "files", 0, "rows"), 1),
        (("body", "files", 0, "sha256"), "0" * 64),
        (("body", "decision_id"), "forged"),
        (("body", "operators", 1, "params", "precision_m"), 1.0),
    ],
)
def test_any_manifest_field_change_is_detected(
    released: Path, path: tuple[object, ...], value: object
) -> None:
    m = released / "manifest.json"
    doc = json.loads(m.read_text())
    node = doc
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    m.write_text(json.dumps(doc))
    report = verify_manifest(released)
    assert not report.ok
    assert any("signature" in p for p in report.problems)


def test_added_and_missing_files_are_detected(released: Path) -> None:
    (released / "extra.csv").write_text("x\n")
    report = verify_manifest(released)
    assert any("not listed" in p for p in report.problems)
    (released / "extra.csv").unlink()
    (released / "trips.parquet").unlink()
    assert any("missing" in p for p in verify_manifest(released).problems)


def test_resigned_by_another_key_is_not_trusted(ws: Path, released: Path, tmp_path: Path) -> None:
    from carborder.gateway.manifest import sign_manifest, write_manifest

    doc = json.loads((released / "manifest.json").read_text())
    other = load_or_create_signing_key(tmp_path / "attacker")
    write_manifest(released, sign_manifest(doc["body"], other))
    assert verify_manifest(released).ok  # self-consistent...
    trusted = load_public_key_b64(ws / ".carborder" / "keys")
    report = verify_manifest(released, trusted_public_key=trusted)
    assert not report.ok and "untrusted" in report.problems[0]


def test_missing_manifest_means_incomplete(tmp_path: Path) -> None:
    report = verify_manifest(tmp_path)
    assert not report.ok and "incomplete" in report.problems[0]
