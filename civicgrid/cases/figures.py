"""What the figures of cases count, in one place for every screen that shows them.

The command centre keeps its counts per area and day (``civicgrid.figures``), the indicators
count any period live (``evaluation/compute.py``), a rating round weighs the residents'
satisfaction with a department (``evaluation/rounds.py``): each builds its counts from the
conditions here and its rates from ``RATES`` with ``percent``, so that one label shows one number
for the same cases wherever it is shown. How each figure is made, in words, is the indicator
library (``evaluation/definitions.py``, shown on the page "How each figure is made").

A condition asks how a case stood at ``end`` (a period's end, itself excluded), or how it stands
now when ``end`` is None. Each screen adds its own cohort (the reports of some days, the cases
registered in a period, those a unit led).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .choices import Rating, State, Tier

RATED = ~Q(rating="")
# satisfied: 满意 and 基本满意 alike; only 不满意 is not
SATISFIED = RATED & Q(rating__in=[Rating.SATISFIED, Rating.BASIC])
SELF_HANDLED = Q(self_handled=True)


def closed(end: dt.datetime | None = None) -> Q:
    """Closed by ``end`` (or now). Reopening a case clears its closing."""
    return Q(closed_at__lt=end) if end is not None else Q(closed_at__isnull=False)


def closed_on_time(end: dt.datetime | None = None) -> Q:
    """Closed, and handled by its handling deadline (as written when it closed)."""
    return closed(end) & Q(closed_on_time=True)


def due_to_close(*, end: dt.datetime | None = None, now: dt.datetime | None = None) -> Q:
    """Not voided, and closed or past its handling deadline: by ``end``, or as it stands at
    ``now``."""
    deadline = end if end is not None else now
    if deadline is None:
        raise ValueError("due_to_close needs an end or a now")
    return ~Q(state=State.VOIDED) & (closed(end) | Q(handle_due_at__lt=deadline))


def resolved_at(tier: str, end: dt.datetime | None = None) -> Q:
    """Closed, resolved at ``tier`` (小事不出网格 …)."""
    return closed(end) & Q(tier_resolved=tier)


# The rates shown on more than one screen: each code → (the count above, the count below).
RATES: dict[str, tuple[str, str]] = {
    "closing_rate": ("closed", "due_to_close"),
    "on_time_closing_rate": ("closed_on_time", "due_to_close"),
    "satisfaction_rate": ("satisfied", "rated"),
    "self_handled_rate": ("self_handled", "reported"),
    **{f"{tier}_share": (f"resolved_{tier}", "closed") for tier in Tier.values},
}


def percent(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``, to two places; None when there is no whole."""
    return round(100 * part / whole, 2) if whole else None


def rate(code: str, counts: dict) -> float | None:
    """The rate ``code`` of ``RATES`` from a subject's counts."""
    above, below = RATES[code]
    return percent(counts.get(above) or 0, counts.get(below) or 0)
