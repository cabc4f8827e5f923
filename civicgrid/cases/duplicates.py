"""Open cases that may be the same as a report: the same class, open, not merged, reported within
the window (CIVICGRID_DUPLICATE_DAYS) and within the class's radius, nearest first.

``duplicate_candidates`` and ``visible_duplicates`` give cases (for pages); ``duplicate_rows``
gives what an API publishes of each, read as values with no case built (the intake's answer
lists them after every report).
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db.models import ExpressionWrapper, F, FloatField, QuerySet
from django.utils import timezone

from civicgrid.core.geo import metres_to_degrees
from civicgrid.core.prepared import Prepared

from .models import OPEN, Case
from .selectors import LIST_FIELDS, card_at

BOX_FIELDS = (*(f for f in LIST_FIELDS if not f.startswith("case_class__")), "case_class")


def duplicate_candidates(
    *, case_class, lon, lat, now=None, exclude_id=None, radius_m=None, limit: int = 10, among=None
) -> list[Case]:
    """Up to ``limit`` open cases of the same class within the radius and the time window,
    nearest first (ties: newest first), taken from ``among`` (a queryset of cases, e.g. those a
    user may see; all cases by default)."""
    search = _search(case_class, lon, lat, now, radius_m)
    if search is None:
        return []
    base = Case.objects.all() if among is None else among
    nearest = _nearest(base, exclude_id=exclude_id, limit=limit, **search)
    rows = list(nearest.select_related("grid", "lead_unit").only(*BOX_FIELDS))
    for row in rows:
        row.case_class = case_class  # the class asked for: not joined again
    return rows


# what an API's list of cases publishes of each (cases.api.CaseFields), read as values
ROW_FIELDS = (
    *("id", "number", "kind", "channel", "state", "priority", "lon", "lat", "address"),
    *("tier_opened", "tier_current", "tier_resolved", "reported_at", "due_at", "yellow_at"),
    *("red_at", "handle_due_at", "closed_at", "suspended_at", "rating", "version"),
    *("grid__code", "lead_unit__name"),
)
ROWS = 10
# the API's look-up after every report, compiled once per scope (core.prepared)
_ROWS_QUERY = Prepared(lambda base, **v: _nearest(base, limit=ROWS, **v).values(*ROW_FIELDS))


def duplicate_rows(*, user, case: Case, now=None) -> list[dict]:
    """``visible_duplicates`` as an API publishes them (cases.api.CaseFields): read as values,
    no case built, each with its card at ``now``."""
    now = now or timezone.now()
    case_class = case.case_class
    search = _search(case_class, case.lon, case.lat, now, None)
    if search is None:
        return []
    rows = _ROWS_QUERY.rows(Case.objects.visible_to(user), exclude_id=case.pk, **search)
    for row in rows:
        row["class_code"], row["class_name"] = case_class.code, case_class.label
        row["grid_code"], row["lead_unit"] = row.pop("grid__code"), row.pop("lead_unit__name")
        row["card"] = card_at(
            row["state"], row["suspended_at"], row["yellow_at"], row["red_at"], now
        )
        row["suspended"] = row["suspended_at"] is not None
    return rows


def visible_duplicates(*, user, case: Case) -> list[Case]:
    """``duplicate_candidates`` of ``case`` that ``user`` may see."""
    return duplicate_candidates(
        case_class=case.case_class,
        lon=case.lon,
        lat=case.lat,
        exclude_id=case.pk,
        among=Case.objects.visible_to(user),
    )


def _search(case_class, lon, lat, now, radius_m) -> dict | None:
    """The values of the search around a point (None without one): the class, the window, the
    box around the point, and the radius as the query measures it (``_nearest``)."""
    if lon is None or lat is None:
        return None
    now = now or timezone.now()
    radius = radius_m or case_class.duplicate_radius_m or settings.CIVICGRID_DUPLICATE_RADIUS_M
    d_lat = metres_to_degrees(radius)
    shrink = max(math.cos(math.radians(lat)), 0.1)  # a degree of longitude, in degrees of latitude
    d_lon = d_lat / shrink
    return {
        "class_id": case_class.pk,
        "since": now - dt.timedelta(days=settings.CIVICGRID_DUPLICATE_DAYS),
        "lon": float(lon),
        "lat": float(lat),
        "shrink": shrink,
        "west": lon - d_lon,
        "east": lon + d_lon,
        "south": lat - d_lat,
        "north": lat + d_lat,
        "reach": d_lat * d_lat,
    }


def _nearest(
    base, *, class_id, since, lon, lat, shrink, west, east, south, north, reach, exclude_id, limit
) -> QuerySet:
    """The duplicates' query: the box around the point is read from the open cases' place index
    (case_open_class_place), and the database keeps the cases within the radius and sorts them
    by distance (ties: newest first), however many open cases the box holds. The distance is
    the equirectangular one, in degrees of latitude: over a radius of a few hundred metres it
    differs from the great circle's by millimetres, and it is plain arithmetic for every
    database."""
    dx, dy = (F("lon") - lon) * shrink, F("lat") - lat
    return (
        base.filter(
            case_class_id=class_id,
            state__in=OPEN,
            merged_into__isnull=True,
            reported_at__gte=since,
            lon__range=(west, east),
            lat__range=(south, north),
        )
        .exclude(pk=exclude_id)
        .alias(away=ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField()))
        .filter(away__lte=reach)
        .order_by("away", "-pk")[:limit]
    )
