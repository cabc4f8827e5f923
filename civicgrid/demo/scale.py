"""The sizes of the demo district and where it lies: an invented district near 121.4 E, 31.2 N."""

from __future__ import annotations

from dataclasses import dataclass

CITY_CODE, DISTRICT_CODE = "310100", "310199"  # 310199 is not an issued division code
ORIGIN = (121.36, 31.14)  # south-west corner of the district
STREET_SIZE = (0.03, 0.12)  # degrees: width, height of one street


@dataclass(frozen=True)
class Scale:
    streets: int
    community_rows: int
    community_cols: int
    grid_rows: int
    grid_cols: int
    buildings: int
    households: int
    persons: int
    cases: int = 0  # 90 days of case history


SCALES = {
    "tiny": Scale(2, 1, 2, 2, 2, 40, 160, 400, 200),
    "small": Scale(3, 2, 2, 3, 4, 3_000, 30_000, 75_000, 20_000),
    "district": Scale(6, 3, 2, 4, 4, 12_000, 120_000, 300_000, 60_000),
    "city": Scale(10, 3, 3, 3, 4, 40_000, 400_000, 1_000_000, 0),
}
