"""The operator contract: ClassVar metadata, a pydantic Params model, batch in, batch out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, ValidationError

from carborder.errors import InputError, Msg, MsgValueError
from carborder.i18n.lists import joined
from carborder.model.facts import FactValue

if TYPE_CHECKING:
    from carborder.deid.keys import Keyring

__all__ = [
    "GEO_KIND",
    "Handling",
    "Operator",
    "OperatorContext",
    "OperatorParams",
    "P",
    "columns_of_kinds",
    "is_text",
    "require_columns",
    "text_columns",
]

#: The column tag scans give to coordinate columns (latitude/longitude).
GEO_KIND = "location"


class OperatorParams(BaseModel):
    """Base of every operator's parameters: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=OperatorParams)


@dataclass
class OperatorContext:
    """What operators may know besides their params: keys and which columns carry which kinds.

    Attributes:
        keyring: Pseudonymisation keys (only ``pseudonymise`` reads it).
        column_kinds: Column name → PI kinds / tags a scan found in most of its values (``vin``,
            ``phone``, ``location``...), used to resolve ``kinds=[...]`` parameters to columns.
        text_kinds: Column name → identifier kinds a scan found inside its free text (notes
            that mention a phone number now and then).
    """

    keyring: Keyring | None = None
    column_kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    text_kinds: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Handling:
    """Which identifiers a step hides from the output, once checked against a schema.

    The re-scan proof holds the plan to it: after the plan no raw, valid identifier of
    ``kinds`` may remain in any column.

    Attributes:
        kinds: Identifier kinds the step drops, pseudonymises or masks.
        whole: Columns the step removes or replaces value by value (nothing raw survives).
        spans: Column → kinds whose spans inside the text the step replaces.
    """

    kinds: frozenset[str] = frozenset()
    whole: frozenset[str] = frozenset()
    spans: dict[str, frozenset[str]] = field(default_factory=dict)

    def covers(self, column: str, kind: str) -> bool:
        """Whether this step leaves no raw ``kind`` in ``column``."""
        return column in self.whole or kind in self.spans.get(column, frozenset())


def is_text(t: pa.DataType) -> bool:
    """Whether a column type holds text (string, large string, or a dictionary of them)."""
    if pa.types.is_dictionary(t):
        t = t.value_type
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def text_columns(schema: pa.Schema) -> list[str]:
    """Text columns of ``schema``, in schema order."""
    return [f.name for f in schema if is_text(f.type)]


def validation_detail(error: Mapping[str, Any]) -> str | dict[str, str]:
    """A pydantic error's text for a message variable: ours in both languages, pydantic's as is.

    A validator of ours raises :class:`~carborder.errors.MsgValueError`; English keeps the
    text pydantic made of it ("Value error, ..."), Chinese gets the catalogue message.
    """
    raised = (error.get("ctx") or {}).get("error")
    if isinstance(raised, MsgValueError):
        return {"en": str(error["msg"]), "zh": raised.msg.format("zh")}
    return str(error["msg"])


def _quoted(detail: str | dict[str, str]) -> Msg | dict[str, str]:
    return Msg("detail-quoted", detail=detail) if isinstance(detail, str) else detail


def require_columns(op: str, schema: pa.Schema, columns: list[str]) -> None:
    """Raise InputError naming the missing columns and the ones that exist."""
    missing = [c for c in columns if c not in schema.names]
    if missing:
        raise InputError(
            Msg("err-columns-not-in-data", columns=", ".join(missing)),
            key=op,
            hint=Msg("hint-columns-present", columns=", ".join(schema.names)),
        )


def require_column_types(
    op: str,
    schema: pa.Schema,
    columns: Sequence[str],
    accepts: Callable[[pa.DataType], bool],
    wanted: str,
) -> None:
    """Raise InputError on the first of ``columns`` whose type ``accepts`` refuses.

    ``wanted`` is the catalogue id of what the operator needs (``col-want-text``...).
    """
    require_columns(op, schema, list(columns))
    for col in columns:
        t = schema.field(col).type
        if not accepts(t):
            raise InputError(
                Msg("err-column-type", op=op, column=col, type=str(t), wanted=Msg(wanted)),
                key=op,
            )


def columns_of_kinds(schema: pa.Schema, context: OperatorContext, kinds: list[str]) -> list[str]:
    """Columns of ``schema`` a scan tagged with any of ``kinds``, in schema order."""
    wanted = set(kinds)
    return [c for c in schema.names if context.column_kinds.get(c, frozenset()) & wanted]


class Operator(ABC, Generic[P]):
    """A de-identification operator over Arrow record batches.

    Subclasses declare ``name``, ``changes`` (the facts it may change, for the what-if
    planner), ``anonymising`` (only truly anonymising operators may clear ``pi.*`` facts),
    ``params_model`` and an ``example`` step. Parameters are validated by :meth:`parse` and :meth:`check`
    before any data is read. Two-pass operators (``two_pass = True``) see every batch in
    :meth:`observe` before :meth:`apply` runs.
    """

    name: ClassVar[str]
    changes: ClassVar[frozenset[str]]
    anonymising: ClassVar[bool] = False
    two_pass: ClassVar[bool] = False
    params_model: ClassVar[type[OperatorParams]]
    #: A plan step using the operator (parameters only), shown by ``carborder deid operators``
    #: and checked against ``params_model`` by the tests.
    example: ClassVar[Mapping[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "__abstractmethods__", None):
            return
        for attr in ("name", "changes", "params_model"):
            if attr not in cls.__dict__ and not hasattr(cls, attr):
                raise TypeError(f"operator {cls.__qualname__} must declare ClassVar {attr!r}")

    def __init__(self, params: P, context: OperatorContext | None = None) -> None:
        self.params = params
        self.context = context or OperatorContext()

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> OperatorParams:
        """Validate raw parameters into the operator's Params model.

        Raises:
            InputError: a parameter is missing, unknown or of the wrong type.
        """
        try:
            return cls.params_model.model_validate(dict(raw))
        except ValidationError as exc:
            problems = joined(
                [
                    Msg(
                        "operator-param-problem",
                        param=".".join(str(p) for p in e["loc"]) or "(params)",
                        detail=_quoted(validation_detail(e)),
                    )
                    for e in exc.errors()
                ],
                en="; ",
                zh="；",
            )
            raise InputError(
                Msg("err-operator-params-invalid", op=cls.name, problems=problems),
                key=cls.name,
                hint=Msg("hint-allowed-params", params=", ".join(cls.params_model.model_fields)),
            ) from None

    @abstractmethod
    def check(self, schema: pa.Schema) -> None:
        """Check the params against the input schema; raise InputError before any data runs."""

    def observe(self, batch: pa.RecordBatch) -> None:
        """First pass of a two-pass operator (statistics over the whole input)."""

    @abstractmethod
    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Transform one batch; must be deterministic and must accept an empty batch."""

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """Facts after this step, as declared by the operator (only names in ``changes``)."""
        return {}

    @classmethod
    def suggest(
        cls, facts: Mapping[str, FactValue], hints: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Parameter sets worth trying on data with these facts (for the what-if planner).

        ``hints`` may carry ``precisions_m`` (metres values that matter to the pack) and
        ``columns`` (column → kinds); the default suggests nothing.
        """
        return []

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Information lost, 0 (none) to 1 (the data set is gone); used by the planner."""
        return 0.5

    def handling(self) -> Handling:
        """Identifiers this step hides (after :meth:`check`); most operators hide none."""
        return Handling()

    def manifest_params(self) -> dict[str, Any]:
        """Parameters as recorded in a manifest (never secrets)."""
        return self.params.model_dump(mode="json")
