"""The command centre's figures for an area (指挥中心大屏): today, now, and the recent past.

Live, among the cases of the area's subtree (an indexed query): today's reports since local
midnight, by channel.
From the area's and its children's ``AreaNow`` rows (counted every minute): open cases and red
cards, and both per child area (the drill-down).
From the area's ``AreaDay`` rows (rewritten every ten minutes, figures/services.py):
- the last 30 days of reports: closed, closed on time, due to close, rated, satisfied,
  self-handled, and the tier each closed case was resolved at (三不: 小事不出网格 …), and their
  rates as ``civicgrid.cases.figures.RATES`` makes them, as the indicators do;
- charts: daily reports and closings over 90 days, the top classes and the hour of day of the
  last 30 days' reports.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from civicgrid.accounts.scope import areas_visible_to
from civicgrid.areas.models import Area
from civicgrid.areas.selectors import grid_ids_under
from civicgrid.cases import figures
from civicgrid.cases.choices import Channel, Tier
from civicgrid.cases.models import Case
from civicgrid.catalogue.models import CaseClass

from .models import AreaDay, AreaNow
from .services import COUNTS, latest

RECENT_DAYS = 30
CHART_DAYS = 90


def area_figures(*, user, area: Area, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    # every case in the area: the caller has checked that it lies within the user's scope
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    by_channel = dict(
        Case.objects.filter(grid_id__in=grid_ids_under(area), reported_at__gte=midnight)
        .values_list("channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {
        row.area_id: row
        for row in AreaNow.objects.filter(Q(area=area) | Q(area__parent=area, area__active=True))
    }
    mine = counts.get(area.pk)
    today = timezone.localdate(now)
    days = list(AreaDay.objects.filter(area=area, day__gte=today - dt.timedelta(days=CHART_DAYS)))
    recent_days = [d for d in days if d.day > today - dt.timedelta(days=RECENT_DAYS)]
    totals = {name: sum(getattr(d, name) for d in recent_days) for name in COUNTS}
    for tier in Tier.values:
        totals[f"resolved_{tier}"] = sum(d.tiers.get(tier, 0) for d in recent_days)
    return {
        "area": area,
        "at": now,
        "intake_today": sum(by_channel.values()),
        "intake_by_channel": [
            (Channel(c).label, by_channel[c]) for c in Channel.values if by_channel.get(c)
        ],
        "open": mine.open if mine else 0,
        "red": mine.red if mine else 0,
        "counted_at": mine.at if mine else None,
        "recent": totals,
        "on_time_rate": figures.rate("on_time_closing_rate", totals),
        "satisfaction": figures.rate("satisfaction_rate", totals),
        "self_handled_share": figures.rate("self_handled_rate", totals),
        "tiers": [(Tier(t).label, figures.rate(f"{t}_share", totals)) for t in Tier.values],
        "children": _children(user, area, counts),
        "charts": _charts(days, recent_days, today),
        "refreshed": latest(),
    }


def _children(user, area: Area, counts: dict) -> list[dict]:
    """Open cases and red cards per child area, most open first."""
    rows = []
    for c in areas_visible_to(user).filter(parent=area, active=True).order_by("code"):
        row = counts.get(c.pk)
        rows.append(
            {
                "code": c.code,
                "name": c.name,
                "open": row.open if row else 0,
                "red": row.red if row else 0,
                "level": c.level,
            }
        )
    return sorted(rows, key=lambda r: (-r["open"], r["code"]))


def _charts(days: list, recent_days: list, today: dt.date) -> dict:
    by_day = {d.day: d for d in days}
    span = [today - dt.timedelta(days=CHART_DAYS - i) for i in range(CHART_DAYS + 1)]
    classes: dict[str, int] = {}
    hours = [0] * 24
    for d in recent_days:
        for code, n in d.classes.items():
            classes[code] = classes.get(code, 0) + n
        hours = [a + b for a, b in zip(hours, d.hours or [0] * 24, strict=True)]
    names = dict(CaseClass.objects.filter(code__in=list(classes)).values_list("code", "name"))
    top = sorted(classes.items(), key=lambda item: (-item[1], item[0]))[:10]
    return {
        "days": [d.isoformat() for d in span],
        "reported": [by_day[d].reported if d in by_day else 0 for d in span],
        "closed": [by_day[d].closings if d in by_day else 0 for d in span],
        "top_classes": [{"code": c, "name": names.get(c, c), "count": n} for c, n in top],
        "hours": hours,
    }
