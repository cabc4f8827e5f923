"""Evaluation pages: an area's figures beside the areas below it (or the departments'), for a
period, with the change from the period before and the year before; every count leads to the
cases behind it; the library says how each figure is made; xlsx for all of it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.choices import Role
from civicgrid.accounts.scope import top_case_area
from civicgrid.areas.models import Area
from civicgrid.areas.selectors import area_trail
from civicgrid.core.errors import DomainError
from civicgrid.core.paging import keyset_page
from civicgrid.core.replicas import reads_from_replica
from civicgrid.core.spreadsheet import table_bytes, xlsx_response
from civicgrid.core.tallies import SHOWN

from . import compute, periods, selectors
from .definitions import (
    BY_CODE,
    CASES,
    DIRECTIONS,
    LIBRARY,
    UNITS,
    WORKER,
    rounded,
    shown,
    shown_change,
)
from .models import ScoreCard
from .reports import area_report, person_report, unit_report
from .scoring import min_cases, ranking

# the rates the page's chart sets side by side, for each kind of subject
CHARTED = {
    "closing_rate",
    "on_time_closing_rate",
    "satisfaction_rate",
    "self_handled_rate",
    "handling_rate",
    "on_time_handling_rate",
    "rework_rate",
    "valid_report_rate",
    "on_time_verify_rate",
    "on_time_register_rate",
    "on_time_dispatch_rate",
    "accurate_dispatch_rate",
}


def row_labels(rows) -> dict[Any, str]:
    """Each row's name as shown: an area whose name another row shares gets its parent's name
    ("和平社区（和谐街道）"), so two same-named communities of two streets are told apart."""
    names: dict[str, int] = {}
    for r in rows:
        names[r.name] = names.get(r.name, 0) + 1
    twins = [r for r in rows if names[r.name] > 1 and isinstance(r, Area) and r.parent_id]
    parents = dict(
        Area.objects.filter(pk__in={r.parent_id for r in twins}).values_list("pk", "name")
    )
    labels = {r.pk: r.name for r in rows}
    for r in twins:
        parent = parents.get(r.parent_id or 0)
        if parent:
            labels[r.pk] = f"{r.name}（{parent}）"
    return labels


def _default_period() -> str:
    """Last month: the one a district reviews."""
    first = timezone.localdate().replace(day=1)
    last = first - dt.timedelta(days=1)
    return f"{last:%Y-%m}"


def _period(request) -> tuple[str, periods.Period, str | None]:
    """The period asked for (last month by default): as written, parsed, and the error that
    made the page fall back to last month."""
    text = request.GET.get("period") or _default_period()
    try:
        return text, periods.parse(text), None
    except DomainError as exc:
        return text, periods.parse(_default_period()), str(exc)


def _shortcuts() -> list[tuple[str, str]]:
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    quarter = (today.month - 1) // 3 + 1
    return [
        (f"{last_month:%Y-%m}", _("last month")),
        (f"{today:%Y-%m}", _("this month")),
        (f"{today.year}-Q{quarter}", _("this quarter")),
        (str(today.year), _("this year")),
    ]


@login_required
@reads_from_replica
def figures(request):
    user = request.user
    subject = request.GET.get("subject")
    subject = subject if subject in ("unit", "person") else "area"
    can_areas = top_case_area(user) is not None
    if not can_areas:  # a department's handler: their unit's figures
        subject = "unit"
    role = request.GET.get("role")
    role = role if role in selectors.MEASURED_ROLES else Role.SUPERVISOR
    text, period, error = _period(request)
    if subject == "unit":
        units = selectors.units_for(user, request.GET.get("unit") or None)
        report = unit_report(units, period)
        area = None
    elif subject == "person":
        area = selectors.area_for(user, request.GET.get("area") or None)
        report = person_report(selectors.staff_for(area, role), period, role)
    else:
        area = selectors.area_for(user, request.GET.get("area") or None)
        report = area_report(area, period)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(report.xlsx(), f"indicators-{subject}-{period.label}")
    table = []
    for indicator in report.indicators:
        row: dict[str, Any] = {
            "indicator": indicator,
            "unit": UNITS[indicator.unit],
            "better": DIRECTIONS[indicator.direction],
            "cells": [],
        }
        for n, subject_row in enumerate(report.rows):
            value = report.values[subject_row.pk].get(indicator.code)
            target = {"indicator": indicator.code, "period": period.label}
            target[{"area": "area", "unit": "unit", "person": "person"}[subject]] = subject_row.code
            row["cells"].append(
                {"value": value, "text": shown(indicator.unit, value), "behind": urlencode(target)}
            )
            if n == 0:
                for key, against in (
                    ("previous", report.previous),
                    ("year_before", report.year_before),
                ):
                    change = report.change(subject_row.pk, indicator.code, against)
                    row[key] = change
                    row[f"{key}_text"] = shown_change(indicator.unit, change)
        table.append(row)
    trail = area_trail(area, selectors.area_for(user, None)) if area is not None else []
    labels = row_labels(report.rows)
    chart = {
        "rows": [labels[r.pk] for r in report.rows],
        "unit": "%",
        "series": [
            {
                "name": str(i.name),
                "values": [rounded(i.unit, report.values[r.pk].get(i.code)) for r in report.rows],
            }
            for i in report.indicators
            if i.code in CHARTED
        ],
    }
    query = request.GET.copy()
    query["period"] = period.label
    query.pop("format", None)
    return render(
        request,
        "evaluation/figures.html",
        {
            "subject": subject,
            "period": period,
            "period_text": text,
            "error": error,
            "report": report,
            "labels": [(r, labels[r.pk]) for r in report.rows],
            "table": table,
            "area": area,
            "trail": trail,
            "shortcuts": _shortcuts(),
            "xlsx_query": urlencode({**query.dict(), "format": "xlsx"}),
            "can_units": bool(selectors.units_for(user)),
            "can_areas": can_areas,
            "chart": chart,
            "role": role,
            "roles": [(r, Role(r).label) for r in selectors.MEASURED_ROLES],
        },
    )


@login_required
@reads_from_replica
def cases(request):
    """The cases behind one figure, newest first, as the case list shows them."""
    code = request.GET.get("indicator", "")
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise Http404
    if indicator.source != CASES:
        return _records(request, indicator)
    try:
        period = periods.parse(request.GET.get("period", ""))
        qs = selectors.cases_behind_for(
            request.user,
            code,
            period,
            area_code=request.GET.get("area") or None,
            unit_code=request.GET.get("unit") or None,
            person=request.GET.get("person") or None,
        )
    except DomainError as exc:
        return render(request, "evaluation/cases.html", {"error": str(exc)}, status=400)
    page = keyset_page(qs, after=request.GET.get("after"), size=50, descending=True)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "evaluation/cases.html",
        {
            "indicator": indicator,
            "period": period,
            "page": page,
            "query": query.urlencode(),
            "count": qs.count() if page.next_after or request.GET.get("after") else None,
        },
    )


def _records(request, indicator):
    """The records behind a figure that counts no cases (party building's members, projects,
    commitments, needs, reviews; the workforce's workers, grids, households, allowances, daily
    records), each linked to its page."""
    try:
        period = periods.parse(request.GET.get("period", ""))
    except DomainError as exc:
        return render(request, "evaluation/records.html", {"error": str(exc)}, status=400)
    if indicator.subject == WORKER:  # a worker's daily records
        place, rows = selectors.worker_records_for(request.user, request.GET.get("worker"), period)
        source = None
    else:
        area = selectors.area_for(request.user, request.GET.get("area") or None)
        tally = compute.TALLIES[indicator.source]
        # a rate (or a ratio: households per worker) is made of its numerator's records, as a
        # rate of cases is of its numerator's cases (compute.cases_behind)
        code = indicator.numerator if indicator.is_rate else indicator.code
        rows = tally.behind(request.user, code, area, period.first, period.last)
        place = area.name
        source = tally.sources[code]
    return render(
        request,
        "evaluation/records.html",
        {
            "indicator": indicator,
            "period": period,
            "place": place,
            "rows": rows,
            "shown": SHOWN,
            "numerator": BY_CODE.get(indicator.numerator) if indicator.is_rate else None,
            # a sum (people reached, yuan paid, points): each record's share shown
            "sums": UNITS[indicator.unit] if source is None or source.total else None,
        },
    )


@login_required
def library(request):
    return render(
        request,
        "evaluation/library.html",
        {
            "rows": [
                {
                    "indicator": i,
                    "unit": UNITS[i.unit],
                    "better": DIRECTIONS[i.direction],
                    "numerator": BY_CODE.get(i.numerator),
                    "denominator": BY_CODE.get(i.denominator),
                }
                for i in LIBRARY
            ]
        },
    )


@login_required
@reads_from_replica
def rankings(request):
    """A score card's ranking for a period: rank, score, grade, and each item's value and points."""
    cards = list(ScoreCard.objects.filter(active=True).prefetch_related("items"))
    chosen = request.GET.get("card", "")
    card = next((c for c in cards if str(c.pk) == chosen), cards[0] if cards else None)
    text, period, error = _period(request)
    ranked = []
    if card is not None and (card.subject == "unit" or top_case_area(request.user)):
        ranked = ranking(card, request.user, period)
    items = [(i, BY_CODE[i.indicator]) for i in card.items.all()] if card else []
    labels = row_labels([s.row for s in ranked])
    columns = [(i, d, UNITS[d.unit]) for i, d in items]
    rows = []  # each subject as shown: its label, score and items' (value, points) as text
    for s in ranked:
        s.cells = [s.items.get(i.indicator, (None, None)) for i, _d in items]
        texts = [
            (shown(d.unit, value), shown("points", points))
            for (value, points), (_i, d) in zip(s.cells, items, strict=True)
        ]
        rows.append(
            {
                "s": s,
                "label": labels[s.row.pk],
                "score": shown("points", s.score),
                "texts": texts,
                "pairs": list(zip(columns, texts, strict=True)),  # a phone's card
            }
        )
    if card is not None and request.GET.get("format") == "xlsx":
        header = [_("Rank"), _("Name"), _("Score (points)"), _("Grade"), _("Cases"), _("Not rated")]
        for _i, d in items:
            header += [f"{d.name}（{UNITS[d.unit]}）", f"{d.name}（{_('points')}）"]
        body = [
            [s.rank, labels[s.row.pk], rounded("points", s.score), s.grade, s.cases, s.reason_text]
            + [
                cell
                for (value, points), (_i, d) in zip(s.cells, items, strict=True)
                for cell in (rounded(d.unit, value), rounded("points", points))
            ]
            for s in ranked
        ]
        return xlsx_response(
            table_bytes(header, body, sheet=period.label), f"ranking-{card.pk}-{period.label}"
        )
    return render(
        request,
        "evaluation/rankings.html",
        {
            "cards": cards,
            "card": card,
            "items": columns,
            "ranked": ranked,
            "rows": rows,
            "period": period,
            "period_text": text,
            "error": error,
            "shortcuts": _shortcuts(),
            "min_cases": min_cases(),
        },
    )
