"""Read scenario files and workspaces into validated models, with file:line errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from carborder.errors import InventoryError, Msg, MsgValueError, WorkspaceError
from carborder.model.approval import Approval
from carborder.model.asset import Asset
from carborder.model.counters import Counters
from carborder.model.flow import Flow
from carborder.model.handler import Handler
from carborder.model.inventory import Inventory
from carborder.model.recipient import Recipient
from carborder.model.scenario import Expect, Scenario
from carborder.rulebook.loader import pydantic_error
from carborder.rulebook.pack import Pack
from carborder.rulebook.yamlio import LineMap, read_yaml
from carborder.workspace.validate import (
    check_deid_plan,
    check_facts,
    check_flow_vocabulary,
    line_of,
)

__all__ = ["INVENTORY_KEYS", "load_inventory_files", "load_scenario"]

INVENTORY_KEYS = ("handler", "assets", "recipients", "flows", "approvals", "counters")
_SCENARIO_KEYS = ("name", "description", "as_of", "expect", *INVENTORY_KEYS)
_LIST_MODELS: dict[str, type[BaseModel]] = {
    "assets": Asset,
    "recipients": Recipient,
    "flows": Flow,
    "approvals": Approval,
}


@dataclass
class _Part:
    data: Any
    file: Path
    lines: LineMap
    key: str


def _parse(model: type[BaseModel], part: _Part) -> Any:
    if not isinstance(part.data, dict):
        raise InventoryError(
            Msg("err-expected-mapping", found=type(part.data).__name__),
            file=part.file,
            line=line_of(part.lines, part.key),
            key=part.key,
        )
    try:
        return model.model_validate(part.data)
    except ValidationError as exc:
        raise pydantic_error(exc, part.file, part.lines, part.key, cls=InventoryError) from None


def _collect(
    docs: list[tuple[Any, LineMap, Path]], allowed: tuple[str, ...]
) -> dict[str, list[_Part]]:
    parts: dict[str, list[_Part]] = {}
    for data, lines, file in docs:
        if not isinstance(data, dict):
            raise InventoryError(
                Msg("err-top-not-mapping"),
                file=file,
                hint=Msg("hint-top-keys", keys=", ".join(allowed)),
            )
        for key, value in data.items():
            if key not in allowed:
                raise InventoryError(
                    Msg("err-unknown-top-key", key=str(key)),
                    file=file,
                    line=lines.get(str(key)),
                    key=str(key),
                    hint=Msg("hint-allowed-keys", keys=", ".join(allowed)),
                )
            if key in _LIST_MODELS:
                if not isinstance(value, list):
                    raise InventoryError(
                        Msg("err-must-be-list", key=key),
                        file=file,
                        line=lines.get(key),
                        key=key,
                        hint=Msg("hint-must-be-list", key=key),
                    )
                for i, item in enumerate(value):
                    parts.setdefault(key, []).append(_Part(item, file, lines, f"{key}[{i}]"))
            else:
                if key in parts and key in INVENTORY_KEYS:
                    raise InventoryError(
                        Msg("err-key-twice", key=key, other=str(parts[key][0].file)),
                        file=file,
                        line=lines.get(key),
                        key=key,
                    )
                parts.setdefault(key, []).append(_Part(value, file, lines, key))
    return parts


def _build(parts: dict[str, list[_Part]], pack: Pack) -> Inventory:
    for part in parts.get("assets", []):
        facts = part.data.get("facts", {}) if isinstance(part.data, dict) else {}
        if not isinstance(facts, dict):
            raise InventoryError(
                Msg("err-facts-mapping"),
                file=part.file,
                line=line_of(part.lines, f"{part.key}.facts"),
                key=f"{part.key}.facts",
            )
        check_facts(facts, pack, file=part.file, lines=part.lines, prefix=f"{part.key}.facts")
    for part in parts.get("flows", []):
        if isinstance(part.data, dict):
            check_flow_vocabulary(
                part.data, pack, file=part.file, lines=part.lines, prefix=part.key
            )
            check_deid_plan(part.data, file=part.file, lines=part.lines, prefix=part.key)
    for part in parts.get("approvals", []):
        kind = part.data.get("kind") if isinstance(part.data, dict) else None
        if kind is not None and kind not in pack.meta.approval_kinds:
            raise InventoryError(
                Msg("err-unknown-approval-kind", kind=str(kind)),
                file=part.file,
                line=line_of(part.lines, f"{part.key}.kind"),
                key=f"{part.key}.kind",
                hint=Msg("hint-approval-kinds", kinds=", ".join(pack.meta.approval_kinds)),
            )
    built: dict[str, Any] = {
        k: [_parse(m, p) for p in parts.get(k, [])] for k, m in _LIST_MODELS.items()
    }
    _check_references(parts, built)
    if "handler" in parts:
        built["handler"] = _parse(Handler, parts["handler"][0])
    if "counters" in parts:
        built["counters"] = _parse(Counters, parts["counters"][0])
    try:
        return Inventory(**built)
    except ValidationError as exc:
        err = exc.errors()[0]
        error = (err.get("ctx") or {}).get("error")
        if isinstance(error, MsgValueError):
            raise InventoryError(error.msg) from None
        raise InventoryError(Msg("err-inventory-invalid", detail=str(err["msg"]))) from None


def _check_references(parts: dict[str, list[_Part]], built: dict[str, Any]) -> None:
    assets = {a.id for a in built["assets"]}
    recipients = {r.id for r in built["recipients"]}
    flows = {f.id for f in built["flows"]}
    for kind, ids in (
        ("asset", [a.id for a in built["assets"]]),
        ("flow", [f.id for f in built["flows"]]),
    ):
        seen: set[str] = set()
        plural = kind + "s"
        for part, i in zip(parts.get(plural, []), ids, strict=True):
            if i in seen:
                raise InventoryError(
                    Msg("err-duplicate-id", kind=Msg(f"inv-kind-{kind}"), id=i),
                    file=part.file,
                    line=line_of(part.lines, f"{part.key}.id"),
                    key=f"{part.key}.id",
                    hint=Msg("hint-unique-ids"),
                )
            seen.add(i)
    for part, flow in zip(parts.get("flows", []), built["flows"], strict=True):
        for j, a in enumerate(flow.assets):
            if a not in assets:
                raise InventoryError(
                    Msg("err-flow-unknown-asset", flow=flow.id, asset=a),
                    file=part.file,
                    line=line_of(part.lines, f"{part.key}.assets[{j}]"),
                    key=f"{part.key}.assets[{j}]",
                    hint=Msg("hint-known-assets", known=", ".join(sorted(assets)))
                    if assets
                    else Msg("hint-known-assets-none"),
                )
        if flow.recipient not in recipients:
            raise InventoryError(
                Msg("err-flow-unknown-recipient", flow=flow.id, recipient=flow.recipient),
                file=part.file,
                line=line_of(part.lines, f"{part.key}.recipient"),
                key=f"{part.key}.recipient",
                hint=Msg("hint-known-recipients", known=", ".join(sorted(recipients)))
                if recipients
                else Msg("hint-known-recipients-none"),
            )
    for part, approval in zip(parts.get("approvals", []), built["approvals"], strict=True):
        for j, f in enumerate(approval.flows):
            if f not in flows:
                raise InventoryError(
                    Msg("err-approval-unknown-flow", approval=approval.id, flow=f),
                    file=part.file,
                    line=line_of(part.lines, f"{part.key}.flows[{j}]"),
                    key=f"{part.key}.flows[{j}]",
                    hint=Msg("hint-known-flows", known=", ".join(sorted(flows)))
                    if flows
                    else Msg("hint-known-flows-none"),
                )


def load_scenario(path: Path, pack: Pack) -> Scenario:
    """Read and check a scenario file (one YAML document)."""
    docs = read_yaml(path, InventoryError)
    if not docs:
        raise InventoryError(Msg("err-file-empty"), file=path, hint=Msg("hint-scenario-empty"))
    data, lines = docs[0]
    parts = _collect([(data, lines, path)], _SCENARIO_KEYS)
    inventory = _build(parts, pack)
    for required in ("name", "as_of"):
        if required not in parts:
            raise InventoryError(
                Msg("err-missing-key", key=required),
                file=path,
                hint=Msg("hint-scenario-head"),
            )
    meta = {k: parts[k][0] for k in ("name", "description", "as_of", "expect") if k in parts}

    class _Head(BaseModel):
        model_config = {"extra": "forbid"}
        name: str
        description: str | None = None
        as_of: Any
        expect: dict[str, Expect] = {}

    head_part = _Part({k: p.data for k, p in meta.items()}, path, lines, "")
    head = _parse(_Head, head_part)
    try:
        scenario = Scenario(
            name=head.name,
            description=head.description,
            as_of=head.as_of,
            expect=head.expect,
            **inventory.model_dump(),
        )
    except ValidationError as exc:
        raise pydantic_error(exc, path, lines, "", cls=InventoryError) from None
    for flow_id in scenario.expect:
        if flow_id not in {f.id for f in scenario.flows}:
            raise InventoryError(
                Msg("err-expect-unknown-flow", flow=flow_id),
                file=path,
                line=line_of(lines, f"expect.{flow_id}"),
                key=f"expect.{flow_id}",
                hint=Msg("hint-known-flows", known=", ".join(f.id for f in scenario.flows)),
            )
    return scenario


def load_inventory_files(files: list[Path], pack: Pack) -> Inventory:
    """Read inventory YAML files (any of handler/assets/recipients/flows/approvals/counters)."""
    docs: list[tuple[Any, LineMap, Path]] = []
    for f in files:
        if not f.is_file():
            raise WorkspaceError(Msg("err-inventory-file-missing"), file=f)
        for data, lines in read_yaml(f, InventoryError, multi=True):
            docs.append((data, lines, f))
    return _build(_collect(docs, INVENTORY_KEYS), pack)
