"""The pure decision engine: pathway, status, obligations and a cited trace per flow."""

from __future__ import annotations

from carborder.decide.engine import YearToDate, decide, decide_all
from carborder.decide.merge import FactConflict, merge_declared_detected

__all__ = ["FactConflict", "YearToDate", "decide", "decide_all", "merge_declared_detected"]
