"""The demo's register as import rows: buildings, households and people, invented from a seed
and written through the same import pipeline a district uses for its own spreadsheets."""

from __future__ import annotations

import datetime as dt
import random

from civicgrid.core import idnumber
from civicgrid.registry.importing import IMPORTERS

from . import names
from .scale import DISTRICT_CODE, Scale
from .streets import Streets


def _headers(kind: str, keys: list[str]) -> list[str]:
    """The Chinese headers of an import, in the order the generator writes its columns."""
    by_key = {c.key: c.zh for c in IMPORTERS[kind].columns}
    return [by_key[k] for k in keys]


BUILDING_HEADER = _headers(
    "buildings", ["code", "name", "address", "grid", "building_type", "floors", "lon", "lat"]
)
HOUSEHOLD_HEADER = _headers(
    "households", ["number", "grid", "building", "entrance", "room", "house_use", "floor_area"]
)
PERSON_HEADER = _headers(
    "persons",
    [
        "name",
        "id_type",
        "id_number",
        "gender",
        "birth_date",
        "phone",
        "residence_type",
        "grid",
        "building",
        "entrance",
        "room",
        "residence_kind",
        "household",
        "relation",
        "tags",
    ],
)


class RegisterRows:
    """The generator's people and places: rows in the order of the headers above. The
    generator gives the random source, the scale, the grids (code, bounding box) and the ID
    numbers already used."""

    rng: random.Random
    scale: Scale
    grids: list[tuple[str, tuple[float, float, float, float]]]
    used_ids: set[str]
    streets: Streets  # the roads, once the buildings are placed on them
    footprints: dict[str, dict]  # building code → its outline (GeoJSON polygon)

    def person_name(self) -> str:
        given = self.rng.choice(names.GIVEN) + (
            self.rng.choice(names.GIVEN) if self.rng.random() < 0.7 else ""
        )
        return self.rng.choice(names.SURNAMES) + given

    def id_number(self, birth: dt.date, gender: str) -> str:
        while True:
            value = idnumber.make(DISTRICT_CODE, birth, self.rng.randrange(500), gender)
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def passport(self) -> str:
        while True:
            value = f"E{self.rng.randrange(10**8):08d}"
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"

    def buildings(self) -> list[tuple]:
        """The buildings, each standing on a road of the district (``streets``) with the
        road's name and its house number as address; their footprints go to ``footprints``.
        The random source is drawn from exactly as before the district had roads (a road name
        and a house number were drawn and are now discarded), so everything after stays the
        same for a seed."""
        s = self.scale
        drawn: list[tuple] = []
        per_grid = [s.buildings // len(self.grids)] * len(self.grids)
        for i in range(s.buildings - sum(per_grid)):
            per_grid[i] += 1
        for (code, (x0, y0, x1, y1)), count in zip(self.grids, per_grid, strict=True):
            for n in range(count):
                self.rng.choice(names.ROADS)  # discarded: the road is where it stands
                lon = round(self.rng.uniform(x0 + (x1 - x0) * 0.05, x1 - (x1 - x0) * 0.05), 6)
                lat = round(self.rng.uniform(y0 + (y1 - y0) * 0.05, y1 - (y1 - y0) * 0.05), 6)
                kind = self.rng.choices(["住宅", "商住混合", "商业", "公共"], [85, 8, 5, 2])[0]
                self.rng.randrange(1, 999)  # discarded: the number follows the road
                floors = self.rng.randrange(3, 33)
                drawn.append((code, (x0, y0, x1, y1), n, lon, lat, kind, floors))
        streets = Streets(s)
        self.streets = streets
        placed = [streets.place(b, lon, lat, kind, fl) for _, b, _, lon, lat, kind, fl in drawn]
        streets.number(placed)
        rows: list[tuple] = []
        self.footprints = {}
        for (code, _, n, _, _, kind, floors), p in zip(drawn, placed, strict=True):
            building = f"{code}-B{n + 1:03d}"
            house = f"{p.road.name}{p.number}号"
            rows.append(
                (building, house, f"示范区{house}", code, kind, str(floors), str(p.lon), str(p.lat))
            )
            self.footprints[building] = p.footprint
        return rows

    def households(self, building_rows) -> list[tuple]:
        s = self.scale
        rows: list[tuple] = []
        per_building = s.households // len(building_rows)
        extra = s.households - per_building * len(building_rows)
        seq = 0
        for i, b in enumerate(building_rows):
            count = per_building + (1 if i < extra else 0)
            floors = int(b[5])
            for k in range(count):
                seq += 1
                entrance = str(k % 4 + 1)
                room = f"{(k // 4) % floors + 1}{k // (4 * floors) + 1:02d}"
                use = self.rng.choices(["自住", "出租", "空置"], [75, 20, 5])[0]
                rows.append(
                    (
                        f"H{seq:08d}",
                        b[3],
                        b[0],
                        entrance,
                        room,
                        use,
                        str(self.rng.randrange(35, 160)),
                    )
                )
        return rows

    def persons(self, household_rows, today: dt.date) -> list[tuple]:
        s = self.scale
        rows: list[tuple] = []
        sizes = self._household_sizes(len(household_rows), s.persons)
        for h, size in zip(household_rows, sizes, strict=True):
            number, grid, building, entrance, room, use = h[:6]
            head_age = self.rng.randint(24, 88)
            floating = use == "出租"
            members = [("head", head_age)]
            if size > 1:
                members.append(("spouse", max(20, head_age + self.rng.randint(-5, 5))))
            for _ in range(size - len(members)):
                if head_age > 45 and self.rng.random() < 0.25:
                    members.append(("parent", min(100, head_age + self.rng.randint(22, 32))))
                else:
                    members.append(("child", max(0, head_age - self.rng.randint(22, 36))))
            for relation, age in members:
                gender = "M" if self.rng.random() < 0.5 else "F"
                if relation == "spouse":
                    gender = "F" if rows and rows[-1][3] == "M" else "M"
                birth = today - dt.timedelta(days=age * 365 + self.rng.randrange(365))
                overseas = self.rng.random() < 0.01
                kind_pop = (
                    "overseas"
                    if overseas
                    else (
                        "floating"
                        if floating
                        else self.rng.choices(["registered", "resident"], [82, 18])[0]
                    )
                )
                tags = self._tags(age, gender, size)
                rows.append(
                    (
                        self.person_name(),
                        "other" if overseas else "resident_id",
                        self.passport() if overseas else self.id_number(birth, gender),
                        gender,
                        birth.isoformat() if overseas else "",
                        self.phone() if age >= 16 and self.rng.random() < 0.85 else "",
                        kind_pop,
                        grid,
                        building,
                        entrance,
                        room,
                        "rent"
                        if floating
                        else ("own" if relation != "child" or age < 30 else "lodge"),
                        number,
                        relation,
                        "、".join(tags),
                    )
                )
        return rows

    def _household_sizes(self, households: int, persons: int) -> list[int]:
        sizes = [1] * households
        remaining = persons - households
        while remaining > 0:
            i = self.rng.randrange(households)
            if sizes[i] < 6:
                sizes[i] += 1
                remaining -= 1
        return sizes

    def _tags(self, age: int, gender: str, size: int) -> list[str]:
        r = self.rng.random
        tags = []
        if age >= 65 and size == 1:
            tags.append("elderly_alone")
        if age >= 80:
            tags.append("elderly_80")
        if age >= 18 and r() < 0.08:
            tags.append("party_member")
        if 16 <= age <= 70 and r() < 0.04:
            tags.append("volunteer")
        if r() < 0.015:
            tags.append("disabled")
        if r() < 0.01:
            tags.append("low_income")
        if 18 <= age <= 60 and r() < 0.02:
            tags.append("unemployed")
        if age >= 18 and gender == "M" and r() < 0.01:
            tags.append("veteran")
        if age >= 18 and r() < 0.0005:
            tags.append("community_correction")
        if age >= 18 and r() < 0.001:
            tags.append("mental_disorder")
        return tags
