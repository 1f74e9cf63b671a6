"""The demo's filing step: the filing pack of its standard-contract flow (zh + en, DOCX + PDF)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.console import Console

from carborder.demo.export_step import DEMO_FLOW
from carborder.errors import FilingError
from carborder.filings import FilingResult, build_filing, load_catalogue
from carborder.i18n import messages
from carborder.model.decision import Decision

__all__ = ["demo_filing_flow", "run_filing_step"]

#: The pathway whose filing the demo builds.
_PATHWAY = "standard_contract_or_certification"


def demo_filing_flow(decisions: list[Decision]) -> str | None:
    """The exported demo flow when its decision needs a standard contract, else the first that does."""
    scc = [d.flow for d in decisions if d.pathway.value == _PATHWAY]
    if DEMO_FLOW in scc:
        return DEMO_FLOW
    return scc[0] if scc else None


def run_filing_step(
    ws_root: Path,
    decisions: list[Decision],
    *,
    console: Console,
    as_of: date,
    lang: str = "en",
    actor: str = "demo",
) -> FilingResult | None:
    """Build the pack into ``<workspace>/filings/<flow>``; DOCX only when PDF fonts are missing."""
    m = messages(lang)
    flow = demo_filing_flow(decisions)
    if flow is None:
        console.print(m("filing-demo-none"))
        return None
    from carborder.filings.fonts import resolve_fonts

    formats = "all"
    try:
        resolve_fonts(load_catalogue().fonts)
    except FilingError as exc:
        console.print(m("filing-demo-docx-only", reason=exc.message), markup=False)
        formats = "docx"
    result = build_filing(
        flow,
        workspace=ws_root,
        output=ws_root / "filings" / flow,
        lang="both",
        formats=formats,  # type: ignore[arg-type]
        as_of=as_of,
        actor=actor,
    )
    built = m(
        "filing-demo-built",
        flow=flow,
        files=len(result.documents),
        missing=len(result.missing),
        zip=str(result.pack_zip),
    )
    console.print(built, markup=False)
    template = str(result.directory / "answers-template.yaml")
    nxt = m(
        "filing-demo-next", template=template, flow=flow, ws=str(ws_root), dir=str(result.directory)
    )
    console.print(nxt, markup=False)
    return result
