"""Composite scores and rankings from a score card.

Each item turns its indicator into points out of 100:
- a rate (%) where higher is better scores its value; where lower is better, 100 − its value;
- a count or a time scores 100 × value ÷ target (at most 100) where higher is better, and
  100 × (1 − value ÷ target) (at least 0) where lower is better.
The score is the weighted mean of the items' points. An item with nothing to divide by (no
cases) is left out and the others' weights count in full: a grid with no public reports is not
marked down for it. A subject with no item scored has no score and no grade.
Ranks follow the score, highest first; equal scores share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.duties.enforce import admitted

from . import selectors
from .compute import area_indicators
from .definitions import AREA, BY_CODE, HIGHER, PERSON, UNIT
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


def points(code: str, value, target=None) -> float | None:
    """The points (0–100) an indicator's value earns."""
    if value is None:
        return None
    indicator = BY_CODE[code]
    higher = indicator.direction == HIGHER
    if indicator.unit == "%":
        earned = value if higher else 100 - value
    else:
        ratio = float(value) / float(target) if target else 0.0
        earned = 100 * ratio if higher else 100 * (1 - ratio)
    return round(max(0.0, min(100.0, float(earned))), 2)


@dataclass
class Scored:
    row: object  # the area, unit or person
    score: float | None
    grade: str
    items: dict = field(default_factory=dict)  # indicator code → (value, points)
    rank: int | None = None


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
    areas = list(
        Area.objects.filter(level=card.level, active=True, path__startswith=top.path).order_by(
            "code"
        )
    )
    if card.level == AreaLevel.COMMUNITY:  # communities: only where the card is admitted
        areas = [a for a in areas if admitted(a, card=card)]
    return Report(AREA, period, areas, area_indicators(areas, period))


def ranking(card: ScoreCard, user, period: Period, *, within: Area | None = None) -> list[Scored]:
    """Every subject of the card the user may see, scored and ranked for the period."""
    report = _report(card, user, period, within)
    scored = []
    for row in report.rows:
        total, items = score(card, report.values[row.pk])
        scored.append(Scored(row, total, card.grade(total), items))
    return rank(scored, lambda s: s.score, lambda s: s.row.code)
