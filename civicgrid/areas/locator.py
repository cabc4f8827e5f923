"""Point → grid, with a shapely STRtree built per process from the database.

The tree is a ``StampedCache``: rebuilt whenever the ``areas.locator`` version stamp changes (any
boundary import or retirement moves it), seen by other processes within a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import shapely
from shapely import STRtree

from civicgrid.core.geo import gcj02_to_wgs84
from civicgrid.core.stamped import StampedCache

from .choices import AreaLevel
from .geometry import parse_boundary
from .models import Area

LOCATOR_STAMP = "areas.locator"


@dataclass
class _Index:
    tree: STRtree | None
    ids: np.ndarray
    grids: dict[int, Area]  # id → the grid (without its boundary); shared, read-only


def _build() -> _Index:
    rows = Area.objects.filter(level=AreaLevel.GRID, active=True, boundary__isnull=False)
    geoms, ids = [], []
    for pk, code, boundary in rows.values_list("pk", "code", "boundary"):
        geoms.append(parse_boundary(cast(dict, boundary), code))  # not null: filtered
        ids.append(pk)
    tree = STRtree(geoms) if geoms else None
    grids = {a.pk: a for a in rows.defer("boundary")}
    return _Index(tree, np.array(ids, dtype=np.int64), grids)


CACHE = StampedCache(LOCATOR_STAMP, _build)
index = CACHE.get
forget = CACHE.forget


def locate_many(points: Sequence[tuple[float, float]], *, gcj02: bool = False) -> list[int | None]:
    """Grid ids for many (lon, lat) points at once; None where no grid covers a point."""
    idx = index()
    result: list[int | None] = [None] * len(points)
    if idx.tree is None or not len(points):
        return result
    if gcj02:
        points = [gcj02_to_wgs84(lon, lat) for lon, lat in points]
    arr = np.asarray(points, dtype=float)
    geoms = shapely.points(arr[:, 0], arr[:, 1])
    point_i, tree_i = idx.tree.query(geoms, predicate="intersects")
    # A point on a shared edge matches two grids: keep the lowest tree index (deterministic).
    for p, t in sorted(zip(point_i.tolist(), tree_i.tolist(), strict=True), reverse=True):
        result[p] = int(idx.ids[t])
    return result


def locate(lon: float, lat: float, *, gcj02: bool = False) -> Area | None:
    """The active grid that covers the point, or None (a fresh instance: the caller's own)."""
    grid_id = locate_many([(lon, lat)], gcj02=gcj02)[0]
    return Area.objects.get(pk=grid_id) if grid_id is not None else None


def grid(grid_id: int) -> Area:
    """The grid ``grid_id`` found by ``locate_many``, from this process's index: no query.
    Shared by every request of the process — read it, never change or save it."""
    found = index().grids.get(grid_id)
    return found if found is not None else Area.objects.get(pk=grid_id)
