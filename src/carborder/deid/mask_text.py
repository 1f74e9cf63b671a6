"""Mask identifiers inside free-text columns (``[PHONE]``, ``[VIN]``...)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from carborder.deid._facts import as_set, without
from carborder.deid.base import Operator, OperatorParams, require_columns
from carborder.deid.patterns import TEXT_PATTERNS
from carborder.deid.registry import register
from carborder.errors import InputError
from carborder.model.facts import FactValue

__all__ = ["MaskText", "MaskTextParams"]


class MaskTextParams(OperatorParams):
    """Parameters of ``mask_text``."""

    columns: list[str] = Field(min_length=1, description="Free-text columns.")
    kinds: list[str] = Field(
        default_factory=lambda: list(TEXT_PATTERNS),
        description="PI kinds to mask (default: all known patterns).",
    )

    @field_validator("kinds")
    @classmethod
    def _known(cls, kinds: list[str]) -> list[str]:
        unknown = [k for k in kinds if k not in TEXT_PATTERNS]
        if unknown:
            raise ValueError(
                f"unknown kind(s) {', '.join(unknown)}; known: {', '.join(TEXT_PATTERNS)}"
            )
        return kinds


@register
class MaskText(Operator[MaskTextParams]):
    """Replace every candidate identifier of the selected kinds by ``[KIND]``."""

    name: ClassVar[str] = "mask_text"
    changes: ClassVar[frozenset[str]] = frozenset({"pi.kinds"})
    params_model: ClassVar[type[OperatorParams]] = MaskTextParams

    def check(self, schema: pa.Schema) -> None:
        """Columns exist and hold strings."""
        require_columns(self.name, schema, self.params.columns)
        for col in self.params.columns:
            t = schema.field(col).type
            if not (pa.types.is_string(t) or pa.types.is_large_string(t)):
                raise InputError(f"mask_text: column {col} is {t}, not text", key=self.name)

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Return the batch with identifiers masked (masking order: longest kinds first)."""
        arrays = list(batch.columns)
        order = [k for k in TEXT_PATTERNS if k in self.params.kinds]
        for col in self.params.columns:
            i = batch.schema.get_field_index(col)
            arr = arrays[i]
            for kind in order:
                arr = pc.replace_substring_regex(
                    arr, pattern=TEXT_PATTERNS[kind], replacement=rf"\1[{kind.upper()}]"
                )
            arrays[i] = arr
        return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)

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
