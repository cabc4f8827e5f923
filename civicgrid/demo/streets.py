"""The demo district's roads and where its buildings stand on them, so that its map looks like
a place: named roads along the boundaries of streets, communities and grids and through each
grid, buildings lined up along them facing the road, and addresses that name the road the
building stands on with a house number that grows along it (odd numbers on the left, even on
the right, "左单右双": north–south roads are numbered from north to south, east–west roads
from west to east).

Deterministic for a scale and the buildings' drawn points: nothing here draws from the random
source, so the rest of the demo stays the same whatever is changed here.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from civicgrid.areas.services import RoadInput

from . import names
from .scale import DISTRICT_CODE, ORIGIN, STREET_SIZE, Scale

M_PER_DEG = 111_320.0
SETBACK = 10.0  # metres between a road's centre line and the building's front
CLEAR = 60.0  # metres a building keeps from a crossing road
GAP = 8.0  # metres between two buildings side by side
NUMBER_EVERY = 10.0  # metres of road per house number on each side
# 示范路 enters the district from the north, its numbers running on from there: the district's
# part begins at 391 (the address "示范区示范路391号" that guides and tests name exists)
FIRST_NUMBER = {"示范路": 391}


def ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一 (up to 99)."""
    digits = names.ORDINALS
    if n <= 10:
        return digits[n - 1]
    tens, units = divmod(n, 10)
    return (digits[tens - 1] if tens > 1 else "") + "十" + (digits[units - 1] if units else "")


@dataclass
class Road:
    name: str
    area_code: str
    vertical: bool  # north–south
    at: float  # its x (north–south) or y (east–west), degrees
    start: float  # where it starts along its axis (north end, or west end), degrees
    end: float
    sides: dict[int, list[tuple[float, float]]] = field(default_factory=lambda: {1: [], -1: []})

    def line(self) -> list[list[float]]:
        a, b = sorted((self.start, self.end))
        r = lambda v: round(v, 7)  # noqa: E731
        if self.vertical:
            return [[r(self.at), r(b)], [r(self.at), r(a)]]  # drawn north → south
        return [[r(a), r(self.at)], [r(b), r(self.at)]]


@dataclass
class Placed:
    road: Road
    side: int  # +1 east/north of the road, -1 west/south
    along: float  # metres from the road's start
    lon: float
    lat: float
    footprint: dict
    number: int = 0


class Streets:
    """The roads of a demo district of ``scale`` and the placing of its buildings."""

    def __init__(self, scale: Scale):
        self.scale = scale
        x0, y0 = ORIGIN
        sw, sh = STREET_SIZE
        self.top = y0 + sh
        self.kx = M_PER_DEG * math.cos(math.radians(y0 + sh / 2))
        self.roads: list[Road] = []
        self.vertical: dict[float, Road] = {}
        self.horizontal: dict[float, Road] = {}
        self.through: dict[tuple[int, float], Road] = {}
        s = scale
        cols = s.community_cols * s.grid_cols  # grid columns of a street
        rows = s.community_rows * s.grid_rows  # grid rows of the district
        gw, gh = sw / cols, sh / rows
        for i in range(s.streets + 1):  # the main roads on the streets' boundaries
            self._add(names.ROADS[i % len(names.ROADS)], DISTRICT_CODE, True, x0 + sw * i)
        for i in range(s.streets):
            street = f"{DISTRICT_CODE}{i + 1:03d}"
            word = names.STREETS[i % len(names.STREETS)]
            for k in range(1, cols):  # community and grid boundaries inside the street
                self._add(f"{word}{ordinal(k)}路", street, True, x0 + sw * i + gw * k)
        for j in range(rows + 1):  # the cross roads on the grid rows' boundaries
            self._add(
                names.CROSS_ROADS[j % len(names.CROSS_ROADS)], DISTRICT_CODE, False, y0 + gh * j
            )
        # through streets inside each grid row, every 600 m or so, a street's own
        per_row = max(1, round(gh * M_PER_DEG / 600))
        for i in range(s.streets):
            street = f"{DISTRICT_CODE}{i + 1:03d}"
            word = names.STREETS[i % len(names.STREETS)]
            n = 0
            for j in reversed(range(rows)):  # north → south
                for k in range(1, per_row):
                    n += 1
                    y = y0 + gh * j + gh * (per_row - k) / per_row
                    road = Road(
                        f"{word}{ordinal(n)}街", street, False, y, x0 + sw * i, x0 + sw * (i + 1)
                    )
                    self.roads.append(road)
                    self.through[(i, _key(y))] = road
        self.x0, self.y0, self.sw = x0, y0, sw

    def _add(self, name: str, area_code: str, vertical: bool, at: float) -> None:
        x0, y0 = ORIGIN
        sw, sh = STREET_SIZE
        if vertical:
            road = Road(name, area_code, True, at, y0 + sh, y0)
            self.vertical[_key(at)] = road
        else:
            road = Road(name, area_code, False, at, x0, x0 + sw * self.scale.streets)
            self.horizontal[_key(at)] = road
        self.roads.append(road)

    def road_inputs(self) -> list[RoadInput]:
        return [
            RoadInput(r.name, r.area_code, {"type": "LineString", "coordinates": r.line()})
            for r in self.roads
        ]

    # -- buildings -----------------------------------------------------------------------------
    def _around(self, bounds) -> tuple[list[Road], list[Road]]:
        """The north–south and east–west roads of a grid (its edges, the streets through it)."""
        gx0, gy0, gx1, gy1 = bounds
        street = int((gx0 + 1e-9 - self.x0) // self.sw)
        across = [self.horizontal[_key(gy0)], self.horizontal[_key(gy1)]]
        across += [r for (i, y), r in self.through.items() if i == street and gy0 < y < gy1]
        return [self.vertical[_key(gx0)], self.vertical[_key(gx1)]], across

    def place(self, bounds, lon: float, lat: float, kind: str, floors: int) -> Placed:
        """Where a building drawn at (lon, lat) in a grid stands: on the side of its nearest
        road, set back from it, away from crossings and from its neighbours."""
        gx0, gy0, gx1, gy1 = bounds
        verticals, across = self._around(bounds)
        length, depth = _size(kind, floors)
        options = [(abs(lon - r.at) * self.kx, r) for r in verticals]
        options += [(abs(lat - r.at) * M_PER_DEG, r) for r in across]
        for _, road in sorted(options, key=lambda o: (o[0], o[1].name)):
            if road.vertical:
                side = 1 if lon > road.at else -1
                lo = (self.top - gy1) * M_PER_DEG  # the grid's stretch of the road, metres
                hi = (self.top - gy0) * M_PER_DEG
                want = (self.top - lat) * M_PER_DEG
                crossings = [(self.top - r.at) * M_PER_DEG for r in across]
            else:
                side = 1 if lat > road.at else -1
                lo, hi = (gx0 - road.start) * self.kx, (gx1 - road.start) * self.kx
                want = (lon - road.start) * self.kx
                crossings = [(r.at - road.start) * self.kx for r in verticals]
            taken = road.sides[side] + [(c - CLEAR, c + CLEAR) for c in crossings]
            along = _free(want, length / 2 + GAP / 2, lo, hi, taken)
            if along is None:
                continue
            bisect.insort(road.sides[side], (along - length / 2, along + length / 2))
            return self._placed(road, side, along, length, depth)
        raise RuntimeError("no room on any road of the grid")  # the demo's sizes leave plenty

    def _placed(self, road: Road, side: int, along: float, length: float, depth: float) -> Placed:
        off = SETBACK + depth / 2  # metres from the road's line to the building's centre
        if road.vertical:
            lon, lat = road.at + side * off / self.kx, self.top - along / M_PER_DEG
            half_x, half_y = depth / 2 / self.kx, length / 2 / M_PER_DEG
        else:
            lon, lat = road.start + along / self.kx, road.at + side * off / M_PER_DEG
            half_x, half_y = length / 2 / self.kx, depth / 2 / M_PER_DEG
        r = lambda v: round(v, 7)  # noqa: E731
        ring = [
            [r(lon - half_x), r(lat - half_y)],
            [r(lon + half_x), r(lat - half_y)],
            [r(lon + half_x), r(lat + half_y)],
            [r(lon - half_x), r(lat + half_y)],
            [r(lon - half_x), r(lat - half_y)],
        ]
        footprint = {"type": "Polygon", "coordinates": [ring]}
        return Placed(road, side, along, round(lon, 6), round(lat, 6), footprint)

    def number(self, placed: list[Placed]) -> None:
        """House numbers along each road: 左单右双, growing with the distance along it."""
        first: dict[str, float] = {}
        for p in placed:
            if p.road.name in FIRST_NUMBER and _odd(p):
                first[p.road.name] = min(first.get(p.road.name, p.along), p.along)
        for p in placed:
            base = 1 if _odd(p) else 2
            start = first.get(p.road.name)
            if start is not None:
                base = FIRST_NUMBER[p.road.name] + (0 if _odd(p) else 1)
                p.number = base + 2 * math.floor((p.along - start) / NUMBER_EVERY)
            else:
                p.number = base + 2 * math.floor(p.along / NUMBER_EVERY)


def _odd(p: Placed) -> bool:
    """Walking the way the numbers grow, the left side has the odd numbers: the east side of a
    north–south road (numbered southwards), the north side of an east–west one (eastwards)."""
    return p.side == 1


def _key(v: float) -> float:
    return round(v, 7)


def _size(kind: str, floors: int) -> tuple[float, float]:
    """(length along the road, depth) in metres of a building of this kind and height."""
    if kind == "住宅":
        return (50.0, 12.0) if floors <= 6 else (40.0, 15.0) if floors <= 18 else (30.0, 22.0)
    return {"商住混合": (45.0, 20.0), "商业": (60.0, 30.0)}.get(kind, (70.0, 36.0))


def _free(want: float, half: float, lo: float, hi: float, taken) -> float | None:
    """The centre nearest ``want`` in [lo + half, hi - half] whose span (± half) meets none
    of the ``taken`` spans, or None."""
    lo, hi = lo + half, hi - half
    if lo > hi:
        return None
    blocked = sorted((a - half, b + half) for a, b in taken)
    merged: list[list[float]] = []
    for a, b in blocked:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    best, cands = None, [min(max(want, lo), hi)]
    for a, b in merged:
        cands += [a, b]
    for c in cands:
        if not lo <= c <= hi or any(a < c < b for a, b in merged):
            continue
        if best is None or abs(c - want) < abs(best - want):
            best = c
    return best
