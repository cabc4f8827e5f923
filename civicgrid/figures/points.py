"""Where the cases of an area are, for the command centre's map layers.

The map never receives cases one by one: positions are counted per cell (a square of about 100 m
over a district or street, 20 m over a community, 5 m over a grid), each cell placed at the mean
position of its cases. The page clusters the cells' markers (their counts summed) and draws the
heat layer from the same cells. One grouped query per layer; a page of the district at
10,000,000 cases reads only the running cases (partial indexes) or the last days' reports (the
``reported_at`` index).
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Avg, Count, F
from django.db.models.functions import Floor
from django.utils import timezone

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.areas.selectors import grid_ids_under
from civicgrid.cases.models import RUNNING_Q, Case
from civicgrid.cases.transitions import OPEN_STATES

LAYERS = ("open", "red", "reports")
HEAT_DAYS = (1, 7, 30, 90)
MAX_CELLS = 10_000  # the busiest cells are kept beyond this
CACHE_SECONDS = 60  # the page redraws every minute
# cells per degree, by the level of the area shown
CELLS: dict[int, int] = {AreaLevel.COMMUNITY: 5_000, AreaLevel.GRID: 20_000}
COARSE = 1_000


def map_cells(*, area: Area, layer: str, days: int = 7, now: dt.datetime | None = None) -> dict:
    """The cells of ``layer`` under ``area``: open cases, red cards, or the reports of the last
    ``days`` days. Every case under the area counts: the caller has checked that the area lies
    within the user's scope, and a case in a grid is seen by everyone whose scope holds the grid.
    The answer is shared for a minute by everyone looking at the same area and layer."""
    key = f"figures:cells:{area.pk}:{layer}:{days}"
    found = cache.get(key)
    if found is None:
        found = _cells(area=area, layer=layer, days=days, now=now or timezone.now())
        cache.set(key, found, CACHE_SECONDS)
    return found


def _cells(*, area: Area, layer: str, days: int, now: dt.datetime) -> dict:
    cases = Case.objects.filter(
        grid_id__in=grid_ids_under(area), lat__isnull=False, lon__isnull=False
    )
    if layer == "open":
        cases = cases.filter(state__in=list(OPEN_STATES))
    elif layer == "red":
        cases = cases.filter(RUNNING_Q, red_at__lte=now)
    else:
        cases = cases.filter(reported_at__gte=now - dt.timedelta(days=days))
    k = CELLS.get(area.level, COARSE)
    rows = list(
        cases.annotate(cy=Floor(F("lat") * k), cx=Floor(F("lon") * k))
        .values("cy", "cx")
        .annotate(y=Avg("lat"), x=Avg("lon"), n=Count("id"))
        .values_list("y", "x", "n")
        .order_by()
    )
    truncated = len(rows) > MAX_CELLS
    if truncated:
        rows = sorted(rows, key=lambda r: -r[2])[:MAX_CELLS]
    return {
        "layer": layer,
        "days": days if layer == "reports" else None,
        "cells": [[round(y, 6), round(x, 6), n] for y, x, n in rows],
        "cases": sum(r[2] for r in rows),
        "truncated": truncated,
        "at": now.isoformat(timespec="seconds"),
    }
