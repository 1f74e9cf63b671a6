"""A de-identification plan: validated operators run in order over streamed Arrow batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from carborder.deid.base import Operator, OperatorContext
from carborder.deid.registry import get
from carborder.errors import InputError
from carborder.model.facts import FactValue
from carborder.model.flow import DeidStep

__all__ = ["CompiledPlan", "Promise", "compile_plan", "promise_of", "promised_facts"]

#: A factory that yields the input batches afresh (two-pass operators read the input twice).
BatchSource = Callable[[], Iterator[pa.RecordBatch]]


@dataclass
class CompiledPlan:
    """Operators bound to their params and checked against the input schema."""

    steps: list[DeidStep]
    operators: list[Operator[Any]]
    input_schema: pa.Schema
    output_schema: pa.Schema

    def run(self, source: BatchSource) -> Iterator[pa.RecordBatch]:
        """Yield transformed batches; two-pass operators first observe the whole input."""
        ops = self.operators
        for i, op in enumerate(ops):
            if not op.two_pass:
                continue
            for prior in ops[:i]:
                _rewind(prior)
            for batch in source():
                for prior in ops[:i]:
                    batch = prior.apply(batch)
                op.observe(batch)
        for op in ops:
            _rewind(op)
        for batch in source():
            for op in ops:
                batch = op.apply(batch)
            yield batch

    def manifest(self) -> list[dict[str, Any]]:
        """Operators and their params as recorded in a manifest (never a key)."""
        return [{"op": op.name, "params": op.manifest_params()} for op in self.operators]


def _rewind(op: Operator[Any]) -> None:
    rewind = getattr(op, "rewind", None)
    if callable(rewind):
        rewind()


def compile_plan(
    steps: Sequence[DeidStep], schema: pa.Schema, context: OperatorContext | None = None
) -> CompiledPlan:
    """Validate every step's params and check them against the evolving schema.

    Nothing reads data here: each operator runs on an empty batch to learn its output schema.

    Raises:
        InputError: an unknown operator, bad params, or params that do not fit the data.
    """
    ctx = context or OperatorContext()
    operators: list[Operator[Any]] = []
    current = schema
    for n, step in enumerate(steps, start=1):
        try:
            cls = get(step.op)
        except KeyError as exc:
            raise InputError(str(exc.args[0]), key=f"deid[{n}]") from None
        params = cls.parse(step.params)
        op = cls(params, ctx)
        op.check(current)
        empty = pa.RecordBatch.from_pylist([], schema=current)
        current = op.apply(empty).schema
        operators.append(op)
    for op in operators:
        _rewind(op)
    return CompiledPlan(list(steps), operators, schema, current)


def promised_facts(
    steps: Sequence[DeidStep],
    facts: Mapping[str, FactValue],
    column_kinds: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, FactValue]:
    """Facts after the plan, as the operators declare (no data is read).

    Only names in each operator's ``changes`` may change; pseudonymisation changes none.

    >>> promised_facts([DeidStep(op="generalise_geo", params={"precision_m": 500})],
    ...                {"geo.precision_m": 3.0})["geo.precision_m"]
    500.0
    """
    out = dict(facts)
    for step in steps:
        cls = get(step.op)
        params = cls.parse(step.params)
        change = cls.promise(params, out, column_kinds)
        illegal = set(change) - cls.changes
        if illegal:
            raise RuntimeError(f"operator {cls.name} changed undeclared facts {sorted(illegal)}")
        out.update(change)
    return out


@dataclass
class Promise:
    """What a plan promised to remove, checked against a re-scan of the output."""

    removed: dict[str, list[str]] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    min_precision_m: float | None = None
    anonymized: bool = False

    def broken_by(self, detected: Mapping[str, FactValue]) -> list[str]:
        """Return the broken promises, one message each (empty when the output is clean).

        >>> Promise(removed={"pi.kinds": ["vin"]}).broken_by({"pi.kinds": ["vin", "phone"]})
        ['pi.kinds still contains vin']
        """
        broken: list[str] = []
        for name, values in self.removed.items():
            found = detected.get(name)
            present = set(found) if isinstance(found, list) else set()
            still = sorted(present & set(values))
            if still:
                broken.append(f"{name} still contains {', '.join(still)}")
        for name in self.cleared:
            if detected.get(name) is True:
                broken.append(f"{name} is still true")
        precision = detected.get("geo.precision_m")
        if (
            self.min_precision_m is not None
            and isinstance(precision, int | float)
            and not isinstance(precision, bool)
            and precision > 0
            and precision + 1e-6 < self.min_precision_m
        ):
            broken.append(
                f"geo.precision_m is {precision:g} m, finer than the promised "
                f"{self.min_precision_m:g} m"
            )
        if self.anonymized:
            for name in ("pi.kinds", "pi.sensitive_kinds"):
                found = detected.get(name)
                if isinstance(found, list) and found:
                    broken.append(f"anonymised output still has {name}: {', '.join(found)}")
        return broken


def promise_of(before: Mapping[str, FactValue], after: Mapping[str, FactValue]) -> Promise:
    """Derive the checkable promise from facts before and after a plan.

    >>> promise_of({"pi.kinds": ["vin", "phone"]}, {"pi.kinds": ["phone"]}).removed
    {'pi.kinds': ['vin']}
    """
    p = Promise()
    for name, new in after.items():
        old = before.get(name)
        if isinstance(old, list) and isinstance(new, list):
            gone = sorted(set(old) - set(new))
            if gone:
                p.removed[name] = gone
        elif old is True and new is False:
            p.cleared.append(name)
    new_prec = after.get("geo.precision_m")
    if isinstance(new_prec, int | float) and new_prec != before.get("geo.precision_m"):
        p.min_precision_m = float(new_prec)
    p.anonymized = after.get("anonymized") is True and before.get("anonymized") is not True
    return p
