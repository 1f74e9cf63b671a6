"""Check inventory content against the pack's vocabularies, naming file and line."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from carborder.errors import InventoryError, Msg
from carborder.rulebook.pack import Pack
from carborder.rulebook.schema import ImportantItem
from carborder.rulebook.yamlio import LineMap

__all__ = ["check_deid_plan", "check_facts", "check_flow_vocabulary", "line_of"]


def line_of(lines: LineMap, key: str) -> int | None:
    """Line of a key path, or of its nearest parent."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rsplit(".", 1)[0] if "." in key else ""
    return None


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "enum":
        return isinstance(value, str)
    if kind == "text":
        return isinstance(value, str) and bool(value.strip())
    if kind == "date":
        return isinstance(value, str) and _is_iso_date(value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_iso_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def check_facts(
    facts: Mapping[str, Any], pack: Pack, *, file: Path, lines: LineMap, prefix: str
) -> None:
    """Raise InventoryError for an unknown fact, a wrong type or a value outside the vocabulary."""
    items = sorted(r for r, v in pack.rules.items() if isinstance(v, ImportantItem))
    for name, value in facts.items():
        key = f"{prefix}.{name}"
        spec = pack.facts.get(name)
        if spec is None:
            close = [f for f in pack.facts if f.split(".")[0] == name.split(".")[0]]
            raise InventoryError(
                Msg("err-unknown-fact", name=name),
                file=file,
                line=line_of(lines, key),
                key=key,
                hint=Msg(
                    "hint-known-facts-prefix" if close else "hint-known-facts",
                    known=", ".join(close or sorted(pack.facts)),
                ),
            )
        if not _type_ok(spec.type, value):
            raise InventoryError(
                Msg(
                    "err-fact-type",
                    name=name,
                    expected=Msg(f"fact-type-{spec.type}"),
                    found=repr(value),
                ),
                file=file,
                line=line_of(lines, key),
                key=key,
                hint=Msg("hint-fact-meaning", meaning={"en": spec.en, "zh": spec.zh}),
            )
        allowed = items if spec.values_from == "catalogue" else spec.values
        if allowed is not None:
            for v in value if isinstance(value, list) else [value]:
                if v not in allowed:
                    raise InventoryError(
                        Msg("err-fact-value", value=str(v), name=name),
                        file=file,
                        line=line_of(lines, key),
                        key=key,
                        hint=Msg("hint-allowed-values", allowed=", ".join(allowed)),
                    )


def check_flow_vocabulary(
    flow: Mapping[str, Any], pack: Pack, *, file: Path, lines: LineMap, prefix: str
) -> None:
    """Scenario and 'reported' values of a flow must be in the pack's vocabularies."""
    scenario = flow.get("scenario")
    if scenario is not None and scenario not in pack.meta.scenarios:
        raise InventoryError(
            Msg("err-unknown-scenario", scenario=str(scenario)),
            file=file,
            line=line_of(lines, f"{prefix}.scenario"),
            key=f"{prefix}.scenario",
            hint=Msg("hint-scenarios", known=", ".join(pack.meta.scenarios)),
        )
    for i, rep in enumerate(flow.get("reported") or []):
        if rep not in pack.meta.reported:
            raise InventoryError(
                Msg("err-unknown-reported", reported=str(rep)),
                file=file,
                line=line_of(lines, f"{prefix}.reported[{i}]"),
                key=f"{prefix}.reported[{i}]",
                hint=Msg("hint-known-reported", known=", ".join(pack.meta.reported)),
            )


def _operator_hint(op: object, known: list[str]) -> Msg:
    close = difflib.get_close_matches(str(op), known, n=1)
    if close:
        return Msg("hint-operators-guess", guess=close[0], known=", ".join(known))
    return Msg("hint-operators", known=", ".join(known))


def check_deid_plan(flow: Mapping[str, Any], *, file: Path, lines: LineMap, prefix: str) -> None:
    """Every step of a flow's ``deid:`` plan names a registered operator with valid parameters.

    Checked when the inventory loads, so that every command (assess, plan, explain, export,
    filing...) rejects the same typo the same way — file, line and the list of operators —
    instead of one command crashing and another deciding on a plan that cannot run.
    """
    # imported here: the operators pull in pyarrow, which inventory loading otherwise avoids
    from carborder.deid import registry
    from carborder.deid.base import validation_detail
    from carborder.model.flow import DeidStep

    steps = flow.get("deid")
    if not isinstance(steps, list):
        return  # not a list: the Flow model reports it with its own message
    known = registry.names()
    for n, raw in enumerate(steps):
        key = f"{prefix}.deid[{n}]"
        if not isinstance(raw, Mapping) or "op" not in raw:
            raise InventoryError(
                Msg("err-deid-step-no-op"),
                file=file,
                line=line_of(lines, key),
                key=key,
                hint=Msg("hint-deid-step-example", operators=_operator_hint("", known)),
            )
        op = raw["op"]
        if not isinstance(op, str) or op not in known:
            raise InventoryError(
                Msg("err-unknown-operator", op=str(op)),
                file=file,
                line=line_of(lines, f"{key}.op"),
                key=f"{key}.op",
                hint=_operator_hint(op, known),
            )
        try:
            params = DeidStep.model_validate(dict(raw)).params
        except ValidationError:
            continue  # the Flow model reports malformed steps with its own message
        model = registry.get(op).params_model
        try:
            model.model_validate(params)
        except ValidationError as exc:
            err = exc.errors()[0]
            name = ".".join(str(p) for p in err["loc"])
            where = f"{key}.{name}" if name else key
            if name and f"{key}.params.{name}" in lines:
                where = f"{key}.params.{name}"
            raise InventoryError(
                Msg("err-operator-param-named", op=op, param=name, detail=validation_detail(err))
                if name
                else Msg("err-operator-param", op=op, detail=validation_detail(err)),
                file=file,
                line=line_of(lines, where),
                key=where,
                hint=Msg("hint-operator-params", op=op, params=", ".join(model.model_fields))
                if model.model_fields
                else Msg("hint-operator-params-none", op=op),
            ) from None
