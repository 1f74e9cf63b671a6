"""Filing packs: the documents a compliance team files, from carborder's records, zh/en DOCX/PDF.

Templates are data (``templates/``): one file per document and edition with its headings
verbatim and marked verified or reconstructed, a shared field map (auto vs human fields),
labels, the official formatting rule and the fonts. carborder supports compliance work; it is
not legal advice, and only the Chinese documents are fileable.
"""

from __future__ import annotations

from carborder.filings.api import (
    DocumentEntry,
    FilingCheck,
    FilingPlan,
    FilingResult,
    MissingField,
    build_annual_report,
    build_filing,
    check_filing,
    plan_annual_report,
    plan_filing,
)
from carborder.filings.catalogue import TemplateInfo, list_templates, load_catalogue
from carborder.filings.pack import verify_pack

__all__ = [
    "DocumentEntry",
    "FilingCheck",
    "FilingPlan",
    "FilingResult",
    "MissingField",
    "TemplateInfo",
    "build_annual_report",
    "build_filing",
    "check_filing",
    "list_templates",
    "load_catalogue",
    "plan_annual_report",
    "plan_filing",
    "verify_pack",
]
