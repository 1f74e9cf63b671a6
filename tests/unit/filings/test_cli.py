"""`carborder filing`: bad input exits 2 with one message, check exits 0/1, --force is recorded,
answers fill human fields, Appendix 2 conflicts are caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests.filings_workspace import AS_OF, EXEMPT_FLOW, SCC_FLOW
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.store.repository import Store
from carborder.workspace.config import Workspace

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.output


def build(ws: Path, out: Path, *extra: str) -> tuple[int, str]:
    return run(
        "filing",
        "build",
        SCC_FLOW,
        "-w",
        str(ws),
        "-o",
        str(out),
        "--format",
        "docx",
        "--as-of",
        AS_OF,
        *extra,
    )


def test_unknown_flow_is_bad_input(filing_ws: Path, tmp_path: Path) -> None:
    args = ["filing", "build", "nope", "-w", str(filing_ws), "-o", str(tmp_path / "o")]
    code, out = run(*args)  # filing commands speak zh by default: the error too
    assert code == 2 and "未知的数据流“nope”" in out and "Traceback" not in out
    assert english_words(" ".join(out.split())) == [], out
    code, out = run(*args, "--lang", "en")
    assert code == 2 and "unknown flow 'nope'" in out
    assert not (tmp_path / "o").exists()


def test_missing_answers_file_is_bad_input(filing_ws: Path, tmp_path: Path) -> None:
    code, out = build(filing_ws, tmp_path / "o", "--answers", str(tmp_path / "none.yaml"))
    assert code == 2 and "找不到回答文件" in out and english_words(" ".join(out.split())) == []
    code, out = build(
        filing_ws, tmp_path / "o", "--answers", str(tmp_path / "none.yaml"), "--lang", "en"
    )
    assert code == 2 and "answers file not found" in out
    assert not (tmp_path / "o").exists()


def test_answers_key_that_is_no_field_is_bad_input_with_its_line(
    filing_ws: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("handler.address: 上海\nhandler.adress: typo\n", encoding="utf-8")
    code, out = build(filing_ws, tmp_path / "o", "--answers", str(answers), "--lang", "en")
    assert code == 2 and "'handler.adress' is no field" in out and "a.yaml:2" in out
    assert "handler.address" in out  # the hint lists the fields of that group


def test_malformed_answers_yaml_is_bad_input(filing_ws: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("handler.address: [unclosed\n", encoding="utf-8")
    code, out = build(filing_ws, tmp_path / "o", "--answers", str(answers))
    assert code == 2 and "YAML 格式错误" in out  # filing build speaks zh by default
    code, out = build(filing_ws, tmp_path / "o", "--answers", str(answers), "--lang", "en")
    assert code == 2 and "malformed YAML" in out


def test_a_table_answer_for_a_column_nobody_fills_is_bad_input(
    filing_ws: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        yaml.safe_dump({"transfer.data_items": {"rd_collaboration/pi.vin": {"item": "x"}}}),
        encoding="utf-8",
    )
    code, out = build(filing_ws, tmp_path / "o", "--answers", str(answers))
    assert code == 2 and "“item”不是可填写的列" in out and "necessity" in out
    assert english_words(" ".join(out.split())) == [], out
    code, out = build(filing_ws, tmp_path / "o", "--answers", str(answers), "--lang", "en")
    assert code == 2 and "'item' is no fillable column" in out


def test_check_on_a_folder_without_filing_json_is_bad_input(tmp_path: Path) -> None:
    code, out = run("filing", "check", str(tmp_path))
    assert code == 2 and "no filing.json here" in out


def test_output_folder_with_other_files_is_refused_and_left_alone(
    filing_ws: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, msg = build(filing_ws, out, "--lang", "en")
    assert code == 2 and "not empty" in msg
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_exempt_flow_needs_force_and_force_is_recorded(filing_ws: Path, tmp_path: Path) -> None:
    args = [
        "filing",
        "build",
        EXEMPT_FLOW,
        "-w",
        str(filing_ws),
        "--format",
        "docx",
        "--as-of",
        AS_OF,
    ]
    code, out = run(*args, "-o", str(tmp_path / "a"))
    assert code == 2 and "不要求" in out and "`--force`" in out
    assert english_words(" ".join(out.split())) == [], out
    code, out = run(*args, "-o", str(tmp_path / "a"), "--lang", "en")
    assert code == 2 and "does not require" in out and "--force" in out
    assert not (tmp_path / "a").exists()
    code, out = run(*args, "-o", str(tmp_path / "b"), "--force", "--actor", "forcer")
    assert code == 0, out
    data = json.loads((tmp_path / "b" / "filing.json").read_text(encoding="utf-8"))
    assert data["pathway"] == "exempt" and "does not require" in data["forced"]
    ws = Workspace.open(filing_ws)
    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        events = [
            e for e in store.iter_events() if e.name == "filing.generated" and e.actor == "forcer"
        ]
    finally:
        store.close()
    assert events and events[-1].payload["forced"] is True


def _fill_template(template: Path) -> dict[str, object]:
    """Answer every field the answers template lists (tables: every listed cell)."""
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    filled: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            filled[key] = {row: {col: f"说明{row}" for col in cols} for row, cols in value.items()}
        else:
            filled[key] = (
                "1"
                if key.endswith(
                    (
                        "_days_post",
                        "_days_electronic",
                        "copies_total",
                        "copies_each",
                        "dispute_option",
                    )
                )
                else f"填写{key}"
            )
    return filled


def test_check_exits_1_listing_fields_then_0_once_the_answers_fill_them(
    filing_ws: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    assert build(filing_ws, out)[0] == 0
    code, msg = run("filing", "check", str(out))
    assert code == 1 and "handler.address" in msg and "transfer.retention" in msg
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump(_fill_template(out / "answers-template.yaml"), allow_unicode=True),
        encoding="utf-8",
    )
    code, msg = run("filing", "check", str(out), "--answers", str(answers))
    assert code == 0, msg  # these answers would complete it
    assert build(filing_ws, out, "--answers", str(answers))[0] == 0
    code, msg = run("filing", "check", str(out))
    assert code == 0, msg
    data = json.loads((out / "filing.json").read_text(encoding="utf-8"))
    assert data["complete"] is True and data["missing_human_fields"] == []
    assert data["fields"]["handler.address"]["sources"] == ["answers:answers.yaml#handler.address"]
    assert all(not d["missing_human_fields"] for d in data["documents"])


def test_appendix2_conflict_is_flagged_and_keeps_the_filing_incomplete(
    filing_ws: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("scc.appendix2: 本合同与主合同不一致的，以主合同为准。\n", encoding="utf-8")
    out = tmp_path / "o"
    assert build(filing_ws, out, "--answers", str(answers))[0] == 0
    data = json.loads((out / "filing.json").read_text(encoding="utf-8"))
    assert data["lint"][0]["match"] == "以主合同为准" and "第九条" in data["lint"][0]["why_zh"]
    code, msg = run("filing", "check", str(out), "--format", "json")
    assert code == 1 and json.loads(msg)["lint"]
    fine = tmp_path / "b.yaml"
    fine.write_text("scc.appendix2: 双方另行约定数据传输频率为每周一次。\n", encoding="utf-8")
    code, msg = run("filing", "check", str(out), "--answers", str(fine), "--format", "json")
    assert json.loads(msg)["lint"] == []


@pytest.mark.parametrize(
    "text",
    [
        "This Agreement shall be governed by the laws of Germany.",
        "The Master Agreement shall prevail over this Contract.",
        "争议由德国法院管辖，由境外法院管辖。",
        "The data subjects shall have no third-party beneficiary rights.",
    ],
)
def test_lint_catches_each_known_conflict_kind(text: str) -> None:
    from carborder.filings.lint import lint_answers
    from carborder.filings.values import Text

    assert lint_answers({"scc.appendix2": Text.same(text)})


def test_lint_leaves_compatible_terms_alone() -> None:
    from carborder.filings.lint import lint_answers
    from carborder.filings.values import Text

    ok = "This contract is governed by the laws of the People's Republic of China. 适用中华人民共和国法律。"
    assert lint_answers({"scc.appendix2": Text.same(ok)}) == []


def test_templates_command_lists_kinds_and_checks(filing_ws: Path) -> None:
    code, out = run("filing", "templates", "--format", "json")
    assert code == 0
    kinds = {t["kind"]: t for t in json.loads(out)}
    assert kinds["scc_contract"]["confidence"] == "source"
    assert all(h[2] is False for h in kinds["scc_commitment"]["headings"])


def test_templates_table_in_chinese_names_the_confidence_in_chinese() -> None:
    from tests.zh_check import english_words

    result = CliRunner().invoke(
        app, ["filing", "templates", "--lang", "zh"], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    assert "已核对原文" in result.stdout and "未核实" in result.stdout
    rows = [ln.split("│")[5] for ln in result.stdout.splitlines() if ln.startswith("│")]
    assert rows and all(english_words(cell) == [] for cell in rows), rows
    english = CliRunner().invoke(app, ["filing", "templates"], env={"COLUMNS": "400"})
    assert "unverified" in english.stdout  # English keeps the marks as the data spells them


def test_messages_follow_the_language(filing_ws: Path, tmp_path: Path) -> None:
    from tests.zh_check import english_words

    out = tmp_path / "o"
    code, msg = run(
        "filing",
        "build",
        SCC_FLOW,
        "-w",
        str(filing_ws),
        "-o",
        str(out),
        "--format",
        "docx",
        "--as-of",
        AS_OF,
        "--lang",
        "zh",
    )
    assert code == 0 and "仍有" in msg and "待填写" in msg
    code, msg = run("filing", "check", str(out), "--lang", "zh")
    assert code == 1 and "待填写的必填项" in msg and "地址" in msg
    table_text = msg.split("\n", 1)[0]
    assert english_words(table_text) == []
