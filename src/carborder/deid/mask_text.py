"""Mask identifiers inside free-text columns (``[PHONE]``, ``[VIN]``...)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from carborder.deid._facts import as_set, without
from carborder.deid.base import (
    Handling,
    Operator,
    OperatorParams,
    is_text,
    require_column_types,
    text_columns,
)
from carborder.deid.patterns import TEXT_PATTERNS, mask_token
from carborder.deid.registry import register
from carborder.deid.text_spans import replace_spans
from carborder.errors import Msg, MsgValueError
from carborder.model.facts import FactValue

__all__ = ["MaskText", "MaskTextParams"]


class MaskTextParams(OperatorParams):
    """Parameters of ``mask_text``."""

    columns: list[str] = Field(
        default_factory=list, description="Free-text columns (default: every text column)."
    )
    kinds: list[str] = Field(
        default_factory=lambda: list(TEXT_PATTERNS),
        description="PI kinds to mask (default: all known patterns).",
    )

    @field_validator("kinds")
    @classmethod
    def _known(cls, kinds: list[str]) -> list[str]:
        unknown = [k for k in kinds if k not in TEXT_PATTERNS]
        if unknown:
            raise MsgValueError(
                Msg("err-mask-kinds", kinds=", ".join(unknown), known=", ".join(TEXT_PATTERNS))
            )
        return kinds


@register
class MaskText(Operator[MaskTextParams]):
    """Replace every candidate identifier of the selected kinds by ``[KIND]``.

    Candidates are masked generously (patterns without check digits), then every identifier
    the scan's validators accept is masked too, so no valid one survives in these columns.
    """

    name: ClassVar[str] = "mask_text"
    example: ClassVar[Mapping[str, Any]] = {"columns": ["notes"], "kinds": ["phone", "id_number"]}
    changes: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    params_model: ClassVar[type[OperatorParams]] = MaskTextParams

    def check(self, schema: pa.Schema) -> None:
        """Columns exist and hold strings."""
        require_column_types(self.name, schema, self.params.columns, is_text, "col-want-text")
        self._columns = list(self.params.columns) or text_columns(schema)
        self._masked: Counter[tuple[str, str]] = Counter()

    def rewind(self) -> None:
        """Start counting masked spans afresh (a plan's passes rewind every operator)."""
        self._masked = Counter()

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Return the batch with identifiers masked (masking order: longest kinds first)."""
        if not hasattr(self, "_columns"):
            self.check(batch.schema)
        arrays = list(batch.columns)
        fields = list(batch.schema)
        order = [k for k in TEXT_PATTERNS if k in self.params.kinds]
        for col in self._columns:
            i = batch.schema.get_field_index(col)
            arr = arrays[i]
            if pa.types.is_dictionary(arr.type):
                arr = arr.cast(arr.type.value_type)
            for kind in order:
                arr = pc.replace_substring_regex(
                    arr, pattern=TEXT_PATTERNS[kind], replacement=rf"\1{mask_token(kind)}"
                )
            arr, counts = replace_spans(arr, order, lambda kind, _value: mask_token(kind))
            for kind, n in counts.items():
                self._masked[(col, kind)] += n
            arrays[i] = arr
            fields[i] = pa.field(col, arr.type, nullable=True)
        return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))

    def handling(self) -> Handling:
        """The kinds asked for (or, by default, those the scan found in these columns)."""
        cols = getattr(self, "_columns", list(self.params.columns))
        kinds = set(self.params.kinds)
        if "kinds" not in self.params.model_fields_set:
            found: set[str] = set()
            for col in cols:
                found |= self.context.column_kinds.get(col, frozenset())
                found |= self.context.text_kinds.get(col, frozenset())
            kinds &= found
        return Handling(
            kinds=frozenset(kinds),
            spans={c: frozenset(self.params.kinds) for c in cols},
        )

    def manifest_params(self) -> dict[str, Any]:
        """Params plus the resolved columns and how many validated identifiers were masked."""
        data = self.params.model_dump(mode="json")
        data["columns"] = getattr(self, "_columns", self.params.columns)
        masked = getattr(self, "_masked", None)
        if masked:
            data["also_masked_by_validators"] = {
                f"{c}:{k}": n for (c, k), n in sorted(masked.items())
            }
        return data

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """Masked kinds leave the data set, unless another (unmasked) column still holds them."""
        assert isinstance(params, MaskTextParams)
        removed = set(params.kinds)
        for col, kinds in (column_kinds or {}).items():
            if col not in params.columns:
                removed -= set(kinds)
        if removed & as_set(facts, "pi.kinds"):
            return {"pi.kinds": without(facts, "pi.kinds", removed)}
        return {}

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Only the identifiers inside the text are lost."""
        return 0.1
