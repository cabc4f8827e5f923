"""Cases (案件) and what they keep: the loop (``loop.py``: the case, its assignments and its
event log) and beside it (``records.py``: requests, attachments, the sweep's runs)."""

from .loop import (
    OPEN,
    RUNNING_Q,
    WITH_UNIT,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseQuerySet,
    assigned_to,
    is_running,
    running,
    visible_parts,
)
from .records import CaseAttachment, CaseRequest, SweepRun

__all__ = [
    "OPEN",
    "RUNNING_Q",
    "WITH_UNIT",
    "Case",
    "CaseAssignment",
    "CaseAttachment",
    "CaseEvent",
    "CaseQuerySet",
    "CaseRequest",
    "SweepRun",
    "assigned_to",
    "is_running",
    "running",
    "visible_parts",
]
