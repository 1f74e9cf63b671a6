"""Auto fields about the handler and its export gateway."""

from __future__ import annotations

from carborder.filings.context import FilingContext
from carborder.filings.resolvers import (
    _missing,
    _resolver,
    word,
)
from carborder.filings.schema import FieldDef
from carborder.filings.values import Filled, Text

__all__: list[str] = []


# -- handler and gateway -------------------------------------------------------------------


@_resolver("handler.ciio")
def _ciio(ctx: FilingContext, spec: FieldDef) -> Filled:
    flag = ctx.inventory.handler.ciio
    return Filled(word(ctx, "yes" if flag else "no"), ("workspace:carborder.yaml#handler.ciio",))


@_resolver("gateway.signing_key")
def _signing_key(ctx: FilingContext, spec: FieldDef) -> Filled:
    from carborder.gateway.signing import load_public_key_b64, public_key_id

    public = load_public_key_b64(ctx.workspace.state_dir / "keys")
    if public is None:
        return _missing()
    import base64

    key_id = public_key_id(base64.b64decode(public))
    return Filled(Text.same(f"Ed25519 {key_id}"), ("workspace:keys/manifest-signing",))
