"""k-anonymity by suppression: remove rows whose quasi-identifier combination is rarer than k."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from carborder.deid._facts import as_set
from carborder.deid.base import GEO_KIND, Operator, OperatorParams, require_columns
from carborder.deid.registry import register
from carborder.model.facts import FactValue

__all__ = ["SuppressRare", "SuppressRareParams"]

_SEP = "\x1f"


class SuppressRareParams(OperatorParams):
    """Parameters of ``suppress_rare``."""

    columns: list[str] = Field(min_length=1, description="Quasi-identifier columns.")
    k: int = Field(ge=2, description="Minimum group size kept (k of k-anonymity).")
    action: Literal["drop_rows", "null_values"] = Field(
        default="drop_rows", description="Remove rare rows, or null their quasi-identifiers."
    )


@register
class SuppressRare(Operator[SuppressRareParams]):
    """Two passes: count each quasi-identifier combination, then suppress those seen < k times.

    With every direct identifier and every sensitive kind already removed by earlier steps,
    the result is k-anonymous over the quasi-identifiers, and the plan declares the data
    anonymised: this is the one operator allowed to clear the ``pi.*`` facts.
    """

    name: ClassVar[str] = "suppress_rare"
    example: ClassVar[Mapping[str, Any]] = {"columns": ["city", "model"], "k": 5}
    changes: ClassVar[frozenset[str]] = frozenset(
        {
            "anonymized",
            "pi.kinds",
            "pi.sensitive_kinds",
            "pi.individuals",
            "pi.sensitive_individuals",
        }
    )
    anonymising: ClassVar[bool] = True
    two_pass: ClassVar[bool] = True
    params_model: ClassVar[type[OperatorParams]] = SuppressRareParams

    def __init__(self, params: SuppressRareParams, context: object = None) -> None:
        super().__init__(params, context)  # type: ignore[arg-type]
        self._counts: Counter[str] = Counter()
        self._rare: pa.Array | None = None

    def check(self, schema: pa.Schema) -> None:
        """Columns exist."""
        require_columns(self.name, schema, self.params.columns)

    def _keys(self, batch: pa.RecordBatch) -> pa.Array:
        parts = [
            pc.fill_null(pc.cast(batch.column(c), pa.string()), "\x00") for c in self.params.columns
        ]
        return pc.binary_join_element_wise(*parts, _SEP)

    def observe(self, batch: pa.RecordBatch) -> None:
        """Count combinations."""
        if batch.num_rows == 0:
            return
        vc = pc.value_counts(self._keys(batch))
        for value, count in zip(
            vc.field("values").to_pylist(), vc.field("counts").to_pylist(), strict=True
        ):
            self._counts[value] += count
        self._rare = None

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Drop (or null) rows whose combination is rarer than k."""
        if self._rare is None:
            rare = sorted(v for v, n in self._counts.items() if n < self.params.k)
            self._rare = pa.array(rare, type=pa.string())
        if batch.num_rows == 0:
            return batch
        is_rare = pc.is_in(self._keys(batch), value_set=self._rare)
        if self.params.action == "drop_rows":
            return batch.filter(pc.invert(is_rare))
        arrays = list(batch.columns)
        for col in self.params.columns:
            i = batch.schema.get_field_index(col)
            nulls = pa.nulls(batch.num_rows, type=arrays[i].type)
            arrays[i] = pc.if_else(is_rare, nulls, arrays[i])
        return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """Anonymised only when no identifier kind and no sensitive kind is left before it.

        Coordinates (``location``) may remain: trajectories are a sensitive kind, so a plan
        that keeps them is never declared anonymous.
        """
        if as_set(facts, "pi.kinds") - {GEO_KIND} or as_set(facts, "pi.sensitive_kinds"):
            return {}
        return {
            "anonymized": True,
            "pi.kinds": [],
            "pi.sensitive_kinds": [],
            "pi.individuals": 0,
            "pi.sensitive_individuals": 0,
        }

    @classmethod
    def suggest(
        cls, facts: Mapping[str, FactValue], hints: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Suggest k = 5 over the quasi-identifiers (columns chosen by a person)."""
        if facts.get("anonymized") is True:
            return []
        return [{"columns": ["<quasi-identifiers>"], "k": 5}]

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Rows lost grow with k."""
        assert isinstance(params, SuppressRareParams)
        return min(0.8, 0.1 + 0.02 * params.k)
