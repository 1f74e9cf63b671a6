"""The answers file: what people write for human fields, keyed by field id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from carborder.errors import FilingError, Msg
from carborder.filings.schema import FieldDef, FieldType
from carborder.filings.values import Text
from carborder.rulebook.yamlio import read_yaml

__all__ = ["Answers", "load_answers"]


def _text(value: Any, where: str) -> Text:
    if isinstance(value, Mapping):
        if set(value) <= {"zh", "en"} and "zh" in value:
            zh = _scalar(value["zh"], where)
            return Text(zh, _scalar(value.get("en", zh), where))
        raise FilingError(
            Msg("err-answer-keys", where=where, keys=", ".join(map(str, value))),
            hint=Msg("hint-answer-keys"),
        )
    if isinstance(value, list):
        items = [_scalar(v, where) for v in value]
        return Text("、".join(items), ", ".join(items))
    return Text.same(_scalar(value, where))


def _scalar(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float | date) and not isinstance(value, bool):
        return str(value).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    raise FilingError(
        Msg("err-answer-text", where=where, found=type(value).__name__),
        hint=Msg("hint-answer-text"),
    )


@dataclass(frozen=True)
class Answers:
    """Answers by field id: text, or for tables {row key: {column: text}}."""

    texts: dict[str, Text] = field(default_factory=dict)
    cells: dict[str, dict[str, dict[str, Text]]] = field(default_factory=dict)
    source: str = "answers"

    def __bool__(self) -> bool:
        return bool(self.texts or self.cells)


def load_answers(
    answers: Path | str | Mapping[str, Any] | None, fields: Mapping[str, FieldDef]
) -> Answers:
    """Read answers from a YAML file or a mapping, checking every key names a field.

    Raises:
        FilingError: the file is missing or malformed, or a key is no field (file, line, fix).
    """
    if answers is None:
        return Answers()
    lines: dict[str, int] = {}
    file: Path | None = None
    if isinstance(answers, Mapping):
        data: Any = dict(answers)
        source = "answers"
    else:
        file = Path(answers)
        if not file.is_file():
            raise FilingError(
                Msg("err-answers-missing"), file=file, hint=Msg("hint-answers-missing")
            )
        docs = read_yaml(file, FilingError)
        data, lines = docs[0] if docs else ({}, {})
        source = f"answers:{file.name}"
    data = data or {}
    if not isinstance(data, Mapping):
        raise FilingError(Msg("err-answers-mapping"), file=file, hint=Msg("hint-answers-template"))
    texts: dict[str, Text] = {}
    cells: dict[str, dict[str, dict[str, Text]]] = {}
    for key, value in data.items():
        fid = str(key)
        spec = fields.get(fid)
        if spec is None:
            close = sorted(f for f in fields if f.split(".")[0] == fid.split(".")[0])
            raise FilingError(
                Msg("err-answer-no-field", id=fid),
                file=file,
                line=lines.get(fid),
                hint=Msg("hint-answer-group", known=", ".join(close[:12]))
                if close
                else Msg("hint-answers-template-ids"),
            )
        where = f"{file or 'answers'}: {fid}"
        if value is None:
            continue
        if spec.type is FieldType.TABLE and isinstance(value, Mapping) and "zh" not in value:
            cells[fid] = _table(value, spec, where)
        else:
            text = _text(value, where)
            if text.zh:
                texts[fid] = text
    return Answers(texts, cells, source)


def _table(value: Any, spec: FieldDef, where: str) -> dict[str, dict[str, Text]]:
    if not isinstance(value, Mapping):
        raise FilingError(Msg("err-answer-table", where=where), hint=Msg("hint-answer-table"))
    human = {c.key for c in spec.columns if c.human}
    out: dict[str, dict[str, Text]] = {}
    for row, cols in value.items():
        if not isinstance(cols, Mapping):
            raise FilingError(
                Msg("err-answer-row", where=f"{where}[{row}]"), hint=Msg("hint-answers-template")
            )
        bad = [str(c) for c in cols if c not in human]
        if bad:
            raise FilingError(
                Msg("err-answer-column", where=f"{where}[{row}]", column=bad[0]),
                hint=Msg("hint-answer-columns", known=", ".join(sorted(human)) or "-"),
            )
        out[str(row)] = {
            str(c): _text(v, f"{where}[{row}].{c}") for c, v in cols.items() if v is not None
        }
    return out
