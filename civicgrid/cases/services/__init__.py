"""Writes to cases. ``intake.case_report`` takes reports in; ``transition.case_transition`` is the
only writer of the state."""

from .intake import Report, case_answer, case_report, case_self_handle
from .transition import Conflict, Forbidden, available_actions, case_transition

__all__ = [
    "Conflict",
    "Forbidden",
    "Report",
    "available_actions",
    "case_answer",
    "case_report",
    "case_self_handle",
    "case_transition",
]
