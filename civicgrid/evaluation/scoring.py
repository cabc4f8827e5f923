"""Composite scores and rankings from a score card.

Each item turns its indicator into points out of 100:
- a rate (%) where higher is better scores its value; where lower is better, 100 − its value;
- a count or a time scores 100 × value ÷ target (at most 100) where higher is better, and
  100 × (1 − value ÷ target) (at least 0) where lower is better.
The score is the weighted mean of the items' points. An item with nothing to divide by (no
cases) is left out and the others' weights count in full: a grid with no public reports is not
marked down for it. A subject with no item scored has no score and no grade.
Ranks follow the score, highest first; equal scores share a rank (1, 2, 2, 4).

A subject with too few cases in the period (CIVICGRID_RANKING_MIN_CASES: an area's registered
cases, a department's cases due to handle, a person's steps in their role) is not rated: no score,
no grade, no rank, and the reason says so. Otherwise a department that handled nothing would score
full marks on every "lower is better" count and top the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area

from . import selectors
from .admitted import admitted
from .compute import area_indicators
from .definitions import AREA, BY_CODE, HIGHER, PERSON, UNIT, Row
from .models import ScoreCard
from .periods import Period
from .reports import Report, person_report, unit_report


def rank(rows: list, score, name) -> list:
    """Sort ``rows`` by ``score(row)``, highest first (those without a score last, by
    ``name(row)``), and set each scored row's ``rank``: equal scores share one (1, 2, 2, 4)."""
    rows.sort(key=lambda r: (score(r) is None, -(score(r) or 0), name(r)))
    previous = None
    for n, row in enumerate(rows, start=1):
        if score(row) is not None:
            row.rank = previous.rank if previous and score(previous) == score(row) else n
            previous = row
    return rows


TOO_FEW_CASES = "too_few_cases"  # the reason a subject is not rated
# the counts a subject's figures rest on: their sum is the subject's cases in the period
VOLUME = {
    AREA: ("registered",),
    UNIT: ("due_to_handle",),
    "supervisor": ("patrol_reports", "verifications", "checks"),
    "operator": ("accepted",),
    "shift_lead": ("registrations", "closings"),
    "dispatcher": ("dispatches",),
}


def min_cases() -> int:
    """The fewest cases a subject needs to be rated (config/settings.py; 5 when unset)."""
    return int(getattr(settings, "CIVICGRID_RANKING_MIN_CASES", 5))


def volume(subject: str, values: dict, role: str = "") -> int:
    """The cases (or steps) behind a subject's figures (a person without a role: every role's)."""
    if subject == PERSON:
        codes = VOLUME[role] if role else [c for r in ("supervisor", "operator", "shift_lead",
                                                       "dispatcher") for c in VOLUME[r]]  # fmt: skip
    else:
        codes = VOLUME[subject]
    return sum(int(values.get(code) or 0) for code in codes)


def not_rated(cases: int) -> str:
    """The reason a subject with ``cases`` is not rated ("" when it is)."""
    return TOO_FEW_CASES if cases < min_cases() else ""


def reason_text(reason: str, cases: int) -> str:
    if reason != TOO_FEW_CASES:
        return ""
    return _(
        "Not rated: %(cases)s cases in the period, fewer than the %(fewest)s a rating needs."
    ) % {
        "cases": cases,
        "fewest": min_cases(),
    }


def points(code: str, value, target=None) -> float | None:
    """The points (0–100) an indicator's value earns."""
    if value is None:
        return None
    indicator = BY_CODE[code]
    higher = indicator.direction == HIGHER
    if indicator.unit in ("%", "points"):  # out of 100 already
        earned = value if higher else 100 - value
    else:
        ratio = float(value) / float(target) if target else 0.0
        earned = 100 * ratio if higher else 100 * (1 - ratio)
    return round(max(0.0, min(100.0, float(earned))), 2)


@dataclass
class Scored:
    row: Row  # the area, unit or person
    score: float | None
    grade: str
    items: dict = field(default_factory=dict)  # indicator code → (value, points)
    rank: int | None = None
    cases: int = 0  # the cases behind the figures (``volume``)
    reason: str = ""  # why it is not rated: TOO_FEW_CASES, or "" when rated
    cells: list = field(default_factory=list)  # (value, points) in a page's column order

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason, self.cases)


def score(card: ScoreCard, values: dict) -> tuple[float | None, dict]:
    items = {}
    total = weights = 0.0
    for item in card.items.all():
        value = values.get(item.indicator)
        earned = points(item.indicator, value, item.target)
        items[item.indicator] = (value, earned)
        if earned is not None:
            total += float(item.weight) * earned
            weights += float(item.weight)
    return (round(total / weights, 2) if weights else None), items


def _report(card: ScoreCard, user, period: Period, within: Area | None) -> Report:
    if card.subject == UNIT:
        return unit_report(selectors.units_for(user), period, compare=False)
    top = within or selectors.area_for(user, None)
    if card.subject == PERSON:
        return person_report(selectors.staff_for(top, card.role), period, card.role, compare=False)
    areas = (
        list(
            Area.objects.filter(level=card.level, active=True, path__startswith=top.path).order_by(
                "code"
            )
        )
        if card.level is not None  # an area card names its level
        else []
    )
    if card.level == AreaLevel.COMMUNITY:  # communities: only where the card is admitted
        areas = [a for a in areas if admitted(a, card=card)]
    return Report(AREA, period, areas, area_indicators(areas, period))


def ranking(card: ScoreCard, user, period: Period, *, within: Area | None = None) -> list[Scored]:
    """Every subject of the card the user may see, scored and ranked for the period."""
    report = _report(card, user, period, within)
    scored = []
    for row in report.rows:
        values = report.values[row.pk]
        total, items = score(card, values)
        cases = volume(card.subject, values, card.role)
        reason = not_rated(cases)
        if reason:
            total = None
        scored.append(Scored(row, total, card.grade(total), items, cases=cases, reason=reason))
    return rank(scored, lambda s: s.score, lambda s: s.row.code)
