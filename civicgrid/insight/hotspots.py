"""Hot spots: reports of one class in one grid, in the last days, beyond the usual rate for that
class and grid (issue #21 §2) — a cluster in space and time the repeat demands (one building or
address) do not see.

Each day (the beat's ``insight-hot-spots``, or ``manage.py hot_spots``), for each grid and class
with at least ``CIVICGRID_HOTSPOT_MIN`` reports in the last ``CIVICGRID_HOTSPOT_DAYS``: the usual
number for as many days is the grid's own reports of the class over the
``CIVICGRID_HOTSPOT_BASELINE_DAYS`` before them, scaled to the window — and never less than the
class's usual number in a grid of the district, so a grid quiet until now is measured against
what is usual anywhere. When so many reports would come by chance less often than
``CIVICGRID_HOTSPOT_P`` at the usual rate (Poisson), a hot-spot alert is raised and the command
centre and the street are told, with the cases behind it; while it is open, later runs add the
new cases to it (nobody is told twice); once handled, only reports after it count again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy.stats import poisson

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.cases.choices import State
from civicgrid.cases.models import Case
from civicgrid.catalogue.models import CaseClass

from .repeat_models import RepeatAlert
from .repeats import tell

HOT = RepeatAlert.Kind.HOT_SPOT


@dataclass(frozen=True)
class Found:
    grid_id: int
    class_id: int
    count: int
    expected: float
    p: float


def _reports(first: dt.datetime, last: dt.datetime):
    return Case.objects.filter(reported_at__gte=first, reported_at__lt=last,
                               grid__isnull=False).exclude(state=State.VOIDED)  # fmt: skip


def _chance(count: int, expected: float) -> float:
    """How often ``count`` or more reports come by chance when ``expected`` are usual."""
    return float(poisson.sf(count - 1, expected))


def find(now: dt.datetime | None = None) -> list[Found]:
    """The grids and classes running hot at ``now``."""
    now = now or timezone.now()
    days, base_days = settings.CIVICGRID_HOTSPOT_DAYS, settings.CIVICGRID_HOTSPOT_BASELINE_DAYS
    start = now - dt.timedelta(days=days)
    base_start = start - dt.timedelta(days=base_days)
    scale = days / base_days
    recent = (
        _reports(start, now).values("grid_id", "case_class_id").annotate(n=Count("id"))
        .filter(n__gte=settings.CIVICGRID_HOTSPOT_MIN)
    )  # fmt: skip
    found = []
    grids = max(Area.objects.filter(level=AreaLevel.GRID, active=True).count(), 1)
    for row in recent:
        before = _reports(base_start, start).filter(case_class_id=row["case_class_id"])
        own = before.filter(grid_id=row["grid_id"]).count()
        anywhere = before.count() / grids
        expected = max(max(own, anywhere) * scale, settings.CIVICGRID_HOTSPOT_FLOOR)
        p = _chance(row["n"], expected)
        if p < settings.CIVICGRID_HOTSPOT_P:
            found.append(Found(row["grid_id"], row["case_class_id"], row["n"], expected, p))
    return found


def raise_alerts(now: dt.datetime | None = None) -> list[RepeatAlert]:
    """Raise (or add to) the hot-spot alerts for what ``find`` finds; the alerts raised now."""
    now = now or timezone.now()
    start = now - dt.timedelta(days=settings.CIVICGRID_HOTSPOT_DAYS)
    raised = []
    for hot in find(now):
        alert = _alert(hot, start, now)
        if alert is not None:
            raised.append(alert)
    return raised


def _alert(hot: Found, start: dt.datetime, now: dt.datetime) -> RepeatAlert | None:
    with transaction.atomic():
        # one run at a time for a class (the beat and the command at once raise one alert)
        CaseClass.objects.select_for_update().filter(pk=hot.class_id).first()
        mine = RepeatAlert.objects.filter(kind=HOT, case_class_id=hot.class_id,
                                          grid_id=hot.grid_id)  # fmt: skip
        handled = mine.filter(handled_at__isnull=False).order_by("-handled_at").first()
        since = max(start, handled.handled_at) if handled else start
        cases = list(
            _reports(since, now).filter(grid_id=hot.grid_id, case_class_id=hot.class_id)
            .order_by("reported_at").values_list("pk", "reported_at")
        )  # fmt: skip
        if since > start:  # handled within the window: what came since must be hot on its own
            part = (now - since) / (now - start)
            usual = max(hot.expected * part, settings.CIVICGRID_HOTSPOT_FLOOR)
            if (len(cases) < settings.CIVICGRID_HOTSPOT_MIN
                    or _chance(len(cases), usual) >= settings.CIVICGRID_HOTSPOT_P):  # fmt: skip
                return None
        alert = mine.filter(handled_at__isnull=True).first()
        if alert is not None:
            alert.cases.add(*[pk for pk, _at in cases])
            alert.count = alert.cases.count()
            alert.last_at = max(alert.last_at, cases[-1][1])
            alert.expected = round(hot.expected, 2)
            alert.save(update_fields=["count", "last_at", "expected", "updated_at"])
            return None
        alert = RepeatAlert.objects.create(
            kind=HOT, case_class_id=hot.class_id, grid_id=hot.grid_id, count=len(cases),
            expected=round(hot.expected, 2), first_at=cases[0][1], last_at=cases[-1][1],
            raised_at=now,
        )  # fmt: skip
        alert.cases.set([pk for pk, _at in cases])
    tell(alert, _("Hot spot: %(n)s reports of %(cls)s in %(grid)s in %(days)s days (usually "
                  "%(usual)s)") % {"n": alert.count, "cls": alert.case_class.name,
                                   "grid": alert.grid.name,
                                   "days": settings.CIVICGRID_HOTSPOT_DAYS,
                                   "usual": f"{alert.expected:.1f}"})  # fmt: skip
    return alert
