"""Build small area trees with square boundaries for tests."""

from __future__ import annotations

from dataclasses import dataclass

from civicgrid.areas.models import Area
from civicgrid.areas.services import AreaInput, areas_import


def box(x0: float, y0: float, x1: float, y1: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


@dataclass
class Tree:
    city: Area
    district: Area
    street: Area
    community: Area
    grid1: Area
    grid2: Area
    other_street: Area
    other_community: Area
    other_grid: Area


def make_tree() -> Tree:
    """Shanghai › Xuhui-like district › two streets, each with a community; three grids."""
    items = [
        AreaInput("310100", "示范市"),
        AreaInput("310104", "示范区", boundary=box(121.40, 31.10, 121.50, 31.20)),
        AreaInput("310104001", "东街道", boundary=box(121.40, 31.10, 121.45, 31.20)),
        AreaInput("310104001001", "东一社区", boundary=box(121.40, 31.10, 121.45, 31.15)),
        AreaInput("310104001001001", "东一网格1", boundary=box(121.40, 31.10, 121.425, 31.15)),
        AreaInput("310104001001002", "东一网格2", boundary=box(121.425, 31.10, 121.45, 31.15)),
        AreaInput("310104002", "西街道", boundary=box(121.45, 31.10, 121.50, 31.20)),
        AreaInput("310104002001", "西一社区", boundary=box(121.45, 31.10, 121.50, 31.15)),
        AreaInput("310104002001001", "西一网格1", boundary=box(121.45, 31.10, 121.50, 31.15)),
    ]
    areas_import(items)
    get = {a.code: a for a in Area.objects.all()}
    return Tree(
        city=get["310100"],
        district=get["310104"],
        street=get["310104001"],
        community=get["310104001001"],
        grid1=get["310104001001001"],
        grid2=get["310104001001002"],
        other_street=get["310104002"],
        other_community=get["310104002001"],
        other_grid=get["310104002001001"],
    )
