"""Which documents a decision requires, and which mechanism of its pathway the filer uses."""

from __future__ import annotations

from carborder.errors import FilingError, Msg
from carborder.filings.catalogue import Catalogue
from carborder.model.approval import Approval
from carborder.model.decision import Decision

__all__ = ["choose_mechanism", "required_documents"]


def choose_mechanism(
    cat: Catalogue, decision: Decision, approvals: list[Approval], requested: str | None
) -> str | None:
    """The mechanism: the one asked for, else one the flow already holds an approval of, else the first.

    Raises:
        FilingError: the mechanism asked for is not one of the pathway's.
    """
    options = cat.index.mechanisms.get(decision.pathway.value, [])
    if requested is not None:
        every = {m for ms in cat.index.mechanisms.values() for m in ms}
        if requested not in every:
            raise FilingError(
                Msg("err-filing-mechanism", id=requested),
                hint=Msg("hint-filing-mechanisms", known=", ".join(sorted(every))),
            )
        return requested
    held = [a.kind for a in approvals if decision.flow in a.flows and not a.revoked]
    for option in options:
        if option in held:
            return option
    return options[0] if options else None


def required_documents(cat: Catalogue, decision: Decision, mechanism: str | None) -> list[str]:
    """Document kinds the decision requires, in the index's order, each once."""
    obligations = {o.id for o in decision.obligations}
    kinds: list[str] = []
    for rule in cat.index.selection:
        w = rule.when
        if w.pathway is not None and w.pathway != decision.pathway.value:
            continue
        if w.mechanism is not None and w.mechanism != mechanism:
            continue
        if w.obligation is not None and w.obligation not in obligations:
            continue
        kinds.extend(k for k in rule.documents if k not in kinds)
    return kinds


def documents_for_mechanism(cat: Catalogue, mechanism: str) -> list[str]:
    """Documents of a mechanism regardless of the decision (what --force builds)."""
    kinds: list[str] = []
    for rule in cat.index.selection:
        if rule.when.obligation is not None:
            continue  # documents an obligation adds are never forced in
        if rule.when.mechanism == mechanism or (
            rule.when.mechanism is None and rule.when.pathway == mechanism
        ):
            kinds.extend(k for k in rule.documents if k not in kinds)
    return kinds
