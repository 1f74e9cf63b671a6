"""Runners execute scan units in-process, in a process pool or on Ray, and merge the states."""

from carborder.scan.runners.base import RUNNERS, ProgressEvent, ProgressFn, get, plan_units

__all__ = ["RUNNERS", "ProgressEvent", "ProgressFn", "get", "plan_units"]
