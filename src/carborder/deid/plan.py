"""A de-identification plan: validated operators run in order over streamed Arrow batches.

Tabular inputs run the batch operators; vehicle files (MCAP, ROS bags, CAN logs, images,
video) run the media operators of :mod:`carborder.deid.media_ops`, compiled into one
``MediaDeidPlan`` per file. :func:`check_plan_formats` checks, before anything runs, that each
step fits at least one input of an export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from carborder.deid._facts import settle_sensitive
from carborder.deid.base import Operator, OperatorContext
from carborder.deid.media_ops import MediaOperator, media_alias
from carborder.deid.registry import get, names
from carborder.errors import InputError, Msg
from carborder.model.facts import FactValue
from carborder.model.flow import DeidStep
from carborder.rulebook.loader import builtin_pack
from carborder.rulebook.pack import Pack

__all__ = [
    "TABULAR",
    "CompiledMediaPlan",
    "CompiledPlan",
    "Promise",
    "check_plan_formats",
    "compile_media_plan",
    "compile_plan",
    "promise_of",
    "promised_facts",
    "step_operator",
]

#: Format name of tabular inputs (vehicle formats use ``carborder.scan.vehicle.detect_format``).
TABULAR = "tabular"

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


def _get(step: DeidStep, n: int) -> type[Operator[Any]]:
    try:
        return get(step.op)
    except KeyError:
        raise InputError(
            Msg("err-unknown-operator", op=step.op),
            key=f"deid[{n}]",
            hint=Msg("hint-operators", known=", ".join(names())),
        ) from None


def compile_plan(
    steps: Sequence[DeidStep],
    schema: pa.Schema,
    context: OperatorContext | None = None,
    *,
    skip_media: bool = False,
) -> CompiledPlan:
    """Validate every step's params and check them against the evolving schema.

    Nothing reads data here: each operator runs on an empty batch to learn its output schema.

    Args:
        steps: The flow's plan.
        schema: Schema of the tabular input.
        context: Keys and column kinds for the operators.
        skip_media: Leave out media operators (an export with vehicle files beside tables,
            after :func:`check_plan_formats`); without it a media operator is an error.

    Raises:
        InputError: an unknown operator, bad params, or params that do not fit the data.
    """
    ctx = context or OperatorContext()
    operators: list[Operator[Any]] = []
    current = schema
    for n, step in enumerate(steps, start=1):
        cls = _get(step, n)
        if skip_media and issubclass(cls, MediaOperator):
            continue
        params = cls.parse(step.params)
        op = cls(params, ctx)
        op.check(current)
        empty = pa.RecordBatch.from_pylist([], schema=current)
        current = op.apply(empty).schema
        operators.append(op)
    for op in operators:
        _rewind(op)
    return CompiledPlan(list(steps), operators, schema, current)


def step_operator(step: DeidStep, fmt: str) -> type[Operator[Any]] | None:
    """The operator class a step runs on an input of format ``fmt``, or None if it does not fit.

    >>> step_operator(DeidStep(op="generalise_geo", params={"precision_m": 1000}), "mcap").name
    'generalise_gnss'
    >>> step_operator(DeidStep(op="blur_regions"), TABULAR) is None
    True

    Raises:
        KeyError: unknown operator.
    """
    cls = get(step.op)
    if fmt == TABULAR:
        return None if issubclass(cls, MediaOperator) else cls
    if not issubclass(cls, MediaOperator):
        alias = media_alias(step.op, step.params)
        if alias is None:
            return None
        cls = get(alias)
    assert issubclass(cls, MediaOperator)
    return cls if fmt in cls.formats else None


def check_plan_formats(steps: Sequence[DeidStep], formats: Mapping[str, str]) -> None:
    """Check, before anything runs, that every step fits at least one input.

    Args:
        steps: The flow's plan.
        formats: Input name → ``tabular`` or its vehicle format (``mcap``, ``can``...).

    Raises:
        InputError: an unknown operator, or a step that fits none of the inputs (a media
            operator on a table, a tabular operator on an MCAP...), naming the step.
    """
    present = sorted(set(formats.values()))
    inputs = ", ".join(f"{name} ({fmt})" for name, fmt in formats.items())
    for n, step in enumerate(steps, start=1):
        cls = _get(step, n)
        if any(step_operator(step, fmt) is not None for fmt in present):
            continue
        if issubclass(cls, MediaOperator):
            what = Msg("op-kind-media", formats=", ".join(sorted(cls.formats)))
            hint = Msg("hint-tables-take-tabular")
        else:
            what, hint = Msg("op-kind-tabular"), Msg("hint-vehicle-take-media")
        raise InputError(
            Msg("err-step-fits-no-input", op=step.op, what=what, inputs=inputs),
            key=f"deid[{n}]",
            hint=hint,
        )


@dataclass
class CompiledMediaPlan:
    """The media operators of a plan that fit one vehicle file, merged into one plan.

    Attributes:
        fmt: The file's vehicle format.
        operators: Bound media operators, in plan order.
        fields: ``MediaDeidPlan`` fields (may hold the VIN key: never log them).
        dbc: DBC files the plan needs (CAN VIN pseudonyms), as written in the plan.
    """

    fmt: str
    operators: list[Operator[Any]]
    fields: dict[str, Any]
    dbc: list[str] = field(default_factory=list)

    def media_plan(self) -> Any:
        """The :class:`carborder.deid.media.plan.MediaDeidPlan` to run.

        Raises:
            InputError: the merged settings are out of range.
        """
        from pydantic import ValidationError

        from carborder.deid.media.plan import MediaDeidPlan

        try:
            return MediaDeidPlan(**self.fields)
        except ValidationError as exc:
            raise InputError(Msg("err-media-plan", detail=str(exc))) from None

    def manifest(self) -> list[dict[str, Any]]:
        """Operators and their params as recorded in a manifest (never a key)."""
        return [{"op": op.name, "params": op.manifest_params()} for op in self.operators]


def compile_media_plan(
    steps: Sequence[DeidStep], fmt: str, context: OperatorContext | None = None
) -> CompiledMediaPlan:
    """Validate the steps that fit a vehicle file of format ``fmt`` and merge their settings.

    Steps that do not fit (tabular operators, media operators for other formats) are left
    out; :func:`check_plan_formats` has made sure each fits some input. Without a region or
    GNSS step, frames and fixes are kept as they are.

    >>> p = compile_media_plan([DeidStep(op="blur_regions", params={"targets": ["plates"]}),
    ...                         DeidStep(op="generalise_geo", params={"precision_m": 100})], "mcap")
    >>> p.fields["regions"], p.fields["gnss"], p.fields["gnss_grid_deg"]
    ('blur', 'coarsen', 0.01)

    Raises:
        InputError: an unknown operator or bad params.
    """
    ctx = context or OperatorContext()
    fields: dict[str, Any] = {"regions": "keep", "gnss": "keep"}
    operators: list[Operator[Any]] = []
    for n, step in enumerate(steps, start=1):
        own = _get(step, n)
        cls = step_operator(step, fmt)
        if cls is None:
            continue
        raw = dict(step.params)
        if cls is not own:  # e.g. generalise_geo → generalise_gnss: same check, same value
            own.parse(raw)
            raw = {k: v for k, v in raw.items() if k in cls.params_model.model_fields}
        op = cls(cls.parse(raw), ctx)
        assert isinstance(op, MediaOperator)
        op.configure(fields)
        operators.append(op)
    dbc = [str(p) for p in fields.pop("dbc", [])]
    compiled = CompiledMediaPlan(fmt, operators, fields, dbc)
    compiled.media_plan()  # validate now, before any data is read
    return compiled


def promised_facts(
    steps: Sequence[DeidStep],
    facts: Mapping[str, FactValue],
    column_kinds: Mapping[str, frozenset[str]] | None = None,
    *,
    pack: Pack | None = None,
) -> dict[str, FactValue]:
    """Facts after the plan, as the operators declare (no data is read).

    Only names in each operator's ``changes`` may change; pseudonymisation changes none.
    After each step that removes PI kinds, the sensitive categories and the sensitive count
    are recomputed through the pack's one mapping (:func:`settle_sensitive`; default: the
    built-in pack), so every operator's promise lightens the facts the same way.

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
        previous = dict(out)
        out.update(change)
        out.update(settle_sensitive(pack or builtin_pack(), previous, out))
    return out


@dataclass
class Promise:
    """What a plan promised to remove, checked against a re-scan of the output."""

    removed: dict[str, list[str]] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    min_precision_m: float | None = None
    anonymized: bool = False

    def broken_by(self, detected: Mapping[str, FactValue]) -> list[Msg]:
        """Return the broken promises, one message each (empty when the output is clean).

        >>> broken = Promise(removed={"pi.kinds": ["vin"]}).broken_by({"pi.kinds": ["vin", "phone"]})
        >>> [m.format("en") for m in broken]
        ['pi.kinds still contains vin']
        """
        broken: list[Msg] = []
        for name, values in self.removed.items():
            found = detected.get(name)
            present = set(found) if isinstance(found, list) else set()
            still = sorted(present & set(values))
            if still:
                broken.append(Msg("broken-still-contains", fact=name, values=", ".join(still)))
        for name in self.cleared:
            if detected.get(name) is True:
                broken.append(Msg("broken-still-true", fact=name))
        precision = detected.get("geo.precision_m")
        if (
            self.min_precision_m is not None
            and isinstance(precision, int | float)
            and not isinstance(precision, bool)
            and precision > 0
            and precision + 1e-6 < self.min_precision_m
        ):
            broken.append(
                Msg(
                    "broken-precision",
                    precision=f"{precision:g}",
                    promised=f"{self.min_precision_m:g}",
                )
            )
        if self.anonymized:
            for name in ("pi.kinds", "pi.sensitive_kinds"):
                found = detected.get(name)
                if isinstance(found, list) and found:
                    broken.append(
                        Msg("broken-anonymised", fact=name, values=", ".join(map(str, found)))
                    )
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
