"""Drop columns: the simplest and strongest operator; what is gone cannot leak."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import pyarrow as pa
from pydantic import Field

from carborder.deid._facts import as_set, without
from carborder.deid.base import (
    GEO_KIND,
    Handling,
    Operator,
    OperatorParams,
    columns_of_kinds,
    require_columns,
    text_columns,
)
from carborder.deid.patterns import mask_token
from carborder.deid.registry import register
from carborder.deid.text_spans import replace_spans
from carborder.errors import InputError, Msg
from carborder.model.facts import FactValue

__all__ = ["Drop", "DropParams"]


class DropParams(OperatorParams):
    """Parameters of ``drop``."""

    columns: list[str] = Field(default_factory=list, description="Columns to remove.")
    kinds: list[str] = Field(
        default_factory=list,
        description="Also remove every column a scan found these PI kinds (or 'location') in; "
        "inside any other text column, each identifier of these kinds is masked ([PHONE]).",
    )


@register
class Drop(Operator[DropParams]):
    """Remove columns; the PI kinds they carried leave the data set.

    With ``kinds``, identifiers of those kinds inside the text columns that stay (notes,
    comments) are masked too (``[PHONE]``): what a kind-based drop names leaves every column.
    """

    name: ClassVar[str] = "drop"
    example: ClassVar[Mapping[str, Any]] = {"kinds": ["id_number"]}
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
            raise InputError(Msg("err-no-column-selected", op=self.name), key=self.name)
        from carborder.scan.detectors.spans import span_kinds

        self._columns = cols
        self._span_kinds = frozenset(self.params.kinds) & span_kinds()
        self._span_columns = (
            [c for c in text_columns(schema) if c not in cols] if self._span_kinds else []
        )
        self._masked: Counter[tuple[str, str]] = Counter()

    def rewind(self) -> None:
        """Start counting masked spans afresh (a plan's passes rewind every operator)."""
        self._masked = Counter()

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Return the batch without the dropped columns, spans of the kinds masked elsewhere."""
        if not hasattr(self, "_columns"):
            self.check(batch.schema)
        present = [c for c in self._columns if c in batch.schema.names]
        out = batch.drop_columns(present) if present else batch
        if not self._span_columns:
            return out
        arrays, fields = list(out.columns), list(out.schema)
        for col in self._span_columns:
            i = out.schema.get_field_index(col)
            arrays[i], counts = replace_spans(
                out.column(i), self._span_kinds, lambda kind, _value: mask_token(kind)
            )
            fields[i] = pa.field(col, pa.string(), nullable=True)
            for kind, n in counts.items():
                self._masked[(col, kind)] += n
        return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))

    def handling(self) -> Handling:
        """Kinds named (or carried by the dropped columns); dropped columns; masked spans."""
        cols = getattr(self, "_columns", [])
        kinds = set(self.params.kinds) - {GEO_KIND}
        for col in cols:
            kinds |= self.context.column_kinds.get(col, frozenset()) - {GEO_KIND}
        return Handling(
            kinds=frozenset(kinds),
            whole=frozenset(cols),
            spans={c: self._span_kinds for c in getattr(self, "_span_columns", [])},
        )

    def manifest_params(self) -> dict[str, object]:
        """Params plus the resolved column list and the spans masked in other columns."""
        data = self.params.model_dump(mode="json")
        data["columns"] = getattr(self, "_columns", self.params.columns)
        masked = getattr(self, "_masked", None)
        if masked:
            data["spans_masked"] = {f"{c}:{k}": n for (c, k), n in sorted(masked.items())}
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
        # Categories the removed kinds carried (id_number → specific_identity) follow through
        # the pack's mapping in promised_facts; only trajectories are this step's own: no
        # coordinates, no trajectory.
        if GEO_KIND in removed:
            out["geo.present"] = False
            if "trajectory" in as_set(facts, "pi.sensitive_kinds"):
                out["pi.sensitive_kinds"] = without(facts, "pi.sensitive_kinds", ["trajectory"])
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
