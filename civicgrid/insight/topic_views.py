"""The weekly hot-topics report's page: a week and an area among those the person sees cases in
(the district, their streets); the classes and words rising, with how many usual."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import topics
from .repeat_views import may_open


@login_required
@require_GET
def topic_report(request: HttpRequest) -> HttpResponse:
    if not may_open(request.user):
        raise Http404
    seen = topics.visible(request.user)
    weeks = list(seen.order_by("-week").values_list("week", flat=True).distinct()[:26])
    week: dt.date | None
    try:
        week = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        week = None
    if week not in weeks:  # only a week made (and a date that is no such Monday: the newest)
        week = weeks[0] if weeks else None
    areas = list(seen.filter(week=week).order_by("area__path")) if week else []
    code = request.GET.get("area", "")
    report = next((r for r in areas if r.area.code == code), areas[0] if areas else None)
    return render(request, "insight/topics.html", {
        "weeks": weeks, "week": week, "areas": areas, "report": report,
        "week_end": week + dt.timedelta(days=6) if week else None,
    })  # fmt: skip
