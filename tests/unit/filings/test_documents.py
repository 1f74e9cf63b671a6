"""Every document kind: chosen by the decision, headings as the official templates (where they
were verified) or marked reconstructed, and its computed content equal to the records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from tests.filings_workspace import AS_OF, DUP_FLOW, SA_APPROVAL, SA_FLOW, SCC_FLOW
from tests.unit.filings.extract import docx_blocks, docx_headings
from tests.zh_check import english_words
from typer.testing import CliRunner

from carborder.cli.main import app
from carborder.filings import build_annual_report, build_filing, load_catalogue, plan_filing
from carborder.filings.catalogue import iter_headings
from carborder.rulebook.schema import Confidence

runner = CliRunner()
DAY = date.fromisoformat(AS_OF)

# The numbered headings of the official self-assessment template (附件4), in order, as printed
# in the copy the template file cites — an oracle typed from the source, not from our YAML.
OFFICIAL_SELF_ASSESSMENT = [
    "一、自评估工作情况",
    "二、出境活动整体情况",
    "（一）数据处理者基本情况",
    "1.基本情况简介，包括股权结构、实际控制人、境内外投资情况等；",
    "2.组织架构和数据安全管理机构信息；",
    "3.整体业务与数据资产情况。",
    "（二）拟出境数据情况",
    "1.数据出境涉及业务、数据资产等情况；",
    "2.数据出境及境外接收方处理数据的目的、范围、方式，及其合法性、正当性、必要性；",
    "3.按照申报业务场景梳理对应的出境数据项情况，以列表形式呈现数据项清单并逐一说明（如下表所示），同一场景下的数据项需去重；",
    "4.拟出境数据在境内存储的系统平台、数据中心（包含云服务）等情况，数据出境链路相关情况（数据处理者、境外接收方的网络系统域名及网络地址，数据出境方式等），计划出境后存储的系统平台、数据中心等；",
    "5.数据出境后向境外其他接收方提供的情况；",
    "6.涉及个人信息的，按照自然人（去重）统计当年的出境数量，预估未来3年的出境数量。",
    "（三）数据处理者数据安全保障能力情况",
    "1.数据安全管理能力，包括管理组织体系和制度建设情况，全流程管理、分类分级、应急处置、风险评估、个人信息权益保护等制度及落实情况；",
    "2.数据安全技术能力，包括数据收集、存储、使用、加工、传输、提供、公开、删除等全流程所采取的安全技术措施等；",
    "3.数据安全保障措施有效性证明，例如开展的数据安全风险评估、数据安全认证、数据安全检查测评、数据安全合规审计、网络安全等级保护测评等情况；",
    "4.遵守数据和网络安全相关法律法规的情况。",
    "（四）境外接收方情况",
    "1.境外接收方基本情况；",
    "2.境外接收方处理数据的用途、方式等；",
    "3.境外接收方履行责任义务的管理和技术措施、能力等。",
    "（五）法律文件约定数据安全保护责任义务的情况",
    "1.数据出境的目的、方式和数据范围，境外接收方处理数据的用途、方式等；",
    "2.数据在境外保存地点、期限，以及达到保存期限、完成约定目的或者法律文件终止后出境数据的处理措施；",
    "3.对于境外接收方将出境数据再转移给其他组织、个人的约束性要求；",
    "4.境外接收方在实际控制权或者经营范围发生实质性变化，或者所在国家、地区数据安全保护政策法规和网络安全环境发生变化，以及发生其他不可抗力情形，导致难以保障数据安全时，应当采取的安全措施；",
    "5.违反法律文件约定的数据安全保护义务的补救措施、违约责任和争议解决方式；",
    "6.出境数据遭到篡改、破坏、泄露、丢失、转移或者被非法获取、非法利用时，妥善开展应急处置的要求和保障个人维护其个人信息权益的途径和方式。",
    "（六）数据处理者认为需要说明的其他情况",
    "三、出境活动的风险自评估情况及结论",
]

OFFICIAL_PIPIA = [
    "一、出境活动整体情况",
    "（一）个人信息处理者基本情况",
    "1.基本情况简介，包括股权结构、实际控制人、境内外投资情况、组织架构和个人信息保护机构信息等。",
    "2.整体业务与处理个人信息情况。",
    "3.拟出境个人信息情况。",
    "（1）个人信息出境涉及业务、个人信息收集使用、信息系统等情况；",
    "（2）个人信息处理者和境外接收方处理个人信息的目的、范围、方式，及其合法性、正当性、必要性；",
    "（3）出境个人信息的规模、范围、种类、敏感程度，处理敏感个人信息情况；",
    "（4）拟出境个人信息在境内存储的系统平台、数据中心等情况，个人信息出境链路相关情况，计划出境后存储的系统平台、数据中心等；",
    "（5）个人信息出境后向境外其他接收方提供的情况。",
    "4.遵守个人信息保护相关法律法规的情况。",
    "（二）境外接收方情况",
    "1.境外接收方基本情况；",
    "2.境外接收方处理个人信息的用途、方式等；",
    "3.境外接收方履行责任义务的管理和技术措施、能力等。",
    "（三）个人信息处理者认为需要说明的其他情况",
    "二、拟出境活动的影响评估情况及结论",
]


def _headings(kind: str, lang: str = "zh") -> list[str]:
    return [s.heading.get(lang) for _, s in iter_headings(load_catalogue().template(kind).sections)]


def test_verified_templates_equal_the_official_heading_lists() -> None:
    assert _headings("sa_self_assessment") == OFFICIAL_SELF_ASSESSMENT
    assert _headings("scc_pipia") == OFFICIAL_PIPIA
    contract = _headings("scc_contract")
    assert contract[:9] == [
        f"第{n}条　{t}"
        for n, t in zip(
            "一二三四五六七八九",
            [
                "定义",
                "个人信息处理者的义务",
                "境外接收方的义务",
                "境外接收方所在国家或者地区个人信息保护政策和法规对合同履行的影响",
                "个人信息主体的权利",
                "救济",
                "合同解除",
                "违约责任",
                "其他",
            ],
            strict=True,
        )
    ]


@pytest.mark.parametrize("kind", list(load_catalogue().templates))
def test_each_template_marks_its_checks_honestly(kind: str) -> None:
    cat = load_catalogue()
    t = cat.template(kind)
    flags = [s.verified for _, s in iter_headings(t.sections)]
    if t.confidence is Confidence.SOURCE:
        assert all(flags), "a template marked `source` has only verified headings"
    if not all(flags):
        assert t.confidence is not Confidence.SOURCE
        raw = cat.files[kind].read_text(encoding="utf-8")
        assert "RECONSTRUCTED" in raw or "reconstructed" in raw, "the file says it is reconstructed"
    assert t.source.checked_against


def _build(ws: Path, flow: str, out: Path, **kw: object) -> dict[str, object]:
    build_filing(flow, workspace=ws, output=out, formats="docx", as_of=DAY, **kw)  # type: ignore[arg-type]
    return json.loads((out / "filing.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _doc(out: Path, data: dict[str, object], kind: str, lang: str = "zh") -> Path:
    docs = data["documents"]
    assert isinstance(docs, list)
    return out / next(d["path"] for d in docs if d["kind"] == kind and d["lang"] == lang)


def test_security_assessment_pack_with_extension_and_important_data(
    filing_ws: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sa"
    data = _build(filing_ws, SA_FLOW, out, lang="both")
    kinds = list(dict.fromkeys(d["kind"] for d in data["documents"]))  # type: ignore[union-attr]
    # important-data filing first (the Guidelines' order), then the declaration set, then the
    # extension because the approval ends within the window (the pack's obligation)
    assert kinds == [
        "important_data_filing",
        "sa_declaration",
        "sa_self_assessment",
        "sa_link_sheet",
        "sa_extension",
    ]
    for kind in kinds:
        for lang in ("zh", "en"):
            assert docx_headings(_doc(out, data, kind, lang)) == _headings(kind, lang), kind
    meta = data["templates"]["sa_declaration"]  # type: ignore[index]
    assert meta["headings_verified"] == [] and "一、承诺书" in meta["headings_reconstructed"]
    assert data["templates"]["sa_self_assessment"]["headings_reconstructed"] == []  # type: ignore[index]
    text = "".join(docx_blocks(_doc(out, data, "sa_declaration")))
    assert "标记为“重构”的标题未经与官方模板核对" in text


def test_important_data_rows_equal_the_decision(filing_ws: Path) -> None:
    plan = plan_filing(SA_FLOW, workspace=filing_ws, as_of=DAY)
    from carborder.cli.commands.workspace import assess_workspace
    from carborder.workspace.config import Workspace

    decision = next(
        d for d in assess_workspace(Workspace.open(filing_ws), as_of=DAY) if d.flow == SA_FLOW
    )
    table = plan.fields["important.items"].filled.value
    keys = [k for k, _ in table.rows]  # type: ignore[union-attr]
    assert keys == [f"{m.item}@{m.asset}" for m in decision.important_data]
    assert len(keys) >= 1


def test_extension_growth_is_computed_from_the_counters_and_answers(filing_ws: Path) -> None:
    plan = plan_filing(SA_FLOW, workspace=filing_ws, as_of=DAY)
    assert "sa_extension" in plan.documents
    growth = dict(plan.fields["ext.growth"].filled.value.rows)  # type: ignore[union-attr]
    row = growth["individuals"]
    # recorded baseline = persons the gateway counted since the approval year (the fixture's
    # export: 50); forecast = highest year × 3 → +200 %, above the 20 % limit
    assert row["baseline"].zh == "50" and row["forecast"].zh == "150"
    assert (
        row["growth"].zh == "200.0%" and row["result"].zh == "不符合" and row["limit"].zh == "20%"
    )
    plan = plan_filing(
        SA_FLOW,
        workspace=filing_ws,
        as_of=DAY,
        answers={"ext.approved_individuals": "1000", "ext.forecast_individuals": "1150"},
    )
    row = dict(plan.fields["ext.growth"].filled.value.rows)["individuals"]  # type: ignore[union-attr]
    assert row["growth"].zh == "15.0%" and row["result"].zh == "符合"
    approval = dict(plan.fields["ext.approval"].filled.value.rows)[SA_APPROVAL]  # type: ignore[union-attr]
    assert approval["valid_until"].zh == "2026年12月19日" and approval["status"].zh == "临近到期"


def test_extension_growth_answer_must_be_a_number(filing_ws: Path, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("ext.approved_individuals: lots\n", encoding="utf-8")
    r = runner.invoke(
        app,
        [
            "filing",
            "build",
            SA_FLOW,
            "-w",
            str(filing_ws),
            "-o",
            str(tmp_path / "o"),
            "--format",
            "docx",
            "--as-of",
            AS_OF,
            "--answers",
            str(answers),
        ],
    )
    # filing commands speak zh by default, errors included
    assert r.exit_code == 2 and "“lots”不是整数" in r.output, r.output
    assert english_words(" ".join(r.output.split())) == [], r.output


def test_extension_scope_check_reads_the_scope_the_approval_recorded(
    filing_ws: Path, tmp_path: Path
) -> None:
    """The recorded scope decides "unchanged?", as the engine does; no stored decision needed.

    A decision stored before the approval with another scenario (what the filing used to infer
    from) does not override what the approval recorded; a flow that left the recorded scope
    reads "changed" in the filing exactly where the decision sees the change.
    """
    import shutil

    from carborder.audit.events import DecisionRecorded
    from carborder.store.repository import Store, StoredDecision
    from carborder.workspace.config import Workspace

    ws_path = tmp_path / "ws"
    shutil.copytree(filing_ws, ws_path)
    plan = plan_filing(SA_FLOW, workspace=ws_path, as_of=DAY)
    field = plan.fields["ext.scope"].filled
    assert not field.missing
    rows = dict(field.value.rows)  # type: ignore[union-attr]
    assert set(rows) == {"purpose", "recipient"}  # the dimensions the approval recorded
    assert rows["purpose"]["then"].zh == "other" and rows["purpose"]["now"].zh == "other"
    assert rows["purpose"]["result"].zh == "未变化" and rows["recipient"]["result"].zh == "未变化"
    assert f"approval:{SA_APPROVAL}#scope" in field.sources

    ws = Workspace.open(ws_path)
    store = Store.for_workspace(ws.root, url=ws.store_url())
    inventory = ws.inventory()
    then = {**inventory.flow(SA_FLOW).model_dump(mode="json"), "scenario": "after_sales"}
    record = StoredDecision(
        id="d-2023",
        flow_id=SA_FLOW,
        as_of="2023-12-01",
        pack="cn-auto-2026@x",
        status="needs_approval",
        pathway="security_assessment",
        input={"flow": then, "assets": {}, "recipient": {"id": "ops", "country": "SG"}},
        result={"important_data": []},
        requested_by="test",
    )
    try:
        with store.session() as s:
            store.record_decision(s, record)
            store.append_event(
                s,
                DecisionRecorded(
                    decision_id="d-2023",
                    flow_id=SA_FLOW,
                    status="needs_approval",
                    pathway="security_assessment",
                    pack="x",
                    as_of="2023-12-01",
                    input_sha256="0" * 64,
                ),
                actor="test",
            )
    finally:
        store.close()
    plan = plan_filing(SA_FLOW, workspace=ws_path, as_of=DAY)
    rows = dict(plan.fields["ext.scope"].filled.value.rows)  # type: ignore[union-attr]
    assert rows["purpose"]["result"].zh == "未变化"  # the recorded scope, not the history


def test_data_items_are_deduplicated_per_scenario(filing_ws: Path) -> None:
    plan = plan_filing(DUP_FLOW, workspace=filing_ws, as_of=DAY)
    rows = dict(plan.fields["transfer.data_items"].filled.value.rows)  # type: ignore[union-attr]
    # two assets carry the same items: one row each, both assets named in the remarks
    assert sorted(rows) == sorted(
        f"rd_collaboration/{k}"
        for k in ("spi.trajectory", "pi.vin", "pi.phone", "content.telemetry")
    )
    assert "trips、trips_copy" in rows["rd_collaboration/pi.vin"]["remarks"].zh
    assert [r["seq"].zh for r in rows.values()] == ["1", "2", "3", "4"]


def test_certification_mechanism_builds_its_documents(filing_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "cert"
    data = _build(filing_ws, SCC_FLOW, out, mechanism="certification")
    assert data["mechanism"] == "certification" and data["forced"] is None
    kinds = [d["kind"] for d in data["documents"]]  # type: ignore[union-attr]
    assert kinds == ["cert_pipia", "cert_scope", "cert_evidence_index"]
    headings = docx_headings(_doc(out, data, "cert_pipia"))
    assert "（一）个人信息出境对国家安全、公共利益的影响" in headings
    meta = data["templates"]["cert_pipia"]  # type: ignore[index]
    assert "（一）个人信息出境对国家安全、公共利益的影响" in meta["headings_reconstructed"]
    assert "一、出境活动整体情况" in meta["headings_verified"]


def test_annual_report_covers_the_workspace_for_the_year(filing_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "annual"
    result = build_annual_report(
        workspace=filing_ws, year=2026, output=out, formats="docx", as_of=DAY
    )
    data = json.loads(result.filing_json.read_text(encoding="utf-8"))
    assert data["year"] == 2026 and data["flow"] is None
    rows = data["fields"]["annual.outbound"]["value"]
    from carborder.workspace.config import Workspace

    flows = [f.id for f in Workspace.open(filing_ws).inventory().flows]
    assert sorted(rows) == sorted(flows)
    assert rows[SCC_FLOW]["releases"] == "1 / 2000"  # the fixture's one export
    text = "".join(docx_blocks(result.directory / data["documents"][0]["path"]))
    assert "2026年12月15日" in text  # due date from the pack's parameters
    assert docx_headings(result.directory / data["documents"][0]["path"]) == _headings(
        "annual_report"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999"], "年份 1999 超出范围"),
        (["--year", "2026", "--as-of", "2025-05-01"], "不在 2026 年内"),
    ],
)
def test_annual_report_bad_year_is_bad_input(
    filing_ws: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    r = runner.invoke(
        app, ["filing", "annual-report", "-w", str(filing_ws), "-o", str(tmp_path / "o"), *args]
    )
    assert r.exit_code == 2 and message in r.output, r.output
    assert english_words(" ".join(r.output.split())) == [], r.output


def test_answers_template_lists_every_human_field_of_the_pack(
    filing_ws: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sa"
    data = _build(filing_ws, SA_FLOW, out)
    template = yaml.safe_load((out / "answers-template.yaml").read_text(encoding="utf-8"))
    missing = {m.split("[")[0] for m in data["missing_human_fields"]}  # type: ignore[union-attr]
    assert missing <= set(template)
