"""Floor timestamps to a coarser unit (minute, hour, day...)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from carborder.deid.base import Operator, OperatorParams, require_column_types
from carborder.deid.registry import register
from carborder.model.facts import FactValue

__all__ = ["GeneraliseTime", "GeneraliseTimeParams"]

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_EPOCH_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


def _time_like(t: pa.DataType) -> bool:
    """Columns this operator can work on: timestamps or integers (epoch units)."""
    return bool(pa.types.is_timestamp(t) or pa.types.is_integer(t))


class GeneraliseTimeParams(OperatorParams):
    """Parameters of ``generalise_time``."""

    columns: list[str] = Field(min_length=1, description="Timestamp or epoch columns.")
    unit: Literal["second", "minute", "hour", "day"] = Field(description="Floor to this unit.")
    multiple: int = Field(default=1, ge=1, description="Floor to this many units (e.g. 15 min).")
    epoch_unit: Literal["s", "ms", "us", "ns"] = Field(
        default="s", description="Unit of integer epoch columns."
    )


@register
class GeneraliseTime(Operator[GeneraliseTimeParams]):
    """Floor timestamps; timestamp columns keep their type, integer epochs stay integers."""

    name: ClassVar[str] = "generalise_time"
    example: ClassVar[Mapping[str, Any]] = {
        "columns": ["start_time"],
        "unit": "minute",
        "multiple": 15,
    }
    changes: ClassVar[frozenset[str]] = frozenset()
    params_model: ClassVar[type[OperatorParams]] = GeneraliseTimeParams

    def check(self, schema: pa.Schema) -> None:
        """Columns exist and are timestamps or integers."""
        require_column_types(
            self.name, schema, self.params.columns, _time_like, "col-want-timestamp"
        )

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Return the batch with the columns floored."""
        p = self.params
        arrays = list(batch.columns)
        for col in p.columns:
            i = batch.schema.get_field_index(col)
            arr = batch.column(i)
            if pa.types.is_timestamp(arr.type):
                arrays[i] = pc.floor_temporal(arr, multiple=p.multiple, unit=p.unit)
            else:
                step = _SECONDS[p.unit] * p.multiple * _EPOCH_PER_SECOND[p.epoch_unit]
                floored = pc.multiply(pc.floor(pc.divide(pc.cast(arr, pa.float64()), step)), step)
                arrays[i] = pc.cast(floored, arr.type)
        return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Coarser units lose more."""
        assert isinstance(params, GeneraliseTimeParams)
        return {"second": 0.01, "minute": 0.05, "hour": 0.15, "day": 0.3}[params.unit]
