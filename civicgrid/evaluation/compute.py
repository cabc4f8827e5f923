"""Indicators computed from the cases and their steps on the record, for any period and any
areas or units, with the cases behind every count.

Each count is a condition (``area_conditions`` / ``unit_conditions``) or a kind of step
(``STEPS``); the same condition counts the cases and, asked for the cases behind a figure, lists
them (``cases_behind``). What closed, on time, due to close, rated, satisfied, self-handled and
resolved at a tier mean, and the rates made of them, is ``civicgrid.cases.figures``: the command
centre counts with the same conditions. One grouped query per subject counts everything for
every grid (or unit) at once; grids are summed up to the areas asked for, units up to their
parents.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform

from civicgrid.accounts.models import OrgUnit
from civicgrid.accounts.selectors import subtrees
from civicgrid.areas.models import Area
from civicgrid.areas.selectors import grid_ids_under
from civicgrid.campaigns import figures as campaign_figures
from civicgrid.cases import figures
from civicgrid.cases.choices import Action, Channel, Tier
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.catalogue.choices import ClassKind
from civicgrid.commercial import figures as commercial_figures
from civicgrid.core.kept import kept
from civicgrid.disputes import figures as counsel_figures
from civicgrid.estates import figures as estate_figures
from civicgrid.finance import figures as finance_figures
from civicgrid.insight import figures as insight_figures
from civicgrid.onestop import figures as onestop_figures
from civicgrid.participation import figures as participation_figures
from civicgrid.participation.models import Claim
from civicgrid.party import figures as party_figures
from civicgrid.workforce import figures as workforce_figures

from .definitions import (
    AREA,
    BY_CODE,
    CAMPAIGNS,
    CASES,
    COMMERCIAL,
    DISPUTES,
    ESTATES,
    FINANCE,
    INSIGHT,
    ONESTOP,
    PARTICIPATION,
    PARTY,
    UNIT,
    WORKFORCE,
    Indicator,
)
from .periods import Period

# the counts of records other than cases, by the source the definitions name (core.tallies)
TALLIES = {
    PARTY: party_figures.TALLY,
    WORKFORCE: workforce_figures.TALLY,
    FINANCE: finance_figures.TALLY,
    ESTATES: estate_figures.TALLY,
    DISPUTES: counsel_figures.TALLY,
    COMMERCIAL: commercial_figures.TALLY,
    CAMPAIGNS: campaign_figures.TALLY,
    PARTICIPATION: participation_figures.TALLY,
    ONESTOP: onestop_figures.TALLY,
    INSIGHT: insight_figures.TALLY,
}
PUBLIC_CHANNELS = [Channel.HOTLINE, Channel.WINDOW, Channel.WEB, Channel.MOBILE, Channel.OPEN311]
# sums behind the averages: the working seconds of the timed cases
SUMS = {"handling_hours": "handled_timed", "unit_handling_hours": "unit_handled_timed"}


def _in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


REPORTED = ("reported", "self_handled")  # the area counts over the period's reports


def area_conditions(period: Period) -> dict[str, Q]:
    """Each area count as a condition on a case (the grid's area is applied apart)."""
    end = period.end
    registered = _in("registered_at", period)
    reported = _in("reported_at", period)
    closed = registered & figures.closed(end)
    handled = registered & Q(handled_at__lt=end)
    conditions = {
        "reported": reported,
        "registered": registered,
        "due_to_close": registered & figures.due_to_close(end=end),
        "closed": closed,
        "closed_on_time": registered & figures.closed_on_time(end),
        "public_registered": registered & Q(channel__in=PUBLIC_CHANNELS),
        "self_handled": reported & figures.SELF_HANDLED,
        "handled_timed": handled & Q(handling_seconds__isnull=False),
    }
    for tier in Tier.values:
        conditions[f"resolved_{tier}"] = registered & figures.resolved_at(tier, end)
    # the residents' say: satisfaction; the hotline's three rates (三率)
    hotline = registered & Q(channel=Channel.HOTLINE)
    signed_in_time = Exists(  # by the end of the period
        CaseEvent.objects.filter(
            case=OuterRef("pk"), action=Action.SIGN, data__step_on_time=True, at__lt=end
        )
    )
    conditions.update(
        rated=registered & figures.RATED,
        satisfied=registered & figures.SATISFIED,
        hotline_dispatched=hotline & Q(dispatched_at__isnull=False),
        hotline_responded=hotline & Q(dispatched_at__isnull=False) & Q(signed_in_time),
        hotline_answered=hotline & Q(resolved__isnull=False),
        hotline_resolved=hotline & Q(resolved=True),
        hotline_rated=hotline & figures.RATED,
        hotline_satisfied=hotline & figures.SATISFIED,
        # disputes resolved where they arose (就地化解: at a building, the grid or the community)
        disputes_closed=closed & Q(kind=ClassKind.DISPUTE),
        disputes_local=closed
        & Q(kind=ClassKind.DISPUTE, tier_resolved__in=[Tier.BUILDING, Tier.GRID, Tier.COMMUNITY]),
    )
    return conditions


def unit_conditions(period: Period) -> dict[str, Q]:
    """Each unit count over the cases last dispatched in the period (the unit: the lead)."""
    end = period.end
    dispatched = _in("dispatched_at", period)
    handled = dispatched & Q(handled_at__lt=end)
    no_deadline = Q(handle_due_at__isnull=True)
    return {
        "due_to_handle": dispatched & (Q(handled_at__lt=end) | Q(handle_due_at__lt=end)),
        "handled": handled,
        "handled_on_time": handled & (no_deadline | Q(handled_at__lte=F("handle_due_at"))),
        "handled_late": handled & Q(handled_at__gt=F("handle_due_at")),
        "overdue_unhandled": dispatched
        & (Q(handled_at__isnull=True) | Q(handled_at__gte=end))
        & Q(handle_due_at__lt=end),
        "unit_handled_timed": handled & Q(handling_seconds__isnull=False),
    }


# counts of steps taken in the period: the action, and how a step names its unit
STEPS = {
    "dispatched": (Action.DISPATCH, "data"),  # the unit dispatched to: data["unit"]
    "returns": (Action.RETURN, "data"),  # the unit that returned it: data["unit"]
    "rework": (Action.FAIL_CHECK, "lead"),  # the unit that leads the case
}


def _rate(values: dict, indicator: Indicator) -> float | None:
    below = values.get(indicator.denominator) or 0
    if not below:
        return None
    above = values.get(indicator.numerator) or 0
    if indicator.unit == "hours":
        return round(above / 3600 / below, 2)  # a sum of seconds over a number of cases
    if indicator.unit == "households":
        return round(above / below, 1)  # households per worker
    return figures.percent(above, below)


def _finish(counts: dict, subject: str) -> dict:
    """Counts → every indicator of the subject (rates and averages from their counts)."""
    out = {}
    for indicator in (i for i in BY_CODE.values() if i.subject == subject):
        out[indicator.code] = (
            _rate(counts, indicator) if indicator.is_rate else counts.get(indicator.code, 0)
        )
    return out


# -- areas ---------------------------------------------------------------------------------------
# A month's indicators of a district read the month's cases (830,000 at 10,000,000 a year:
# 1.3 s): when that was slow, they are kept as long as the command centre's figures (core.kept)
KEEP = dt.timedelta(minutes=10)


def _key(subjects, period: Period) -> list[str]:
    return [f"{period.kind}:{period.first}:{period.last}", ",".join(str(s.pk) for s in subjects)]


def area_indicators(areas: list[Area], period: Period) -> dict[int, dict]:
    """Every area indicator for each of ``areas`` (their subtrees) in ``period``: {area id: …}."""
    if not areas:
        return {}
    return kept(
        "evaluation:areas", _key(areas, period), lambda: _area_indicators(areas, period), keep=KEEP
    )


def _area_indicators(areas: list[Area], period: Period) -> dict[int, dict]:
    wanted = {a.pk: a for a in areas}
    grids = dict(
        Area.objects.grids()
        .filter(Q.create([("path__startswith", a.path) for a in areas], connector=Q.OR))
        .values_list("id", "path")
    )
    # each grid → the areas asked for that hold it
    holders = {
        grid: [a.pk for a in areas if path.startswith(a.path)] for grid, path in grids.items()
    }
    conditions = area_conditions(period)
    # two cohorts, each read through its own index: the reports of the period, and the cases
    # registered in it (asked as one "reported or registered", PostgreSQL scans the table)
    cohorts = [
        (_in("reported_at", period), {n: conditions[n] for n in REPORTED}, {}),
        (
            _in("registered_at", period),
            {n: q for n, q in conditions.items() if n not in REPORTED},
            {"handling_hours": Sum("handling_seconds", filter=conditions["handled_timed"])},
        ),
    ]
    rows = [
        row
        for cohort, counts, sums in cohorts
        for row in Case.objects.filter(cohort, grid_id__in=list(grids))
        .values("grid_id")
        .annotate(**{name: Count("id", filter=q) for name, q in counts.items()}, **sums)
        .order_by()
    ]
    totals: dict[int, dict] = {pk: defaultdict(int) for pk in wanted}
    for row in rows:
        for pk in holders.get(row.pop("grid_id"), ()):
            for name, value in row.items():
                totals[pk][name] += value or 0
    for tally in TALLIES.values():
        for pk, counted in tally.counts(areas, period.first, period.last).items():
            totals[pk].update(counted)
    return {pk: _finish(totals[pk], AREA) for pk in wanted}


# -- units ---------------------------------------------------------------------------------------
def _step_counts(action: str, how: str, period: Period, unit_ids: set[int]) -> dict[int, int]:
    events = CaseEvent.objects.filter(action=action, at__gte=period.start, at__lt=period.end)
    if how == "data":
        rows = (
            events.annotate(unit=KeyTextTransform("unit", "data"))
            .values_list("unit")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts: Iterable[tuple[Any, int]] = ((int(u), n) for u, n in rows if u and str(u).isdigit())
    else:
        counts = events.values_list("case__lead_unit_id").annotate(n=Count("id")).order_by()
    return {u: n for u, n in counts if u in unit_ids}


def unit_indicators(units: list[OrgUnit], period: Period) -> dict[int, dict]:
    """Every unit indicator for each of ``units`` (with the units below it): {unit id: …}."""
    if not units:
        return {}
    return kept(
        "evaluation:units", _key(units, period), lambda: _unit_indicators(units, period), keep=KEEP
    )


def _unit_indicators(units: list[OrgUnit], period: Period) -> dict[int, dict]:
    trees = subtrees(units)
    every = set().union(*trees.values())
    conditions = unit_conditions(period)
    per_unit: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    rows = (
        Case.objects.filter(lead_unit_id__in=list(every))
        .filter(_in("dispatched_at", period))
        .values("lead_unit_id")
        .annotate(
            **{name: Count("id", filter=q) for name, q in conditions.items()},
            unit_handling_hours=Sum("handling_seconds", filter=conditions["unit_handled_timed"]),
        )
        .order_by()
    )
    for row in rows:
        unit = row.pop("lead_unit_id")
        for name, value in row.items():
            per_unit[unit][name] += value or 0
    for name, (action, how) in STEPS.items():
        for unit, n in _step_counts(action, how, period, every).items():
            per_unit[unit][name] += n
    for unit, hours in _service_hours(period, every).items():
        per_unit[unit]["service_hours"] += hours
    out = {}
    for unit in units:
        summed: dict[str, int] = defaultdict(int)
        for pk in trees[unit.pk]:
            for name, value in per_unit.get(pk, {}).items():
                summed[name] += value
        out[unit.pk] = _finish(summed, UNIT)
    return out


def lead_satisfaction(units: list[OrgUnit], period: Period) -> dict[int, float]:
    """The satisfaction rate of the cases each unit leads (itself, not the units below it),
    registered in ``period``: the area indicator's rate, counted per lead unit. A unit without
    a rated case is left out."""
    rows = (
        Case.objects.filter(_in("registered_at", period), figures.RATED, lead_unit__in=units)
        .values_list("lead_unit_id")
        .annotate(rated=Count("id"), satisfied=Count("id", filter=figures.SATISFIED))
        .order_by()
    )
    out = {}
    for unit, rated, satisfied in rows:
        value = figures.rate("satisfaction_rate", {"rated": rated, "satisfied": satisfied})
        if value is not None:
            out[unit] = value
    return out


def _service_hours(period: Period, units: set) -> dict[int, float]:
    """Hours of service the units' claims recorded in the period (residents' say, 认领)."""
    rows = (
        Claim.objects.filter(unit_id__in=list(units), created_at__gte=period.start,
                             created_at__lt=period.end)
        .values("unit_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )  # fmt: skip
    return {row["unit_id"]: float(row["total"] or 0) for row in rows}


# -- the cases behind a figure ---------------------------------------------------------------------
def cases_behind(
    code: str, period: Period, *, area: Area | None = None, unit: OrgUnit | None = None
) -> QuerySet[Case]:
    """The cases a count is made of (a rate: those of its numerator), in ``area`` or ``unit``."""
    indicator = BY_CODE[code]
    if indicator.unit == "service" or indicator.source != CASES:  # no case is behind them
        return Case.objects.none()
    if indicator.is_rate:
        code = indicator.numerator if indicator.unit != "hours" else indicator.denominator
    if indicator.subject == AREA:
        if area is None:
            raise ValueError("an area indicator needs an area")
        return Case.objects.filter(area_conditions(period)[code], grid_id__in=grid_ids_under(area))
    if unit is None:
        raise ValueError("a unit indicator needs a unit")
    ids = list(subtrees([unit])[unit.pk])
    if code in STEPS:
        action, how = STEPS[code]
        steps = CaseEvent.objects.filter(
            case=OuterRef("pk"), action=action, at__gte=period.start, at__lt=period.end
        )
        if how == "data":
            steps = steps.filter(data__unit__in=ids)
            return Case.objects.filter(Exists(steps))
        return Case.objects.filter(Exists(steps), lead_unit_id__in=ids)
    return Case.objects.filter(unit_conditions(period)[code], lead_unit_id__in=ids)
