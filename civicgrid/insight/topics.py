"""The weekly hot-topics report: for the district and each street, the classes and the words of
a week's reports (Monday to Sunday, the district's time) rising against the ``WEEKS_BEFORE``
weeks before it — a class or word counts when it is in at least ``AT_LEAST`` of the week's
reports and in more than the weeks before had on average; the most risen first (by how many
more, then by how many times more). Each report's words are jieba's, counted once a report.

Made each Monday for the week before (the beat's ``insight-hot-topics``; a week already made is
left alone) or by ``manage.py hot_topics [--week 2026-W49]``; the page shows those of the areas
a person sees cases in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.cases.choices import State
from civicgrid.cases.models import Case

from .topic_models import TopicReport
from .words import words

WEEKS_BEFORE = 4
AT_LEAST = 3
SHOWN = 10
LEVELS = (AreaLevel.DISTRICT, AreaLevel.STREET)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def last_week(now: dt.datetime | None = None) -> dt.date:
    """The Monday of the last whole week."""
    return monday(timezone.localdate(now or timezone.now())) - dt.timedelta(days=7)


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _rising(now: Counter, before: list[Counter]) -> list[tuple[str, int, float]]:
    usual = {k: sum(c[k] for c in before) / len(before) for k in now}
    risen = [(k, n, round(usual[k], 1)) for k, n in now.items()
             if n >= AT_LEAST and n > usual[k]]  # fmt: skip
    risen.sort(key=lambda r: (-(r[1] - r[2]), -(r[1] + 1) / (r[2] + 1), r[0]))
    return risen[:SHOWN]


def make(week: dt.date, *, now: dt.datetime | None = None) -> list[TopicReport]:
    """The reports of the week starting ``week`` (a Monday) for the district and each street,
    made afresh."""
    week = monday(week)
    first = week - dt.timedelta(days=7 * WEEKS_BEFORE)
    rows = (
        Case.objects.filter(reported_at__gte=_start(first),
                            reported_at__lt=_start(week + dt.timedelta(days=7)),
                            grid__isnull=False)
        .exclude(state=State.VOIDED)
        .values_list("grid__path", "reported_at", "case_class__code", "case_class__name",
                     "description")
    )  # fmt: skip
    areas = list(Area.objects.filter(level__in=LEVELS, active=True))
    # per area and week (0: the weeks before, oldest first; WEEKS_BEFORE: the week itself)
    classes: dict[int, list[Counter]] = defaultdict(lambda: [Counter() for _ in range(5)])
    said: dict[int, list[Counter]] = defaultdict(lambda: [Counter() for _ in range(5)])
    names: dict[str, str] = {}
    for path, at, code, name, text in rows.iterator(chunk_size=2000):
        n = (timezone.localdate(at) - first).days // 7
        names[code] = name
        found = {w for w in words(text or "") if len(w) > 1}
        for area in areas:
            if path.startswith(area.path):
                classes[area.pk][n][code] += 1
                said[area.pk][n].update(found)
    made_at = now or timezone.now()
    out = []
    with transaction.atomic():
        TopicReport.objects.filter(week=week, area__in=areas).delete()
        for area in areas:
            weeks = classes[area.pk]
            before = weeks[:WEEKS_BEFORE]
            out.append(TopicReport(
                area=area, week=week, made_at=made_at,
                reports=sum(weeks[WEEKS_BEFORE].values()),
                usual=round(sum(sum(c.values()) for c in before) / WEEKS_BEFORE, 1),
                classes=[{"code": k, "name": names[k], "count": n, "usual": u}
                         for k, n, u in _rising(weeks[WEEKS_BEFORE], before)],
                words=[{"word": k, "count": n, "usual": u}
                       for k, n, u in _rising(said[area.pk][WEEKS_BEFORE],
                                              said[area.pk][:WEEKS_BEFORE])],
            ))  # fmt: skip
        TopicReport.objects.bulk_create(out)
    return out


def make_last_week(now: dt.datetime | None = None) -> int:
    """The weekly task: last week's reports, unless made already."""
    week = last_week(now)
    if TopicReport.objects.filter(week=week).exists():
        return 0
    return len(make(week, now=now))


def visible(user):
    """The reports of the areas the person sees cases in (the whole area, not a part of it)."""
    paths = permissions.scope_paths(user, permissions.VIEW_CASES)
    reports = TopicReport.objects.select_related("area")
    if paths is None:
        return reports
    if not paths:
        return reports.none()
    return reports.filter(permissions.paths_q(paths, "area__path"))
