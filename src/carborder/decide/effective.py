"""A flow's effective facts: what its data sets will be when they leave.

Declared facts, overlaid with scans (stricter reading first), then the flow's own
de-identification plan as its operators promise it. ``assess``, ``explain``, ``plan``, the
scope an approval records and the export gateway all read a flow through these two
functions, so none of them can decide on facts the others do not see: a plan that drops the
ID-number column lightens the flow in ``assess`` exactly as it does at export time.
"""

from __future__ import annotations

from collections.abc import Mapping

from carborder.decide.merge import merge_declared_detected
from carborder.model.facts import Facts
from carborder.model.flow import Flow
from carborder.model.inventory import Inventory
from carborder.rulebook.pack import Pack

__all__ = ["effective_facts", "known_facts"]


def known_facts(
    inventory: Inventory, pack: Pack, detected: Mapping[str, Facts] | None = None
) -> dict[str, Facts]:
    """Every asset's facts before any plan: declared merged with detected, stricter first.

    This is what the handler holds (important-data holdings are judged on it).
    """
    detected = detected or {}
    return {
        a.id: merge_declared_detected(pack, dict(a.facts), detected.get(a.id, {}))[0]
        for a in inventory.assets
    }


def effective_facts(
    flow: Flow,
    known: Mapping[str, Facts],
    pack: Pack,
    column_kinds: Mapping[str, Mapping[str, frozenset[str]]] | None = None,
) -> dict[str, Facts]:
    """The facts of each of ``flow``'s assets after the flow's plan (no data is read).

    Args:
        flow: The flow; its ``deid`` steps apply in order.
        known: Facts per asset before the plan (:func:`known_facts`, or the gateway's scan of
            the inputs overlaid on them).
        pack: Rulebook pack (the one mapping from PI kinds to sensitive categories).
        column_kinds: PI kinds found per column, per asset, where a scan knows them (lets
            column-based operators promise which kinds they remove).

    Facts no operator touches carry over unchanged.
    """
    from carborder.deid.plan import promised_facts  # deid imports the pack, not decide

    kinds = column_kinds or {}
    return {
        asset: promised_facts(flow.deid, known.get(asset, {}), kinds.get(asset), pack=pack)
        for asset in flow.assets
    }
