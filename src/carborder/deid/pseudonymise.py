"""Replace identifiers with keyed HMAC-SHA-256 pseudonyms (still personal information).

A pseudonym is ``ps_`` and the HMAC's hex digits written as letters ``a``-``p``
(:data:`carborder.deid.patterns.PSEUDONYM_PATTERN`): no identifier validator accepts it, so
the re-scan proof can tell a pseudonymised value from a raw one.
"""

from __future__ import annotations

import hmac
from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from carborder.deid.base import (
    Handling,
    Operator,
    OperatorParams,
    columns_of_kinds,
    require_columns,
    text_columns,
)
from carborder.deid.patterns import PSEUDONYM_ALPHABET, PSEUDONYM_PREFIX
from carborder.deid.registry import register
from carborder.deid.text_spans import replace_spans
from carborder.errors import InputError, Msg
from carborder.model.facts import FactValue

__all__ = ["Pseudonymise", "PseudonymiseParams", "pseudonym"]

_CACHE_LIMIT = 1 << 20
_LETTERS = str.maketrans("0123456789abcdef", PSEUDONYM_ALPHABET)


class PseudonymiseParams(OperatorParams):
    """Parameters of ``pseudonymise``."""

    columns: list[str] = Field(default_factory=list, description="Columns to pseudonymise.")
    kinds: list[str] = Field(
        default_factory=list,
        description="Also every column a scan found these PI kinds in; inside any other text "
        "column, each identifier of these kinds is replaced by its pseudonym.",
    )
    key_id: str | None = Field(default=None, description="Key id; default: the active key.")
    length: int = Field(
        default=32, ge=16, le=64, description="Letters after the 'ps_' prefix (16-64)."
    )


def pseudonym(secret: bytes, value: str, length: int = 32) -> str:
    """Return the pseudonym of one value: ``ps_`` + ``length`` letters of its keyed HMAC.

    >>> pseudonym(b"k" * 16, "LSVAU2180N2183294", 16)
    'ps_cfgiinmkedjheach'
    """
    digest = hmac.digest(secret, value.encode("utf-8"), "sha256").hex()[:length]
    return PSEUDONYM_PREFIX + digest.translate(_LETTERS)


@register
class Pseudonymise(Operator[PseudonymiseParams]):
    """Keyed pseudonyms, deterministic per key across data sets (so joins still work).

    A different key gives unrelated pseudonyms. With ``kinds``, every column a scan found those
    kinds in is pseudonymised value by value, and identifiers of those kinds inside any other
    text column (notes, comments) are replaced in place by the pseudonym of the identifier —
    the same pseudonym its own column gets, so the note still joins.

    Pseudonymised data is still personal information, so this operator changes no fact.
    Each distinct value is hashed once per batch (dictionary encoding) and cached across
    batches, because per-value HMAC set-up dominates the cost.
    """

    name: ClassVar[str] = "pseudonymise"
    example: ClassVar[Mapping[str, Any]] = {"kinds": ["phone", "vin"]}
    changes: ClassVar[frozenset[str]] = frozenset()
    params_model: ClassVar[type[OperatorParams]] = PseudonymiseParams

    def __init__(self, params: PseudonymiseParams, context: Any = None) -> None:
        super().__init__(params, context)
        self._cache: dict[str, str] = {}
        self._columns: list[str] = []
        self._span_columns: list[str] = []
        self._span_kinds: frozenset[str] = frozenset()
        self._secret: bytes | None = None
        self._key_id: str | None = None
        self._replaced: Counter[tuple[str, str]] = Counter()

    def check(self, schema: pa.Schema) -> None:
        """Resolve columns and the key; raise before any data is read."""
        from carborder.scan.detectors.spans import span_kinds

        require_columns(self.name, schema, self.params.columns)
        cols = list(self.params.columns)
        cols += [
            c for c in columns_of_kinds(schema, self.context, self.params.kinds) if c not in cols
        ]
        self._span_kinds = frozenset(self.params.kinds) & span_kinds()
        spans = [c for c in text_columns(schema) if c not in cols] if self._span_kinds else []
        if not cols and not self.params.kinds:
            raise InputError(
                Msg("err-no-column-selected", op=self.name),
                key=self.name,
                hint=Msg("hint-columns-or-kinds"),
            )
        if self.context.keyring is None:
            raise InputError(Msg("err-pseudonymise-needs-key"), hint=Msg("hint-pseudonymise-key"))
        key = self.context.keyring.key(self.params.key_id)
        self._columns, self._span_columns = cols, spans
        self._secret, self._key_id = key.secret, key.id

    def rewind(self) -> None:
        """Start counting replaced spans afresh (a plan's passes rewind every operator)."""
        self._replaced = Counter()

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Replace the selected columns with pseudonyms (nulls stay null), and spans in text."""
        if self._secret is None:
            self.check(batch.schema)
        assert self._secret is not None
        arrays = list(batch.columns)
        fields = list(batch.schema)
        for col in self._columns:
            i = batch.schema.get_field_index(col)
            arrays[i] = self._hash_array(batch.column(i))
            fields[i] = pa.field(col, pa.string(), nullable=True)
        for col in self._span_columns:
            i = batch.schema.get_field_index(col)
            arrays[i], counts = replace_spans(batch.column(i), self._span_kinds, self._span)
            fields[i] = pa.field(col, pa.string(), nullable=True)
            for kind, n in counts.items():
                self._replaced[(col, kind)] += n
        return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))

    def _span(self, kind: str, value: str) -> str:
        return self._one(value)

    def _one(self, v: str) -> str:
        p = self._cache.get(v)
        if p is None:
            assert self._secret is not None
            p = pseudonym(self._secret, v, self.params.length)
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[v] = p
        return p

    def _hash_array(self, arr: pa.Array) -> pa.Array:
        if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
            arr = pc.cast(arr, pa.string())
        encoded = pc.dictionary_encode(arr)
        out = [self._one(v) for v in encoded.dictionary.to_pylist()]
        return pc.take(pa.array(out, type=pa.string()), encoded.indices)

    def handling(self) -> Handling:
        """Kinds named (or carried by the named columns); whole columns; spans elsewhere."""
        kinds = set(self.params.kinds)
        for col in self._columns:
            kinds |= self.context.column_kinds.get(col, frozenset())
        return Handling(
            kinds=frozenset(kinds),
            whole=frozenset(self._columns),
            spans={c: self._span_kinds for c in self._span_columns},
        )

    def manifest_params(self) -> dict[str, Any]:
        """Params with the resolved key id and columns; the key itself is never recorded."""
        data = self.params.model_dump(mode="json")
        data["key_id"] = self._key_id or self.params.key_id
        data["columns"] = self._columns or self.params.columns
        data["algorithm"] = "HMAC-SHA-256"
        data["format"] = f"{PSEUDONYM_PREFIX}<letters a-p>"
        if self._replaced:
            data["spans_replaced"] = {
                f"{col}:{kind}": n for (col, kind), n in sorted(self._replaced.items())
            }
        return data

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Cheap: joins still work, only the raw value is lost."""
        return 0.05
