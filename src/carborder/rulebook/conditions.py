"""The fact-condition language: all/any/not over comparisons, in three-valued logic.

A condition is a mapping. Leaves compare one fact::

    {fact: pi.sensitive_kinds, contains: trajectory}
    {fact: ytd.pi.individuals, gte: {param: thresholds.pi_individuals_assessment}}

and nodes combine them: ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``; ``{}`` is true.
A fact nobody declared or detected is *unknown* in the open world (criteria), and *false* in
the closed world (scopes). Unknown propagates Kleene-style: ``all`` is false if any part is
false, ``any`` is true if any part is true, otherwise unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from carborder.errors import Msg

__all__ = [
    "COMPARISONS",
    "Evaluation",
    "FactLookup",
    "ParamLookup",
    "Tri",
    "evaluate",
    "fact_names",
    "param_names",
    "validate_condition",
]

#: True, False, or None for unknown.
Tri = bool | None

#: Returns ``(known, value)`` for a fact name.
FactLookup = Callable[[str], tuple[bool, Any]]
#: Returns a parameter's value in force.
ParamLookup = Callable[[str], Any]

COMPARISONS = (
    "is",
    "in",
    "contains",
    "contains_any",
    "subset_of",
    "gte",
    "gt",
    "lte",
    "lt",
    "present",
)
_NODES = ("all", "any", "not")


@dataclass
class Evaluation:
    """What an evaluation read: facts (value or None when unknown) and parameters."""

    inputs: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


def _resolve(value: Any, params: ParamLookup, ev: Evaluation) -> Any:
    if isinstance(value, Mapping) and set(value) == {"param"}:
        pid = str(value["param"])
        got = params(pid)
        ev.params[pid] = got
        return got
    return value


def _as_set(value: Any) -> set[Any]:
    if isinstance(value, list | tuple | set | frozenset):
        return set(value)
    return {value}


def _compare(op: str, have: Any, want: Any) -> bool:
    # One place for every comparison so the semantics are documented once.
    if op == "is":
        return bool(have == want)
    if op == "in":
        return have in _as_set(want)
    if op == "contains":
        return want in _as_set(have)
    if op == "contains_any":
        return bool(_as_set(have) & _as_set(want))
    if op == "subset_of":
        return bool(_as_set(have)) and _as_set(have) <= _as_set(want)
    if op in ("gte", "gt", "lte", "lt"):
        if not isinstance(have, int | float) or isinstance(have, bool):
            return False
        return bool(
            {"gte": have >= want, "gt": have > want, "lte": have <= want, "lt": have < want}[op]
        )
    raise ValueError(f"unknown comparison '{op}'")


def evaluate(
    cond: Mapping[str, Any], facts: FactLookup, params: ParamLookup, ev: Evaluation
) -> Tri:
    """Evaluate ``cond`` and record what it read in ``ev``.

    >>> ev = Evaluation()
    >>> look = lambda n: (n == "a", 3)
    >>> evaluate({"all": [{"fact": "a", "gte": 2}, {"fact": "b", "is": True}]}, look, dict, ev)
    >>> ev.unknown
    ['b']
    >>> evaluate({"any": [{"fact": "a", "gte": 2}, {"fact": "b", "is": True}]}, look, dict, ev)
    True
    """
    if not cond:
        return True
    if "all" in cond:
        results = [evaluate(c, facts, params, ev) for c in cond["all"]]
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if "any" in cond:
        results = [evaluate(c, facts, params, ev) for c in cond["any"]]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    if "not" in cond:
        inner = evaluate(cond["not"], facts, params, ev)
        return None if inner is None else not inner
    name = str(cond["fact"])
    op = next(k for k in cond if k != "fact")
    known, have = facts(name)
    ev.inputs[name] = have if known else None
    if op == "present":
        return known == bool(cond[op])
    if not known:
        if name not in ev.unknown:
            ev.unknown.append(name)
        return None
    return _compare(op, have, _resolve(cond[op], params, ev))


def fact_names(cond: Mapping[str, Any]) -> set[str]:
    """Every fact a condition reads."""
    if not cond:
        return set()
    for node in ("all", "any"):
        if node in cond:
            return set().union(*(fact_names(c) for c in cond[node]))
    if "not" in cond:
        return fact_names(cond["not"])
    return {str(cond.get("fact"))}


def param_names(cond: Mapping[str, Any]) -> set[str]:
    """Every parameter a condition reads."""
    if not cond:
        return set()
    for node in ("all", "any"):
        if node in cond:
            return set().union(*(param_names(c) for c in cond[node]))
    if "not" in cond:
        return param_names(cond["not"])
    out: set[str] = set()
    for k, v in cond.items():
        if k != "fact" and isinstance(v, Mapping) and "param" in v:
            out.add(str(v["param"]))
    return out


def _validate_leaf(
    cond: Mapping[str, Any],
    path: str,
    allowed_values: Callable[[str], list[str] | None],
    known_fact: Callable[[str], bool],
    known_param: Callable[[str], bool],
) -> list[tuple[str, Msg]]:
    if "fact" not in cond:
        return [
            (
                path,
                Msg("err-cond-keys", keys=str(sorted(cond)), comparisons=", ".join(COMPARISONS)),
            )
        ]
    problems: list[tuple[str, Msg]] = []
    name = str(cond["fact"])
    if not known_fact(name):
        problems.append((f"{path}.fact", Msg("err-unknown-fact", name=name)))
    ops = [k for k in cond if k != "fact"]
    if len(ops) != 1 or ops[0] not in COMPARISONS:
        message = Msg("err-cond-one-comparison", comparisons=", ".join(COMPARISONS), found=str(ops))
        return [*problems, (path, message)]
    op, value = ops[0], cond[ops[0]]
    if isinstance(value, Mapping):
        if set(value) != {"param"}:
            problems.append((f"{path}.{op}", Msg("err-cond-param-mapping")))
        elif not known_param(str(value["param"])):
            problems.append((f"{path}.{op}", Msg("err-unknown-parameter", id=str(value["param"]))))
        return problems
    allowed = allowed_values(name) if known_fact(name) else None
    if allowed is not None and op in ("is", "in", "contains", "contains_any", "subset_of"):
        problems += [
            (
                f"{path}.{op}",
                Msg("err-cond-fact-value", value=v, name=name, allowed=", ".join(allowed)),
            )
            for v in _as_set(value)
            if isinstance(v, str) and v not in allowed
        ]
    return problems


def validate_condition(
    cond: Any,
    path: str,
    *,
    allowed_values: Callable[[str], list[str] | None],
    known_fact: Callable[[str], bool],
    known_param: Callable[[str], bool],
) -> list[tuple[str, Msg]]:
    """Return ``(key path, problem)`` pairs for a malformed condition (empty when fine)."""
    if not isinstance(cond, Mapping):
        return [(path, Msg("err-cond-mapping", found=type(cond).__name__))]
    if not cond:
        return []
    nodes = [k for k in cond if k in _NODES]
    if not nodes:
        return _validate_leaf(cond, path, allowed_values, known_fact, known_param)
    if len(cond) != 1:
        return [(path, Msg("err-cond-alone", node=nodes[0], found=str(sorted(cond))))]
    key = nodes[0]
    body = cond[key]
    subs: list[tuple[str, Any]]
    if key == "not":
        subs = [(f"{path}.not", body)]
    elif not isinstance(body, list) or not body:
        return [(f"{path}.{key}", Msg("err-cond-list", node=key))]
    else:
        subs = [(f"{path}.{key}[{i}]", sub) for i, sub in enumerate(body)]
    problems: list[tuple[str, Msg]] = []
    for sub_path, sub in subs:
        problems += validate_condition(
            sub,
            sub_path,
            allowed_values=allowed_values,
            known_fact=known_fact,
            known_param=known_param,
        )
    return problems
