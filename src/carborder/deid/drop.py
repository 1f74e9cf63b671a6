"""Drop columns: the simplest and strongest operator; what is gone cannot leak."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pyarrow as pa
from pydantic import Field

from carborder.deid._facts import as_set, without
from carborder.deid.base import (
    GEO_KIND,
    Operator,
    OperatorParams,
    columns_of_kinds,
    require_columns,
)
from carborder.deid.registry import register
from carborder.errors import InputError
from carborder.model.facts import FactValue

__all__ = ["Drop", "DropParams"]


class DropParams(OperatorParams):
    """Parameters of ``drop``."""

    columns: list[str] = Field(default_factory=list, description="Columns to remove.")
    kinds: list[str] = Field(
        default_factory=list,
        description="Also remove every column a scan found these PI kinds (or 'location') in.",
    )


@register
class Drop(Operator[DropParams]):
    """Remove columns; the PI kinds they carried leave the data set."""

    name: ClassVar[str] = "drop"
    changes: ClassVar[frozenset[str]] = frozenset(
        {"pi.kinds", "pi.sensitive_kinds", "geo.present", "geo.precision_m"}
    )
    params_model: ClassVar[type[OperatorParams]] = DropParams

    def check(self, schema: pa.Schema) -> None:
        """Resolve the columns to drop."""
        require_columns(self.name, schema, self.params.columns)
        cols = list(self.params.columns)
        cols += [
            c for c in columns_of_kinds(schema, self.context, self.params.kinds) if c not in cols
        ]
        if not cols and not self.params.kinds:
            raise InputError("drop: no column selected", key=self.name)
        self._columns = cols

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Return the batch without the dropped columns."""
        if not hasattr(self, "_columns"):
            self.check(batch.schema)
        present = [c for c in self._columns if c in batch.schema.names]
        return batch.drop_columns(present) if present else batch

    def manifest_params(self) -> dict[str, object]:
        """Params plus the resolved column list."""
        data = self.params.model_dump(mode="json")
        data["columns"] = getattr(self, "_columns", self.params.columns)
        return data

    @classmethod
    def promise(
        cls,
        params: OperatorParams,
        facts: Mapping[str, FactValue],
        column_kinds: Mapping[str, frozenset[str]] | None = None,
    ) -> dict[str, FactValue]:
        """The kinds carried by the dropped columns are gone; dropping coordinates ends geo."""
        assert isinstance(params, DropParams)
        removed = set(params.kinds)
        for col in params.columns:
            removed |= set((column_kinds or {}).get(col, frozenset()))
        out: dict[str, FactValue] = {}
        if removed & as_set(facts, "pi.kinds"):
            out["pi.kinds"] = without(facts, "pi.kinds", removed)
        sensitive_removed = set(removed)
        if GEO_KIND in removed:
            sensitive_removed.add("trajectory")
            out["geo.present"] = False
        if sensitive_removed & as_set(facts, "pi.sensitive_kinds"):
            out["pi.sensitive_kinds"] = without(facts, "pi.sensitive_kinds", sensitive_removed)
        return out

    @classmethod
    def suggest(
        cls, facts: Mapping[str, FactValue], hints: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Drop each PI kind present; dropping ``location`` ends trajectories."""
        kinds = sorted(as_set(facts, "pi.kinds") - {GEO_KIND})
        out: list[dict[str, Any]] = [{"kinds": [k]} for k in kinds]
        if len(kinds) > 1:
            out.append({"kinds": kinds})
        if facts.get("geo.present") is True or GEO_KIND in as_set(facts, "pi.kinds"):
            out.append({"kinds": [GEO_KIND]})
        return out

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Dropping loses the whole column; coordinates are the most valuable ones."""
        assert isinstance(params, DropParams)
        return 0.6 if GEO_KIND in params.kinds else 0.3
