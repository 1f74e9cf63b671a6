"""Build, plan and check filing packs: the Python API behind `carborder filing`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from carborder.errors import FilingError
from carborder.filings.answers import Answers, load_answers
from carborder.filings.catalogue import Catalogue, load_catalogue
from carborder.filings.compose import Composer, FieldState
from carborder.filings.context import FilingContext, open_context
from carborder.filings.events import FilingGenerated
from carborder.filings.ir import Document
from carborder.filings.lint import LintFinding, lint_answers
from carborder.filings.pack import (
    ANSWERS_TEMPLATE,
    FILING_JSON,
    answers_template,
    prepare_output,
    publish,
    read_filing_json,
    stamp_datetime,
    verify_pack,
    write_json,
    write_zip,
    zip_sha256,
)
from carborder.filings.select import choose_mechanism, documents_for_mechanism, required_documents
from carborder.workspace.config import Workspace

__all__ = [
    "DocumentEntry",
    "FilingCheck",
    "FilingPlan",
    "FilingResult",
    "MissingField",
    "build_annual_report",
    "build_filing",
    "check_filing",
    "plan_filing",
]

Lang = Literal["zh", "en", "both"]
Formats = Literal["docx", "pdf", "all"]
FORMAT = "carborder-filing/1"


@dataclass(frozen=True)
class DocumentEntry:
    """One generated file."""

    kind: str
    lang: str
    format: str
    path: str
    title: str
    edition: str
    missing_human_fields: list[str]

    def to_json(self) -> dict[str, Any]:
        """filing.json entry."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class MissingField:
    """A required item nobody has filled yet."""

    field: str
    label_zh: str
    label_en: str
    documents: list[str]


@dataclass
class FilingPlan:
    """What a build would contain, without rendering: documents, every field, completeness."""

    flow: str | None
    pathway: str | None
    decision_id: str | None
    mechanism: str | None
    documents: list[str]
    forced: str | None
    fields: dict[str, FieldState]
    lint: list[LintFinding]
    docs: list[Document] = field(default_factory=list)

    @property
    def missing(self) -> list[MissingField]:
        """Required items still empty."""
        out = []
        for state in self.fields.values():
            for m in state.missing:
                out.append(
                    MissingField(m, state.spec.label.zh, state.spec.label.en, state.documents)
                )
        return out

    @property
    def complete(self) -> bool:
        """Every required field filled and no conflict found."""
        return not self.missing and not self.lint


@dataclass(frozen=True)
class FilingResult:
    """A written filing folder."""

    directory: Path
    flow: str | None
    pathway: str | None
    documents: list[DocumentEntry]
    pack_zip: Path
    filing_json: Path
    complete: bool
    missing: list[MissingField]


@dataclass(frozen=True)
class FilingCheck:
    """Completeness of a filing folder (optionally against an edited answers file)."""

    directory: Path
    complete: bool
    missing: list[MissingField]
    lint: list[dict[str, str]]
    pack_problems: list[str]


def _today() -> date:
    return datetime.now(UTC).date()


def _langs(lang: str) -> list[str]:
    if lang not in ("zh", "en", "both"):
        raise FilingError(f"unknown language '{lang}'", hint="use zh, en or both")
    return ["zh", "en"] if lang == "both" else [lang]


def _formats(formats: str) -> list[str]:
    if formats not in ("docx", "pdf", "all"):
        raise FilingError(f"unknown format '{formats}'", hint="use docx, pdf or all")
    return ["docx", "pdf"] if formats == "all" else [formats]


def _plan(
    ctx: FilingContext,
    answers: Answers,
    kinds: list[str],
    *,
    forced: str | None,
    langs: list[str],
    formats: list[str],
) -> FilingPlan:
    cat = ctx.catalogue
    ctx.documents = {k: f"zh/{i:02d}-{k}.{formats[0]}" for i, k in enumerate(kinds, start=1)}
    ctx.answers = answers
    composer = Composer(ctx, answers)
    docs = [
        composer.document(cat.template(kind), lang, forced_reason=forced)
        for lang in langs
        for kind in kinds
    ]
    decision = ctx.decisions[ctx.flow.id] if ctx.flow is not None else None
    return FilingPlan(
        flow=ctx.flow.id if ctx.flow is not None else None,
        pathway=decision.pathway.value if decision else None,
        decision_id=decision.decision_id if decision else None,
        mechanism=None,
        documents=kinds,
        forced=forced,
        fields=composer.fields,
        lint=lint_answers(answers.texts),
        docs=docs,
    )


def _flow_kinds(
    ctx: FilingContext,
    *,
    mechanism: str | None,
    documents: list[str] | None,
    force: bool,
) -> tuple[list[str], str | None, str | None]:
    """Documents to build, the mechanism, and why they were forced (None when required)."""
    cat = ctx.catalogue
    decision = ctx.decision
    mech = choose_mechanism(cat, decision, ctx.inventory.approvals, mechanism)
    required = required_documents(cat, decision, mech)
    if documents:
        unknown = [k for k in documents if k not in cat.templates]
        if unknown:
            raise FilingError(
                f"unknown document kind '{unknown[0]}'", hint="kinds: " + ", ".join(cat.templates)
            )
        wanted = list(dict.fromkeys(documents))
    elif required:
        wanted = required
    else:
        wanted = documents_for_mechanism(cat, mech or "standard_contract")
    extra = [k for k in wanted if k not in required]
    if not extra:
        return wanted, mech, None
    pathway = ctx.pack.pathway(decision.pathway.value).title
    reason = (
        f"pathway {decision.pathway.value} ({pathway.zh}) of decision {decision.decision_id[:12]} "
        f"does not require {', '.join(extra)}"
    )
    if not force:
        raise FilingError(
            f"flow '{decision.flow}': {reason}",
            hint="carborder drafts only what the decision requires; pass --force to draft anyway "
            "(recorded in filing.json and the audit log)",
        )
    return wanted, mech, reason


def plan_filing(
    flow: str,
    *,
    workspace: Path | str,
    answers: Path | str | Mapping[str, Any] | None = None,
    mechanism: str | None = None,
    documents: list[str] | None = None,
    force: bool = False,
    as_of: date | None = None,
    lang: Lang = "zh",
) -> FilingPlan:
    """Decide the flow and fill its documents' fields without writing anything.

    Raises:
        FilingError / InputError: unknown flow, bad answers, a document the decision does not
            require without ``force``.
    """
    cat = load_catalogue()
    parsed = load_answers(answers, cat.fields)
    ws = Workspace.open(workspace)
    ctx = open_context(ws, cat, as_of or _today(), flow=flow)
    kinds, mech, forced = _flow_kinds(ctx, mechanism=mechanism, documents=documents, force=force)
    plan = _plan(ctx, parsed, kinds, forced=forced, langs=_langs(lang), formats=["docx"])
    plan.mechanism = mech
    return plan


def build_filing(
    flow: str,
    *,
    workspace: Path | str,
    output: Path | str,
    lang: Lang = "zh",
    formats: Formats = "all",
    answers: Path | str | Mapping[str, Any] | None = None,
    force: bool = False,
    mechanism: str | None = None,
    documents: list[str] | None = None,
    as_of: date | None = None,
    actor: str = "api",
) -> FilingResult:
    """Write the filing pack a flow's decision requires (zh and/or en, DOCX and/or PDF).

    The folder gets the documents, ``filing.json`` (every field with its value and source, what
    is missing), ``answers-template.yaml`` and ``<flow>-filing-pack.zip`` holding all of them
    with a manifest signed by the workspace key; an audit event records the build.

    Raises:
        FilingError / InputError: unknown flow, bad answers, fonts missing for PDF, a document
            the decision does not require without ``force``.
    """
    langs, fmts = _langs(lang), _formats(formats)
    cat = load_catalogue()
    parsed = load_answers(answers, cat.fields)
    ws = Workspace.open(workspace)
    day = as_of or _today()
    ctx = open_context(ws, cat, day, flow=flow)
    kinds, mech, forced = _flow_kinds(ctx, mechanism=mechanism, documents=documents, force=force)
    plan = _plan(ctx, parsed, kinds, forced=forced, langs=langs, formats=fmts)
    plan.mechanism = mech
    return _write(
        ws, cat, plan, Path(output), fmts, day, parsed, actor, name=f"{flow}-filing-pack.zip"
    )


def build_annual_report(
    *,
    workspace: Path | str,
    year: int,
    output: Path | str,
    lang: Lang = "zh",
    formats: Formats = "all",
    answers: Path | str | Mapping[str, Any] | None = None,
    force: bool = False,
    as_of: date | None = None,
    actor: str = "api",
) -> FilingResult:
    """Write the annual automotive-data security report of the whole workspace for ``year``.

    Raises:
        FilingError / InputError: bad year or answers, fonts missing, or no flow's decision
            carries the annual-report obligation and ``force`` is not set.
    """
    langs, fmts = _langs(lang), _formats(formats)
    cat = load_catalogue()
    parsed = load_answers(answers, cat.fields)
    ws = Workspace.open(workspace)
    today = _today()
    if not 2000 <= year <= today.year + 1:
        raise FilingError(f"year {year} is out of range", hint=f"give a year up to {today.year}")
    day = as_of or min(today, date(year, 12, 31))
    if day.year != year:
        raise FilingError(
            f"--as-of {day} is not in {year}", hint="the report covers one calendar year"
        )
    ctx = open_context(ws, cat, day, year=year)
    kind = cat.index.annual_report
    if kind not in cat.templates:
        raise FilingError(f"no template for '{kind}'", file=cat.files["index"])
    needed = [
        d.flow
        for d in ctx.decisions.values()
        if any(o.id == cat.index.annual_obligation for o in d.obligations)
    ]
    forced = None
    if not needed:
        reason = f"no flow's decision carries {cat.index.annual_obligation} on {day}"
        if not force:
            raise FilingError(reason, hint="pass --force to draft the report anyway (recorded)")
        forced = reason
    plan = _plan(ctx, parsed, [kind], forced=forced, langs=langs, formats=fmts)
    return _write(
        ws,
        cat,
        plan,
        Path(output),
        fmts,
        day,
        parsed,
        actor,
        name=f"annual-report-{year}.zip",
        year=year,
    )


def _write(
    ws: Workspace,
    cat: Catalogue,
    plan: FilingPlan,
    output: Path,
    fmts: list[str],
    day: date,
    answers: Answers,
    actor: str,
    *,
    name: str,
    year: int | None = None,
) -> FilingResult:
    from carborder.filings.render_docx import render_docx
    from carborder.filings.render_pdf import render_pdf

    if "pdf" in fmts:
        from carborder.filings.fonts import resolve_fonts

        resolve_fonts(cat.fonts)  # fail before anything is written
    staging = prepare_output(output)
    created = stamp_datetime(day)
    entries: list[DocumentEntry] = []
    try:
        for doc in plan.docs:
            index = plan.documents.index(doc.kind) + 1
            for fmt in fmts:
                rel = f"{doc.lang}/{index:02d}-{doc.kind}.{fmt}"
                path = staging / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                data = (
                    render_docx(doc, cat, created=created)
                    if fmt == "docx"
                    else render_pdf(doc, cat, created=created)
                )
                path.write_bytes(data)
                entries.append(
                    DocumentEntry(
                        kind=doc.kind,
                        lang=doc.lang,
                        format=fmt,
                        path=rel,
                        title=doc.title,
                        edition=doc.edition,
                        missing_human_fields=list(doc.meta["missing_human_fields"]),
                    )
                )
        body = _filing_json(plan, entries, day, cat, year)
        write_json(staging / FILING_JSON, body)
        given = {k: v.zh for k, v in answers.texts.items()}
        (staging / ANSWERS_TEMPLATE).write_text(
            answers_template(list(plan.fields.values()), given), encoding="utf-8"
        )
        manifest_body = {
            "kind": "filing",
            "flow": plan.flow or f"annual-report-{year}",
            "decision_id": plan.decision_id or "",
            "pathway": plan.pathway,
            "documents": plan.documents,
            "complete": plan.complete,
            "as_of": day.isoformat(),
        }
        zpath, manifest_sha = write_zip(staging, name, manifest_body, ws.state_dir / "keys", day)
        pack_sha = zip_sha256(zpath)
        publish(staging, output)
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise
    _audit(ws, plan, actor, name, pack_sha, manifest_sha, year)
    out = output.resolve()
    return FilingResult(
        directory=out,
        flow=plan.flow,
        pathway=plan.pathway,
        documents=entries,
        pack_zip=out / name,
        filing_json=out / FILING_JSON,
        complete=plan.complete,
        missing=plan.missing,
    )


def _audit(
    ws: Workspace,
    plan: FilingPlan,
    actor: str,
    name: str,
    pack_sha: str,
    manifest_sha: str,
    year: int | None,
) -> None:
    from carborder.store.repository import Store

    store = Store.for_workspace(ws.root, url=ws.store_url())
    try:
        store.record_event(
            FilingGenerated(
                flow_id=plan.flow,
                year=year,
                pathway=plan.pathway,
                decision_id=plan.decision_id,
                documents=plan.documents,
                forced=plan.forced is not None,
                complete=plan.complete,
                pack=name,
                pack_sha256=pack_sha,
                manifest_sha256=manifest_sha,
            ),
            actor=actor,
        )
    finally:
        store.close()


def _filing_json(
    plan: FilingPlan, entries: list[DocumentEntry], day: date, cat: Catalogue, year: int | None
) -> dict[str, Any]:
    from carborder.cli.output import DISCLAIMER

    docs_meta = {d.kind: d.meta for d in plan.docs if d.lang == "zh"} or {
        d.kind: d.meta for d in plan.docs
    }
    return {
        "format": FORMAT,
        "flow": plan.flow,
        "year": year,
        "pathway": plan.pathway,
        "decision_id": plan.decision_id,
        "mechanism": plan.mechanism,
        "as_of": day.isoformat(),
        "forced": plan.forced,
        "complete": plan.complete,
        "documents": [e.to_json() for e in entries],
        "templates": {
            kind: {
                "edition": m["edition"],
                "source": m["source"],
                "source_date": m["source_date"],
                "source_href": m["source_href"],
                "source_copy": m["source_copy"],
                "confidence": m["confidence"],
                "sha256": cat.digests[kind],
                "headings_verified": m["headings_verified"],
                "headings_reconstructed": m["headings_reconstructed"],
            }
            for kind, m in docs_meta.items()
        },
        "missing_human_fields": [m.field for m in plan.missing],
        "lint": [f.to_json() for f in plan.lint],
        "fields": {fid: s.to_json() for fid, s in sorted(plan.fields.items())},
        "only_zh_is_fileable": True,
        "disclaimer": DISCLAIMER,
    }


def check_filing(
    directory: Path | str, *, answers: Path | str | Mapping[str, Any] | None = None
) -> FilingCheck:
    """Is a filing folder complete? With ``answers``, would these answers complete it?

    Raises:
        FilingError / InputError: no filing.json there, or a bad answers file.
    """
    folder = Path(directory)
    data = read_filing_json(folder)
    cat = load_catalogue()
    parsed = load_answers(answers, cat.fields) if answers is not None else None
    fields: dict[str, Any] = data.get("fields", {})
    missing: list[MissingField] = []
    for item in data.get("missing_human_fields", []):
        fid = item.split("[")[0]
        if parsed is not None and _answered(parsed, item):
            continue
        spec = cat.fields.get(fid)
        docs = list(fields.get(fid, {}).get("documents", []))
        missing.append(
            MissingField(item, spec.label.zh if spec else fid, spec.label.en if spec else fid, docs)
        )
    lint = (
        [f.to_json() for f in lint_answers(parsed.texts)]
        if parsed is not None
        else list(data.get("lint", []))
    )
    problems: list[str] = []
    for zpath in sorted(folder.glob("*.zip")):
        report = verify_pack(zpath)
        problems.extend(f"{zpath.name}: {p}" for p in report.problems)
    return FilingCheck(folder, not missing and not lint and not problems, missing, lint, problems)


def _answered(answers: Answers, item: str) -> bool:
    if "[" not in item:
        text = answers.texts.get(item)
        return text is not None and bool(text.zh)
    fid = item.split("[")[0]
    row = item[item.index("[") + 1 : item.index("]")]
    col = item.rsplit(".", 1)[-1]
    text = answers.cells.get(fid, {}).get(row, {}).get(col)
    return text is not None and bool(text.zh)
