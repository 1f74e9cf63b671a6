"""Build and plan filing packs: the Python API behind `carborder filing`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from carborder.errors import FilingError, Msg
from carborder.filings.answers import Answers, load_answers
from carborder.filings.catalogue import Catalogue, load_catalogue
from carborder.filings.check import check_filing
from carborder.filings.compose import Composer
from carborder.filings.context import FilingContext, open_context
from carborder.filings.lint import lint_answers
from carborder.filings.results import (
    DocumentEntry,
    FilingCheck,
    FilingPlan,
    FilingResult,
    MissingField,
)
from carborder.filings.select import choose_mechanism, documents_for_mechanism, required_documents
from carborder.filings.writer import write_filing
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
    "plan_annual_report",
    "plan_filing",
]

Lang = Literal["zh", "en", "both"]
Formats = Literal["docx", "pdf", "all"]


def _today() -> date:
    return datetime.now(UTC).date()


def _langs(lang: str) -> list[str]:
    if lang not in ("zh", "en", "both"):
        raise FilingError(Msg("err-filing-lang", lang=lang), hint=Msg("hint-filing-lang"))
    return ["zh", "en"] if lang == "both" else [lang]


def _formats(formats: str) -> list[str]:
    if formats not in ("docx", "pdf", "all"):
        raise FilingError(Msg("err-filing-format", format=formats), hint=Msg("hint-filing-format"))
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
                Msg("err-filing-kind", kind=unknown[0]),
                hint=Msg("hint-filing-kinds", known=", ".join(cat.templates)),
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
    said = Msg(
        "filing-not-required",
        pathway=decision.pathway.value,
        title=pathway.zh,
        decision=decision.decision_id[:12],
        kinds=", ".join(extra),
    )
    if not force:
        raise FilingError(
            Msg("err-filing-not-required", flow=decision.flow, reason=said),
            hint=Msg("hint-filing-force"),
        )
    return wanted, mech, said.format("en")  # recorded in filing.json as it always was


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
    return write_filing(
        ws, cat, plan, Path(output), fmts, day, parsed, actor, name=f"{flow}-filing-pack.zip"
    )


def _annual_plan(
    ws: Workspace,
    cat: Catalogue,
    year: int,
    answers: Answers,
    *,
    force: bool,
    as_of: date | None,
    langs: list[str],
    formats: list[str],
) -> tuple[FilingPlan, date]:
    """The annual report's plan for ``year`` and the day it is decided on.

    Raises:
        FilingError: bad year, ``as_of`` outside the year, no template, or no flow's decision
            carries the annual-report obligation and ``force`` is not set.
    """
    today = _today()
    if not 2000 <= year <= today.year + 1:
        raise FilingError(
            Msg("err-filing-year", year=year), hint=Msg("hint-filing-year", last=today.year)
        )
    day = as_of or min(today, date(year, 12, 31))
    if day.year != year:
        raise FilingError(
            Msg("err-filing-as-of", day=str(day), year=year), hint=Msg("hint-filing-as-of")
        )
    ctx = open_context(ws, cat, day, year=year)
    kind = cat.index.annual_report
    if kind not in cat.templates:
        raise FilingError(Msg("err-filing-no-template", kind=kind), file=cat.files["index"])
    needed = [
        d.flow
        for d in ctx.decisions.values()
        if any(o.id == cat.index.annual_obligation for o in d.obligations)
    ]
    forced = None
    if not needed:
        said = Msg("filing-no-annual", obligation=cat.index.annual_obligation, day=str(day))
        if not force:
            raise FilingError(said, hint=Msg("hint-filing-force-annual"))
        forced = said.format("en")
    return _plan(ctx, answers, [kind], forced=forced, langs=langs, formats=formats), day


def plan_annual_report(
    *,
    workspace: Path | str,
    year: int,
    answers: Path | str | Mapping[str, Any] | None = None,
    force: bool = False,
    as_of: date | None = None,
    lang: Lang = "zh",
) -> FilingPlan:
    """Decide every flow for ``year`` and fill the annual report's fields without writing.

    Raises:
        FilingError / InputError: as :func:`build_annual_report`.
    """
    cat = load_catalogue()
    parsed = load_answers(answers, cat.fields)
    ws = Workspace.open(workspace)
    plan, _day = _annual_plan(
        ws, cat, year, parsed, force=force, as_of=as_of, langs=_langs(lang), formats=["docx"]
    )
    return plan


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
    plan, day = _annual_plan(
        ws, cat, year, parsed, force=force, as_of=as_of, langs=langs, formats=fmts
    )
    return write_filing(
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
