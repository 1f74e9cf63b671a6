"""Load a pack directory strictly: every file, every key, every reference checked."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from carborder.errors import InputError, Msg, MsgValueError, PackError
from carborder.rulebook.conditions import validate_condition
from carborder.rulebook.pack import SENSITIVE_PI_PREFIX, Pack, Rule
from carborder.rulebook.schema import (
    Cite,
    CountingRule,
    Exemption,
    FactSpec,
    Gate,
    ImportantItem,
    Instrument,
    Localized,
    Obligation,
    PackMeta,
    Parameter,
    PathwayRule,
    ReviewRule,
)
from carborder.rulebook.yamlio import LineMap, read_yaml

__all__ = ["BUILTIN_PACKS", "builtin_pack", "default_pack_dir", "load_pack", "pydantic_error"]

_PACKS_ROOT = Path(__file__).parent / "packs"
BUILTIN_PACKS = ("cn-auto-2026",)

#: Top-level folder of a pack → the model its files follow.
_FOLDERS: dict[str, type[BaseModel]] = {
    "thresholds": Parameter,
    "parameters": Parameter,
    "important_data": ImportantItem,
    "exemptions": Exemption,
    "pathways": PathwayRule,
    "gates": Gate,
    "obligations": Obligation,
    "reviews": ReviewRule,
    "counting": CountingRule,
}
_TOP_FILES = ("pack.yaml", "instruments.yaml", "facts.yaml")


def builtin_pack(pack_id: str = BUILTIN_PACKS[0]) -> Pack:
    """A built-in pack, loaded once per process (scans read its vocabulary in every worker)."""
    # the cache is keyed by the id itself: ``builtin_pack()`` and ``builtin_pack(id)`` are
    # different keys to lru_cache, which parsed the same pack twice in one export
    return _builtin_pack(pack_id)


@lru_cache(maxsize=len(BUILTIN_PACKS))
def _builtin_pack(pack_id: str) -> Pack:
    return load_pack(default_pack_dir(pack_id))


def default_pack_dir(pack_id: str = BUILTIN_PACKS[0]) -> Path:
    """Directory of a built-in pack."""
    return _PACKS_ROOT / pack_id


def pydantic_error(
    exc: ValidationError,
    file: Path,
    lines: LineMap,
    prefix: str = "",
    cls: type[InputError] = PackError,
) -> InputError:
    """Turn the first pydantic error into a file:line message with what is allowed."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    key = f"{prefix}.{loc}" if prefix and loc else (prefix or loc)
    line = _line_for(lines, key)
    kind = err["type"]
    found = repr(err.get("input"))
    error = (err.get("ctx") or {}).get("error")
    if isinstance(error, MsgValueError):  # our own validator's message, from the catalogue
        invalid = Msg("err-invalid-value-said", said=error.msg, found=found)
    else:
        invalid = Msg("err-invalid-value", detail=err["msg"], found=found)
    if kind == "extra_forbidden":
        msg = Msg("err-unknown-field", field=str(err["loc"][-1]))
        hint = Msg("hint-unknown-field")
    elif kind == "missing":
        msg = Msg("err-missing-field", field=str(err["loc"][-1]))
        hint = Msg("hint-missing-field")
    elif "date" in kind:
        msg, hint = invalid, Msg("hint-date-format")
    elif kind in ("enum", "literal_error"):
        msg, hint = invalid, Msg("hint-listed-values")
    else:
        msg, hint = invalid, Msg("hint-value-form")
    return cls(msg, file=file, line=line, key=key or None, hint=hint)


def _line_for(lines: LineMap, key: str) -> int | None:
    while key:
        if key in lines:
            return lines[key]
        key = key.rsplit(".", 1)[0] if "." in key else ""
    return None


def _parse(model: type[BaseModel], data: Any, file: Path, lines: LineMap, prefix: str = "") -> Any:
    if not isinstance(data, dict):
        raise PackError(Msg("err-expected-mapping", found=type(data).__name__), file=file)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise pydantic_error(exc, file, lines, prefix) from None


def _read_one(path: Path) -> tuple[Any, LineMap]:
    docs = read_yaml(path, PackError)
    if not docs:
        raise PackError(Msg("err-file-empty"), file=path, hint=Msg("hint-pack-file-empty"))
    return docs[0]


def load_pack(directory: Path | str | None = None) -> Pack:
    """Load and check a pack; raise :class:`PackError` naming file, line and remedy.

    With no argument, loads the built-in ``cn-auto-2026`` pack.
    """
    root = Path(directory) if directory is not None else default_pack_dir()
    if not root.is_dir():
        raise PackError(
            Msg("err-pack-dir-not-found"),
            file=root,
            hint=Msg("hint-pack-dir", packs=", ".join(BUILTIN_PACKS)),
        )
    for name in _TOP_FILES:
        if not (root / name).is_file():
            raise PackError(
                Msg("err-pack-file-missing", name=name),
                file=root,
                hint=Msg("hint-pack-files", files=", ".join(_TOP_FILES)),
            )
    meta_data, meta_lines = _read_one(root / "pack.yaml")
    meta: PackMeta = _parse(PackMeta, meta_data, root / "pack.yaml", meta_lines)
    instruments = _load_map(root / "instruments.yaml", "instruments", Instrument)
    facts = _load_map(root / "facts.yaml", "facts", FactSpec)

    parameters: dict[str, Parameter] = {}
    rules: dict[str, Rule] = {}
    folders: dict[str, Localized] = {}
    locations: dict[str, tuple[str, LineMap]] = {}
    depth = len(root.parts)
    for path in sorted(root.rglob("*.yaml")):
        # the parts below the root, taken from the path (a relative path parsed again and
        # again was a tenth of the loop's time)
        rel = path.parts[depth:]
        if len(rel) == 1:
            if path.name not in _TOP_FILES:
                raise PackError(
                    Msg("err-pack-unexpected-file"),
                    file=path,
                    hint=Msg(
                        "hint-pack-top-files",
                        files=", ".join(_TOP_FILES),
                        folders=", ".join(f"{f}/" for f in _FOLDERS),
                    ),
                )
            continue
        top = rel[0]
        if top not in _FOLDERS:
            raise PackError(
                Msg("err-pack-unknown-folder", folder=top),
                file=path,
                hint=Msg("hint-pack-folders", folders=", ".join(sorted(_FOLDERS))),
            )
        data, lines = _read_one(path)
        dotted = ".".join((*rel[:-1], path.stem))
        if path.name == "index.yaml":
            index = _parse(_Index, data, path, lines)
            folders[".".join(rel[:-1])] = index.description
            continue
        obj = _parse(_FOLDERS[top], data, path, lines)
        if obj.id != dotted:
            raise PackError(
                Msg("err-pack-id-place", id=obj.id),
                file=path,
                line=lines.get("id"),
                key="id",
                hint=Msg("hint-pack-id-place", dotted=dotted),
            )
        if dotted in parameters or dotted in rules:
            raise PackError(Msg("err-pack-duplicate-id", id=dotted), file=path)
        if isinstance(obj, Parameter):
            parameters[dotted] = obj
        else:
            rules[dotted] = obj
        locations[dotted] = (str(path), lines)
    pack = Pack(
        meta=meta,
        root=root,
        instruments=instruments,
        facts=facts,
        parameters=parameters,
        rules=rules,
        folders=folders,
        locations=locations,
    )
    _check_integrity(pack)
    return pack


class _Index(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}
    description: Localized


def _load_map(path: Path, key: str, model: type[BaseModel]) -> dict[str, Any]:
    data, lines = _read_one(path)
    if not isinstance(data, dict) or set(data) != {key}:
        raise PackError(
            Msg("err-pack-top-key", key=key),
            file=path,
            hint=Msg("hint-pack-top-key", key=key),
        )
    body = data[key]
    if not isinstance(body, dict):
        raise PackError(Msg("err-pack-map", key=key), file=path, line=lines.get(key))
    out: dict[str, Any] = {}
    for item_id, item in body.items():
        out[str(item_id)] = _parse(model, item, path, lines, prefix=f"{key}.{item_id}")
    return out


def _fail(pack: Pack, rule_id: str, key: str, message: Msg, hint: Msg | None = None) -> PackError:
    file, lines = pack.locations.get(rule_id, (str(pack.root / "pack.yaml"), {}))
    return PackError(message, file=file, line=_line_for(lines, key), key=key, hint=hint)


def _check_citations(pack: Pack) -> None:
    sources: list[tuple[str, str, list[Cite]]] = [
        (rid, "cites", list(r.cites)) for rid, r in pack.rules.items()
    ]
    for pid, param in pack.parameters.items():
        for d, v in param.values.items():
            sources.append((pid, f"values.{d}.cites", list(v.cites)))
    for spec in pack.meta.pathways:
        sources.append(("pack.yaml", f"pathways.{spec.id}.cites", list(spec.cites)))
    for rid, key, cites in sources:
        for i, cite in enumerate(cites):
            if cite.instrument not in pack.instruments:
                raise _fail(
                    pack,
                    rid,
                    f"{key}[{i}].instrument",
                    Msg("err-pack-unknown-instrument", id=cite.instrument),
                    Msg("hint-pack-instruments", known=", ".join(sorted(pack.instruments))),
                )


def _check_sensitive_kinds(pack: Pack) -> None:
    """Each sensitive-PI parameter names a PI kind and maps it to a category (or false)."""
    pi_kinds = pack.facts["pi.kinds"].values or [] if "pi.kinds" in pack.facts else []
    sensitive = (
        pack.facts["pi.sensitive_kinds"].values or [] if "pi.sensitive_kinds" in pack.facts else []
    )
    for pid, param in pack.parameters.items():
        if not pid.startswith(SENSITIVE_PI_PREFIX):
            continue
        kind = pid.removeprefix(SENSITIVE_PI_PREFIX)
        if kind not in pi_kinds:
            raise _fail(
                pack,
                pid,
                "id",
                Msg("err-pack-not-pi-kind", kind=kind),
                Msg("hint-pack-pi-kinds", known=", ".join(pi_kinds)),
            )
        for day, entry in param.values.items():
            value = entry.value
            if value is False or (isinstance(value, str) and value in sensitive):
                continue
            raise _fail(
                pack,
                pid,
                f"values.{day}.value",
                Msg("err-pack-not-sensitive-kind", value=str(value)),
                Msg("hint-pack-sensitive-kinds", known=", ".join(sensitive)),
            )


def _check_meta(pack: Pack) -> None:
    _check_sensitive_kinds(pack)
    for kind_id, kind_spec in pack.meta.approval_kinds.items():
        for pid in (kind_spec.validity_years, kind_spec.extension_window):
            if pid is not None and pid not in pack.parameters:
                raise _fail(
                    pack,
                    "pack.yaml",
                    f"approval_kinds.{kind_id}",
                    Msg("err-unknown-parameter", id=pid),
                )
    for spec in pack.meta.pathways:
        for kind in spec.satisfied_by:
            if kind not in pack.meta.approval_kinds:
                raise _fail(
                    pack,
                    "pack.yaml",
                    f"pathways.{spec.id}.satisfied_by",
                    Msg("err-unknown-approval-kind", kind=kind),
                    Msg(
                        "hint-pack-approval-kinds",
                        kinds=", ".join(sorted(pack.meta.approval_kinds)),
                    ),
                )


def _check_conditions(pack: Pack, rid: str, rule: Rule, items: list[str]) -> None:
    """Check a rule's conditions; ``items``: the catalogue's item ids, sorted."""
    context = pack.meta.context_facts

    def known_fact(name: str) -> bool:
        return name in pack.facts or name in context

    def allowed_values(name: str) -> list[str] | None:
        if name in pack.facts:
            spec = pack.facts[name]
            return items if spec.values_from == "catalogue" else spec.values
        return context[name].values if name in context else None

    for field in ("scope", "criteria", "when"):
        cond = getattr(rule, field, None)
        if cond is None:
            continue
        problems = validate_condition(
            cond,
            field,
            allowed_values=allowed_values,
            known_fact=known_fact,
            known_param=lambda pid: pid in pack.parameters,
        )
        if problems:
            key, msg = problems[0]
            hint = (
                Msg("hint-known-facts", known=", ".join(sorted(set(pack.facts) | set(context))))
                if msg.id == "err-unknown-fact"
                else Msg("hint-rulebook-facts")
            )
            raise _fail(pack, rid, key, msg, hint)


def _check_references(pack: Pack, rid: str, rule: Rule) -> None:
    if rule.replaced_by and rule.replaced_by not in pack.rules:
        raise _fail(pack, rid, "replaced_by", Msg("err-pack-replaced-by", id=rule.replaced_by))
    if isinstance(rule, Gate) and rule.requires and rule.requires not in pack.meta.approval_kinds:
        raise _fail(
            pack,
            rid,
            "requires",
            Msg("err-unknown-approval-kind", kind=rule.requires),
            Msg("hint-pack-approval-kinds", kinds=", ".join(sorted(pack.meta.approval_kinds))),
        )
    if isinstance(rule, CountingRule):
        for i, ex_id in enumerate(rule.not_counted_when_exempted_by):
            if not isinstance(pack.rules.get(ex_id), Exemption):
                raise _fail(
                    pack,
                    rid,
                    f"not_counted_when_exempted_by[{i}]",
                    Msg("err-pack-not-exemption", id=ex_id),
                    Msg(
                        "hint-pack-exemptions",
                        known=", ".join(
                            sorted(r for r, v in pack.rules.items() if isinstance(v, Exemption))
                        ),
                    ),
                )
    if isinstance(rule, Obligation):
        for i, later in enumerate(rule.precedes):
            target = pack.rules.get(later)
            if not isinstance(target, Obligation):
                raise _fail(
                    pack,
                    rid,
                    f"precedes[{i}]",
                    Msg("err-pack-precedes", id=later),
                    Msg("hint-pack-precedes"),
                )
            if _reaches(pack, later, rid):
                raise _fail(
                    pack, rid, f"precedes[{i}]", Msg("err-pack-precedes-cycle", a=rid, b=later)
                )
        for fld in ("days", "years", "month", "day"):
            pid = getattr(rule.deadline, fld)
            if pid is not None and pid not in pack.parameters:
                raise _fail(pack, rid, f"deadline.{fld}", Msg("err-unknown-parameter", id=pid))


def _reaches(pack: Pack, start: str, goal: str) -> bool:
    """Whether ``goal`` follows ``start`` through a chain of ``precedes`` links."""
    todo, seen = [start], set()
    while todo:
        rid = todo.pop()
        if rid == goal:
            return True
        rule = pack.rules.get(rid)
        if rid in seen or not isinstance(rule, Obligation):
            continue
        seen.add(rid)
        todo += rule.precedes
    return False


def _check_integrity(pack: Pack) -> None:
    """Cross-file checks: citations resolve, facts and parameters exist, ids resolve."""
    _check_citations(pack)
    _check_meta(pack)
    # the catalogue once, not once a rule (it was a third of the checks' time)
    items = sorted(r for r, v in pack.rules.items() if isinstance(v, ImportantItem))
    for rid, rule in pack.rules.items():
        _check_conditions(pack, rid, rule, items)
        _check_references(pack, rid, rule)
