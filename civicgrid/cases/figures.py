"""The command centre's figures for an area (指挥中心大屏): today, now, and the recent past.

Everything is counted among the cases the user sees in the area's subtree, at ``now``:
- today: reports since local midnight, by channel;
- now: open cases and red cards, and both per child area (the drill-down);
- the last 30 days of reports: closed, closed on time, rated, satisfied, self-handled, and the
  tier each closed case was resolved at (三不: 小事不出网格 …);
- charts: daily reports and closings over 90 days, the top classes and the hour of day of the
  last 30 days' reports.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.areas.models import Area

from .choices import Channel, Rating, State, Tier
from .models import Case
from .selectors import RUNNING
from .transitions import OPEN_STATES

RECENT_DAYS = 30
CHART_DAYS = 90


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _child_of(path: str, depth: int) -> str | None:
    """The code of the ancestor at ``depth`` (its position in the path) of a grid's path."""
    parts = path.strip("/").split("/")
    return parts[depth] if len(parts) > depth else None


def area_figures(*, user, area: Area, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    cases = Case.objects.visible_to(user).filter(permissions.under_paths("grid__path", [area.path]))
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    by_channel = dict(
        cases.filter(reported_at__gte=midnight)
        .values_list("channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    open_cases = cases.filter(state__in=list(OPEN_STATES))
    red = cases.filter(RUNNING, red_at__lte=now)
    recent = cases.filter(reported_at__gte=now - dt.timedelta(days=RECENT_DAYS))
    totals = recent.aggregate(
        reported=Count("id"),
        closed=Count("id", filter=Q(state=State.CLOSED)),
        on_time=Count("id", filter=Q(state=State.CLOSED, closed_on_time=True)),
        rated=Count("id", filter=~Q(rating="")),
        satisfied=Count("id", filter=Q(rating=Rating.SATISFIED)),
        self_handled=Count("id", filter=Q(self_handled=True)),
        **{f"tier_{t}": Count("id", filter=Q(tier_resolved=t)) for t in Tier.values},
    )
    resolved = sum(totals[f"tier_{t}"] for t in Tier.values)
    return {
        "area": area,
        "at": now,
        "intake_today": sum(by_channel.values()),
        "intake_by_channel": [
            (Channel(c).label, by_channel[c]) for c in Channel.values if by_channel.get(c)
        ],
        "open": open_cases.order_by().count(),
        "red": red.order_by().count(),
        "recent": totals,
        "on_time_rate": _share(totals["on_time"], totals["closed"]),
        "satisfaction": _share(totals["satisfied"], totals["rated"]),
        "self_handled_share": _share(totals["self_handled"], totals["reported"]),
        "tiers": [(Tier(t).label, _share(totals[f"tier_{t}"], resolved)) for t in Tier.values],
        "children": _children(user, area, open_cases, red),
        "charts": _charts(cases, recent, now, tz),
    }


def _children(user, area: Area, open_cases, red) -> list[dict]:
    """Open cases and red cards per child area, most open first (counted per grid, without a
    join, then summed up to the child each grid lies in)."""
    depth = area.path.strip("/").count("/") + 1
    grids = dict(Area.objects.filter(path__startswith=area.path, level=5).values_list("id", "path"))
    counts: dict[str, list[int]] = {}
    for index, qs in enumerate((open_cases, red)):
        for grid_id, n in qs.values_list("grid_id").annotate(n=Count("id")).order_by():
            code = _child_of(grids.get(grid_id, ""), depth)
            if code:
                counts.setdefault(code, [0, 0])[index] += n
    children = Area.objects.visible_to(user).filter(parent=area, active=True).order_by("code")
    rows = [
        {
            "code": c.code,
            "name": c.name,
            "open": counts.get(c.code, [0, 0])[0],
            "red": counts.get(c.code, [0, 0])[1],
            "level": c.level,
        }
        for c in children
    ]
    return sorted(rows, key=lambda r: (-r["open"], r["code"]))


def _charts(cases, recent, now, tz) -> dict:
    since = now - dt.timedelta(days=CHART_DAYS)

    def per_day(field: str) -> dict:
        return dict(
            cases.filter(**{f"{field}__gte": since})
            .annotate(day=TruncDate(field, tzinfo=tz))
            .values_list("day")
            .annotate(n=Count("id"))
            .order_by()
        )

    reported, closed = per_day("reported_at"), per_day("closed_at")
    first = timezone.localtime(since).date()
    days = [first + dt.timedelta(days=i) for i in range(CHART_DAYS + 1)]
    top = (
        recent.values_list("case_class__code", "case_class__name")
        .annotate(n=Count("id"))
        .order_by("-n", "case_class__code")[:10]
    )
    hours = dict(
        recent.annotate(hour=ExtractHour("reported_at", tzinfo=tz))
        .values_list("hour")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "days": [d.isoformat() for d in days],
        "reported": [reported.get(d, 0) for d in days],
        "closed": [closed.get(d, 0) for d in days],
        "top_classes": [{"code": c, "name": n, "count": k} for c, n, k in top],
        "hours": [hours.get(h, 0) for h in range(24)],
    }
