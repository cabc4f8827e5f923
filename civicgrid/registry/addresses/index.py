"""Building the index from the register. Every active building gets one building-level entry and
one house-level entry per house in it. The index is derived and rebuilt: after a register import
(``importing.runner``), when a building or house is saved or deleted (signals in
``models.addresses``), and by ``civicgrid addresses --rebuild``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.bulk import BulkWriter, instance_rows

from ..models import AddressLevel, Building, House, StandardAddress
from .words import clean, road_and_number, search_key

BATCH = 2_000


@dataclass
class Areas:
    """District, street and community names of a grid, and the grid's own (one look-up of the
    area tree)."""

    names: dict[int, tuple[str, str, str, str]]

    @classmethod
    def load(cls, grid_ids: Iterable[int] | None = None) -> Areas:
        rows = Area.objects.values_list("pk", "code", "level", "name", "path")
        by_code = {code: (level, name) for _pk, code, level, name, _path in rows}
        wanted = None if grid_ids is None else set(grid_ids)
        names: dict[int, tuple[str, str, str, str]] = {}
        for pk, _code, level, grid_name, path in rows:
            if level != AreaLevel.GRID or (wanted is not None and pk not in wanted):
                continue
            found: dict[int, str] = {
                AreaLevel.DISTRICT: "",
                AreaLevel.STREET: "",
                AreaLevel.COMMUNITY: "",
            }
            for c in path.split("/"):
                lv, nm = by_code.get(c, (None, ""))
                if lv in found:
                    found[lv] = nm
            names[pk] = (
                found[AreaLevel.DISTRICT],
                found[AreaLevel.STREET],
                found[AreaLevel.COMMUNITY],
                grid_name,
            )
        return cls(names)


def house_words(entrance: str, room: str) -> str:
    """The way an address names a house: "2单元301室" (the data's own language, like the
    register's addresses)."""
    return (f"{entrance}单元" if entrance else "") + (f"{room}室" if room else "")


def entries(building: dict, houses: list[tuple[int, str, str]], areas: Areas) -> list:
    """The index rows of one building (a dict of its columns) and its houses."""
    district, street, community, grid = areas.names.get(building["grid_id"], ("", "", "", ""))
    address = clean(building["address"]).replace(" ", "")
    road, number = road_and_number(address, [district, street])
    name = clean(building["name"])
    text = address
    if name and name not in address:
        text = f"{address} {name}"
    where = " ".join(p for p in (street, community) if p)
    digits = "".join(ch for ch in number if ch.isdigit())
    # a grid worker may name the grid with the building ("东一网格1 幸福苑1号楼")
    base_words = [district, street, community, road, number, digits, name, grid]
    if road and digits:
        base_words.append(f"{road}{digits}")
    common = {
        "building_id": building["id"],
        "grid_id": building["grid_id"],
        "district": district[:100],
        "street": street[:100],
        "community": community[:100],
        "road": road,
        "number": number[:40],
        "building_name": name[:100],
        "lon": building["lon"],
        "lat": building["lat"],
    }
    base_key = search_key(base_words, building["code"])
    rows = [
        StandardAddress(
            level=AddressLevel.BUILDING,
            text=text[:400],
            label=(f"{text} · {where}" if where else text)[:500],
            search=base_key,
            **common,
        )
    ]
    for house_id, entrance, room in houses:
        unit = house_words(entrance, room)
        house_text = f"{text} {unit}"
        rows.append(
            StandardAddress(
                level=AddressLevel.HOUSE,
                house_id=house_id,
                entrance=entrance,
                room=room,
                text=house_text[:400],
                label=(f"{house_text} · {where}" if where else house_text)[:500],
                search=f"{base_key} {search_key([unit, f'{entrance}-{room}'])}",
                **common,
            )
        )
    return rows


COLUMNS = ("id", "code", "name", "address", "grid_id", "lon", "lat")


def _write(buildings: list[dict], areas: Areas, writer: BulkWriter | None = None) -> int:
    houses: dict[int, list[tuple[int, str, str]]] = {}
    for pk, b, e, r in House.objects.filter(
        building_id__in=[b["id"] for b in buildings]
    ).values_list("pk", "building_id", "entrance", "room"):
        houses.setdefault(b, []).append((pk, e, r))
    rows = []
    for b in buildings:
        rows += entries(b, sorted(houses.get(b["id"], []), key=lambda h: (h[1], h[2])), areas)
    if writer is None:
        StandardAddress.objects.bulk_create(rows, batch_size=BATCH)
    else:  # a whole rebuild: COPY on PostgreSQL, executemany on SQLite (decision 0003)
        columns, values, ids = instance_rows(StandardAddress, rows)
        writer.insert(StandardAddress, columns, values, ids)
    return len(rows)


def _chunks(ids: list[int], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def reindex_buildings(building_ids: Iterable[int]) -> int:
    """The entries of these buildings written again (none for an inactive one)."""
    ids = sorted(set(building_ids))
    if not ids:
        return 0
    written = 0
    with transaction.atomic():
        for batch in _chunks(ids):
            StandardAddress.objects.filter(building_id__in=batch).delete()
            found = list(Building.objects.filter(pk__in=batch, active=True).values(*COLUMNS))
            if found:
                areas = Areas.load({b["grid_id"] for b in found})
                written += _write(found, areas)
    return written


def rebuild(progress=None) -> int:
    """The whole index written again from the register; returns the number of entries."""
    written = 0
    with transaction.atomic():
        StandardAddress.objects.all().delete()
        areas = Areas.load()
        ids = list(Building.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
        with BulkWriter() as writer:
            for batch in _chunks(ids):
                found = list(Building.objects.filter(pk__in=batch).values(*COLUMNS))
                written += _write(found, areas, writer)
                if progress is not None:
                    progress(len(batch))
    return written
