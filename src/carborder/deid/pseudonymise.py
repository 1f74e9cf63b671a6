"""Replace identifiers with keyed HMAC-SHA-256 pseudonyms (still personal information)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from carborder.deid.base import (
    Operator,
    OperatorParams,
    columns_of_kinds,
    require_columns,
)
from carborder.deid.registry import register
from carborder.errors import InputError
from carborder.model.facts import FactValue

__all__ = ["Pseudonymise", "PseudonymiseParams", "pseudonym"]

_CACHE_LIMIT = 1 << 20


class PseudonymiseParams(OperatorParams):
    """Parameters of ``pseudonymise``."""

    columns: list[str] = Field(default_factory=list, description="Columns to pseudonymise.")
    kinds: list[str] = Field(
        default_factory=list, description="Also every column a scan found these PI kinds in."
    )
    key_id: str | None = Field(default=None, description="Key id; default: the active key.")
    length: int = Field(default=32, ge=16, le=64, description="Hex characters kept (16-64).")


def pseudonym(secret: bytes, value: str, length: int = 32) -> str:
    """Return the hex HMAC-SHA-256 pseudonym of one value.

    >>> pseudonym(b"k" * 16, "LSVAU2180N2183294", 16)
    '25688dca43974027'
    """
    return hmac.digest(secret, value.encode("utf-8"), "sha256").hex()[:length]


@register
class Pseudonymise(Operator[PseudonymiseParams]):
    """Keyed pseudonyms, deterministic per key across data sets (so joins still work).

    A different key gives unrelated pseudonyms.

    Pseudonymised data is still personal information, so this operator changes no fact.
    Each distinct value is hashed once per batch (dictionary encoding) and cached across
    batches, because per-value HMAC set-up dominates the cost.
    """

    name: ClassVar[str] = "pseudonymise"
    changes: ClassVar[frozenset[str]] = frozenset()
    params_model: ClassVar[type[OperatorParams]] = PseudonymiseParams

    def __init__(self, params: PseudonymiseParams, context: Any = None) -> None:
        super().__init__(params, context)
        self._cache: dict[str, str] = {}
        self._columns: list[str] = []
        self._secret: bytes | None = None
        self._key_id: str | None = None

    def check(self, schema: pa.Schema) -> None:
        """Resolve columns and the key; raise before any data is read."""
        require_columns(self.name, schema, self.params.columns)
        cols = list(self.params.columns)
        cols += [
            c for c in columns_of_kinds(schema, self.context, self.params.kinds) if c not in cols
        ]
        if not cols:
            raise InputError(
                "pseudonymise: no column selected",
                key=self.name,
                hint="give columns=[...] or kinds=[...] that a scan found",
            )
        if self.context.keyring is None:
            raise InputError(
                "pseudonymise needs a key", hint="set $CARBORDER_PSEUDONYM_KEY or a key file"
            )
        key = self.context.keyring.key(self.params.key_id)
        self._columns, self._secret, self._key_id = cols, key.secret, key.id

    def apply(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Replace the selected columns with pseudonyms (nulls stay null)."""
        if self._secret is None:
            self.check(batch.schema)
        assert self._secret is not None
        arrays = list(batch.columns)
        fields = list(batch.schema)
        for col in self._columns:
            i = batch.schema.get_field_index(col)
            arrays[i] = self._hash_array(batch.column(i))
            fields[i] = pa.field(col, pa.string(), nullable=True)
        return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))

    def _hash_array(self, arr: pa.Array) -> pa.Array:
        if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
            arr = pc.cast(arr, pa.string())
        encoded = pc.dictionary_encode(arr)
        secret, length, cache = self._secret, self.params.length, self._cache
        assert secret is not None
        out: list[str] = []
        for v in encoded.dictionary.to_pylist():
            p = cache.get(v)
            if p is None:
                p = hmac.digest(secret, v.encode("utf-8"), "sha256").hex()[:length]
                if len(cache) < _CACHE_LIMIT:
                    cache[v] = p
            out.append(p)
        return pc.take(pa.array(out, type=pa.string()), encoded.indices)

    def manifest_params(self) -> dict[str, Any]:
        """Params with the resolved key id; the key itself is never recorded."""
        data = self.params.model_dump(mode="json")
        data["key_id"] = self._key_id or self.params.key_id
        data["columns"] = self._columns or self.params.columns
        data["algorithm"] = "HMAC-SHA-256"
        return data

    @classmethod
    def cost(cls, params: OperatorParams, facts: Mapping[str, FactValue]) -> float:
        """Cheap: joins still work, only the raw value is lost."""
        return 0.05
