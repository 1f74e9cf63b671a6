"""De-identification operators over Arrow batches, their registry and plans."""

from __future__ import annotations

from carborder.deid.base import Operator, OperatorContext, OperatorParams
from carborder.deid.keys import ENV_VAR, Keyring, PseudonymKey
from carborder.deid.plan import CompiledPlan, Promise, compile_plan, promise_of, promised_facts
from carborder.deid.registry import get, names, register

__all__ = [
    "ENV_VAR",
    "CompiledPlan",
    "Keyring",
    "Operator",
    "OperatorContext",
    "OperatorParams",
    "Promise",
    "PseudonymKey",
    "compile_plan",
    "get",
    "names",
    "promise_of",
    "promised_facts",
    "register",
]
