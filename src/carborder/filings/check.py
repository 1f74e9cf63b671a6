"""Is a filing folder complete, and would an edited answers file complete it?"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from carborder.filings.answers import Answers, load_answers
from carborder.filings.catalogue import load_catalogue
from carborder.filings.lint import lint_answers
from carborder.filings.pack import read_filing_json, verify_pack
from carborder.filings.results import FilingCheck, MissingField

__all__ = ["check_filing"]


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
