"""Point → grid, with a shapely STRtree built per process from the database.

The tree is rebuilt whenever the ``areas.locator`` version stamp changes (any boundary import or
retirement bumps it). A process re-reads the stamp at most every ``CIVICGRID_LOCATOR_RECHECK``
seconds (default 1), so other processes see a change within a second; the process that made the
change forgets its tree at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from django.conf import settings
from shapely import STRtree

from civicgrid.core.geo import gcj02_to_wgs84
from civicgrid.core.models import Stamp

from .choices import AreaLevel
from .geometry import parse_boundary
from .models import Area
from .services import LOCATOR_STAMP


@dataclass
class _Index:
    version: int
    tree: STRtree | None
    ids: np.ndarray
    areas: dict[int, tuple[str, str]]  # id → (code, name)


_lock = threading.Lock()
_index: _Index | None = None
_checked_at = 0.0


def forget() -> None:
    """Drop this process's tree (called when this process changes boundaries)."""
    global _index
    _index = None


def _current_version() -> int:
    return Stamp.read(LOCATOR_STAMP)


def _build(version: int) -> _Index:
    rows = Area.objects.filter(level=AreaLevel.GRID, active=True, boundary__isnull=False)
    geoms, ids, areas = [], [], {}
    for pk, code, name, boundary in rows.values_list("pk", "code", "name", "boundary"):
        geoms.append(parse_boundary(boundary, code))
        ids.append(pk)
        areas[pk] = (code, name)
    tree = STRtree(geoms) if geoms else None
    return _Index(version, tree, np.array(ids, dtype=np.int64), areas)


def index() -> _Index:
    global _index, _checked_at
    current = _index
    now = time.monotonic()
    if current is not None and now - _checked_at < settings.CIVICGRID_LOCATOR_RECHECK:
        return current
    version = _current_version()
    _checked_at = now
    if current is None or current.version != version:
        with _lock:
            if _index is None or _index.version != version:
                _index = _build(version)
            current = _index
    return current


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
    """The active grid that covers the point, or None."""
    grid_id = locate_many([(lon, lat)], gcj02=gcj02)[0]
    return Area.objects.get(pk=grid_id) if grid_id is not None else None
