"""`manifest verify` separates integrity from authenticity and trusts only keys a person names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.gateway import export
from carborder.gateway.manifest import sign_manifest, write_manifest
from carborder.gateway.signing import load_or_create_signing_key

runner = CliRunner()


@pytest.fixture
def released(ws: Path) -> Path:
    r = export("ok_flow", workspace=ws, inputs=[ws / "data" / "trips.parquet"], output=ws / "out")
    assert r.status == "released", r.message
    return ws / "out"


def _verify(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["manifest", "verify", *args])
    return res.exit_code, res.output


def _resign(released: Path, tmp_path: Path) -> None:
    doc = json.loads((released / "manifest.json").read_text())
    write_manifest(released, sign_manifest(doc["body"], load_or_create_signing_key(tmp_path / "x")))


def test_without_a_trusted_key_it_never_says_intact(released: Path) -> None:
    code, out = _verify(str(released))
    assert code == 1, out
    assert "intact" not in out
    assert "integrity:    OK" in out and "authenticity: NOT ESTABLISHED" in out
    assert "--key-id" in out  # says how to establish it


def test_a_manifest_resigned_by_another_key_is_not_authentic(
    ws: Path, released: Path, tmp_path: Path
) -> None:
    _resign(released, tmp_path)
    code, out = _verify(str(released), "--workspace", str(ws))
    assert code == 1, out
    assert "integrity:    OK" in out and "authenticity: FAILED" in out
    assert "intact and authentic" not in out


def test_workspace_key_file_and_pinned_fingerprint_are_trusted_with_a_reason(
    ws: Path, released: Path
) -> None:
    code, out = _verify(str(released), "--workspace", str(ws))
    assert code == 0 and "current signing key of workspace" in out, out
    pub = ws / ".carborder" / "keys" / "manifest-signing.ed25519.pub.pem"
    code, out = _verify(str(released), "--key", str(pub))
    assert code == 0 and f"it is the key in {pub}" in out.replace("\n", ""), out
    shown = runner.invoke(app, ["key", "show-id", "--workspace", str(ws), "--format", "json"])
    signing = next(k for k in json.loads(shown.output) if k["kind"] == "signing")
    for pin in (signing["fingerprint"], signing["key_id"], "SHA256:" + signing["fingerprint"]):
        code, out = _verify(str(released), "--key-id", pin)
        assert code == 0 and "pinned" in out, out
    code, out = _verify(str(released), "--key-id", "0" * 64)
    assert code == 1 and "authenticity: FAILED" in out


def test_json_reports_integrity_and_authenticity_separately(ws: Path, released: Path) -> None:
    code, out = _verify(str(released), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["ok"] is False
    assert doc["integrity"]["ok"] is True and doc["authenticity"]["ok"] is False
    assert "NOT ESTABLISHED" in doc["authenticity"]["reason"]
    code, out = _verify(str(released), "--format", "json", "--workspace", str(ws))
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and doc["authenticity"]["fingerprint"]
    # the fields stay English for programs; the verdict for people follows --lang
    zh = json.loads(_verify(str(released), "--format", "json", "-w", str(ws), "--lang", "zh")[1])
    assert zh["authenticity"] == doc["authenticity"] and zh["summary"] != doc["summary"]
    assert english_words(zh["summary"], {zh["authenticity"]["key_id"]}) == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--key-id", "not-hex"], "not a key id"),
        (["--key", "/nonexistent.pem"], "not found"),
    ],
)
def test_bad_trust_arguments_are_bad_input(released: Path, args: list[str], fragment: str) -> None:
    code, out = _verify(str(released), *args)
    assert code == 2 and fragment in out and "Traceback" not in out


def test_a_directory_that_is_not_an_export_is_bad_input(tmp_path: Path) -> None:
    code, out = _verify(str(tmp_path / "nope"))
    assert code == 2 and "not found" in out


def test_rotated_signing_key_still_vouches_for_what_it_signed(ws: Path, released: Path) -> None:
    res = runner.invoke(app, ["key", "rotate", "--workspace", str(ws), "--kind", "signing"])
    assert res.exit_code == 0, res.output
    code, out = _verify(str(released), "--workspace", str(ws))
    assert code == 0 and "retired (rotated) signing key" in out, out
    keys = ws / ".carborder" / "keys"
    assert len(list((keys / "retired-signing").glob("*.pub.pem"))) == 1
    again = export(
        "ok_flow", workspace=ws, inputs=[ws / "data" / "trips.parquet"], output=ws / "out2"
    )
    code, out = _verify(str(ws / "out2"), "--workspace", str(ws))
    assert code == 0 and "current signing key" in out, again.message
