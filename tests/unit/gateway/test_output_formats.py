"""Exports keep each table's format and encoding (issue 14.6); inputs named twice leave once."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from carborder.errors import InputError
from carborder.gateway import export, verify_manifest
from carborder.gateway.formats import detect_table_format
from carborder.gateway.signing import trusted_workspace_keys


def _trips(ws: Path) -> pa.Table:
    t = pq.read_table(ws / "data" / "trips.parquet")
    # a Chinese free-text column, with a delimiter inside some values
    notes = [("回访，客户" if i % 7 else "已交车, 付款") for i in range(t.num_rows)]
    return t.append_column("备注", pa.array(notes))


def _write_csv(
    t: pa.Table,
    path: Path,
    *,
    encoding: str,
    sep: str,
    quote_all: bool,
    crlf: bool,
    bom: bool = False,
) -> Path:
    nl = "\r\n" if crlf else "\n"

    def cell(v: object) -> str:
        s = "" if v is None else str(v)
        return f'"{s}"' if quote_all or sep in s else s

    lines = [sep.join(cell(n) for n in t.column_names)]
    for row in t.to_pylist():
        lines.append(sep.join(cell(v) for v in row.values()))
    data = (nl.join(lines) + nl).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _manifest(out: Path) -> dict[str, object]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["body"]  # type: ignore[no-any-return]


def test_gbk_csv_stays_gbk_csv_with_its_delimiter_quoting_and_line_ends(ws: Path) -> None:
    src = _write_csv(
        _trips(ws), ws / "data" / "roster.csv", encoding="gbk", sep=";", quote_all=True, crlf=True
    )
    r = export("ok_flow", workspace=ws, inputs=[src], output=ws / "out")
    assert r.status == "released", r.message
    out = ws / "out" / "roster.csv"
    text = out.read_bytes().decode("gbk")  # strict: every byte is GBK
    lines = text.split("\r\n")
    assert lines[0] == '"vin";"phone";"trip";"ts";"lat";"lon";"speed";"note";"备注"'
    assert all(f.startswith('"') for f in lines[1].split(";") if f)
    assert "\n" not in text.replace("\r\n", "")
    assert r.files[0]["format"] == {
        "kind": "csv",
        "encoding": "gb18030",
        "delimiter": ";",
        "quoting": "all",
        "newline": "\r\n",
        "bom": False,
        "gzip": False,
        "suffix": ".csv",
    }
    assert r.files[0]["rows"] == 2000 == r.rows
    back = pacsv.read_csv(
        out,
        read_options=pacsv.ReadOptions(encoding="gbk"),
        parse_options=pacsv.ParseOptions(delimiter=";"),
    )
    assert back.column("备注").to_pylist()[:2] == ["已交车, 付款", "回访，客户"]
    assert all(v.startswith("ps_") for v in back.column("vin").to_pylist())
    assert verify_manifest(ws / "out", trusted=trusted_workspace_keys(ws)).verified


def test_utf8_bom_csv_keeps_bom_and_quotes_only_what_needs_it(ws: Path) -> None:
    src = _write_csv(
        _trips(ws),
        ws / "data" / "t.csv",
        encoding="utf-8",
        sep=",",
        quote_all=False,
        crlf=False,
        bom=True,
    )
    r = export("ok_flow", workspace=ws, inputs=[src], output=ws / "out")
    assert r.status == "released", r.message
    raw = (ws / "out" / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8")
    assert text.splitlines()[0] == "vin,phone,trip,ts,lat,lon,speed,note,备注"
    assert '"已交车, 付款"' in text and '"回访，客户"' not in text and "回访，客户" in text
    assert detect_table_format(ws / "out" / "t.csv") == detect_table_format(src)


def test_parquet_stays_parquet_and_output_format_converts(ws: Path) -> None:
    inp = ws / "data" / "trips.parquet"
    kept = export("ok_flow", workspace=ws, inputs=[inp], output=ws / "a")
    assert [f["path"] for f in kept.files] == ["trips.parquet"]
    assert kept.files[0]["format"] == {"kind": "parquet"}
    as_csv = export("ok_flow", workspace=ws, inputs=[inp], output=ws / "b", output_format="csv")
    assert [f["path"] for f in as_csv.files] == ["trips.csv"] and as_csv.rows == 2000
    assert as_csv.files[0]["format"]["encoding"] == "utf-8"
    src = _write_csv(
        _trips(ws), ws / "data" / "g.csv", encoding="gbk", sep=",", quote_all=False, crlf=False
    )
    as_pq = export("ok_flow", workspace=ws, inputs=[src], output=ws / "c", output_format="parquet")
    assert [f["path"] for f in as_pq.files] == ["g.parquet"]
    assert pq.read_table(ws / "c" / "g.parquet").num_rows == 2000
    with pytest.raises(InputError, match="unknown output format 'xlsx'"):
        export("ok_flow", workspace=ws, inputs=[inp], output=ws / "d", output_format="xlsx")


def test_jsonl_and_gzip_csv_keep_their_format_and_reruns_are_unchanged(ws: Path) -> None:
    t = pq.read_table(ws / "data" / "trips.parquet").slice(0, 300)
    jl = ws / "data" / "t.jsonl"
    jl.write_text("".join(json.dumps(r) + "\n" for r in t.to_pylist()), encoding="utf-8")
    gz = ws / "data" / "u.csv.gz"
    plain = _write_csv(t, ws / "u.csv", encoding="utf-8", sep=",", quote_all=False, crlf=False)
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    r = export("ok_flow", workspace=ws, inputs=[jl, gz], output=ws / "out")
    assert r.status == "released", r.message
    assert [f["path"] for f in r.files] == ["t.jsonl", "u.csv.gz"]
    first = json.loads((ws / "out" / "t.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["vin"].startswith("ps_") and set(first) == set(t.column_names)
    with gzip.open(ws / "out" / "u.csv.gz", "rt", encoding="utf-8") as fh:
        assert fh.readline().strip() == "vin,phone,trip,ts,lat,lon,speed,note"
    again = export("ok_flow", workspace=ws, inputs=[jl, gz], output=ws / "out")
    assert again.status == "unchanged"


def test_the_same_input_given_twice_is_exported_and_listed_once(ws: Path) -> None:
    inp = ws / "data" / "trips.parquet"
    copy = ws / "copy.parquet"
    shutil.copy(inp, copy)
    twice = [inp, ws / "data" / ".." / "data" / "trips.parquet", inp, copy]
    r = export("ok_flow", workspace=ws, inputs=twice, output=ws / "out")
    assert r.status == "released", r.message
    body = _manifest(ws / "out")
    assert [i["name"] for i in body["inputs"]] == ["trips.parquet"]  # type: ignore[index]
    assert [f["path"] for f in r.files] == ["trips.parquet"]
    assert any("same content" in w and "copy.parquet" in w for w in r.warnings)


def test_cli_output_format(ws: Path) -> None:
    from carborder.cli.main import app

    runner = CliRunner()
    base = [
        "export",
        "ok_flow",
        "--workspace",
        str(ws),
        "--input",
        str(ws / "data" / "trips.parquet"),
    ]
    res = runner.invoke(app, [*base, "--output", str(ws / "o"), "--output-format", "tsv"])
    assert res.exit_code == 0, res.output
    assert (ws / "o" / "trips.tsv").read_text(encoding="utf-8").startswith("vin\tphone\t")
    res = runner.invoke(app, [*base, "--output", str(ws / "p"), "--output-format", "xlsx"])
    assert res.exit_code == 2 and "unknown output format" in res.output
