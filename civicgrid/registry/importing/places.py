"""Building and household imports, and the house look-up both they and persons use."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas import locator
from civicgrid.core.geo import gcj02_to_wgs84

from ..models import Building, House, Household
from . import columns as cells
from .columns import CellError, Column
from .runner import Importer, register
from .upsert import chunks, upsert

# Where a household or person lives: the same columns, with the same meaning, in both imports.
PLACE_COLUMNS = [
    Column("grid", "网格编码", "Grid code", help_zh="可空：取楼栋所在网格"),
    Column("building", "楼栋编码", "Building code", max_length=cells.length(Building, "code")),
    Column("entrance", "单元", "Entrance", max_length=cells.length(House, "entrance")),
    Column("room", "房号", "Room", max_length=cells.length(House, "room")),
]


class HouseResolver:
    """Buildings referenced by a file, their houses, and houses to create on write."""

    def load(self, building_codes: set[str]) -> None:
        self.buildings = {
            code: (pk, grid_id)
            for code, pk, grid_id in Building.objects.filter(code__in=building_codes).values_list(
                "code", "pk", "grid_id"
            )
        }
        self.houses: dict[tuple, int] = {}
        ids = [pk for pk, _ in self.buildings.values()]
        for batch in chunks(ids):
            for pk, b, e, r in House.objects.filter(building_id__in=batch).values_list(
                "pk", "building_id", "entrance", "room"
            ):
                self.houses[(b, e, r)] = pk

    def key(self, rec: dict, err, *, grid_id: int | None) -> tuple | None:
        """(building_id, entrance, room) for the row, or None when it names no house."""
        code, room = str(rec.get("building", "")), str(rec.get("room", ""))
        if not code:
            if room:
                err("building", "", _("A room needs a building code."))
            return None
        found = self.buildings.get(code)
        if found is None:
            err("building", code, _("No building has this code."))
            return None
        if grid_id is not None and found[1] != grid_id:
            err("grid", rec.get("grid", ""), _("The building lies in another grid."))
            return None
        if not room:
            err("room", "", _("A building code needs a room number."))
            return None
        return (found[0], str(rec.get("entrance", "")), room)

    def grid_of_building(self, code: str) -> int | None:
        found = self.buildings.get(code)
        return found[1] if found else None

    def ensure(self, keys: set[tuple], uses: dict[tuple, dict] | None = None) -> None:
        """Create missing houses (after validation, inside the write transaction)."""
        uses = uses or {}
        missing = [k for k in keys if k not in self.houses]
        House.objects.bulk_create(
            [
                House(building_id=b, entrance=e, room=r, **uses.get((b, e, r), {}))
                for b, e, r in missing
            ],
            batch_size=2000,
        )
        if missing:
            self.load_ids({k[0] for k in missing})

    def load_ids(self, building_ids: set[int]) -> None:
        for batch in chunks(sorted(building_ids)):
            for pk, b, e, r in House.objects.filter(building_id__in=batch).values_list(
                "pk", "building_id", "entrance", "room"
            ):
                self.houses[(b, e, r)] = pk


@register
class BuildingImporter(Importer):
    kind = "buildings"
    key_column = "code"
    tables = (Building,)
    columns = [
        Column(
            "code", "楼栋编码", "Building code", True, max_length=cells.length(Building, "code")
        ),
        Column("name", "名称", "Name", True, max_length=cells.length(Building, "name")),
        Column("address", "地址", "Address", True, max_length=cells.length(Building, "address")),
        Column("grid", "网格编码", "Grid code", help_zh="可空：有经纬度时自动落格"),
        Column("building_type", "类型", "Type", help_zh=cells.building_type.allowed),
        Column("floors", "层数", "Floors"),
        Column("lon", "经度", "Longitude"),
        Column("lat", "纬度", "Latitude"),
        Column("crs", "坐标系", "Coordinates", help_zh="WGS84（默认）或 GCJ-02"),
        Column("property_company", "物业公司编码", "Property company code"),
    ]

    def prepare(self, records):
        self.load_grids()
        self.grid_codes = {pk: code for code, (pk, _) in self.grids.items()}
        codes = {str(r.get("property_company", "")) for r in records} - {""}
        self.companies = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "pk"))

    def clean(self, rec, err):
        code = str(rec.get("code", ""))
        if not code or len(code) > 40:
            err("code", code, _("A building code has 1–40 characters."))
        for key in ("name", "address"):
            if not str(rec.get(key, "")):
                err(key, "", _("This field is required."))
        out: dict[str, Any] = {
            "_key": code,
            "code": code,
            "name": str(rec.get("name", "")),
            "address": str(rec.get("address", "")),
        }
        for key, parse in (
            ("building_type", cells.building_type),
            ("floors", lambda v: cells.parse_int(v, 1, 200)),
            ("lon", lambda v: cells.parse_float(v, 73, 136)),
            ("lat", lambda v: cells.parse_float(v, 3, 54)),
        ):
            value = rec.get(key, "")
            if value != "":
                try:
                    out[key] = parse(value)
                except CellError as exc:
                    err(key, value, exc)
        gcj = str(rec.get("crs", "")).upper().replace("-", "") == "GCJ02"
        if gcj and "lon" in out and "lat" in out:
            out["lon"], out["lat"] = gcj02_to_wgs84(out["lon"], out["lat"])
        grid_code = str(rec.get("grid", ""))
        if grid_code:
            out["grid_id"] = self.grid_of(grid_code, err)
        elif "lon" in out and "lat" in out:
            area = locator.locate(out["lon"], out["lat"])
            if area is None:
                err("lon", rec.get("lon"), _("No grid covers this location; give a grid code."))
            else:
                out["grid_id"] = self.grid_of(area.code, err)
        else:
            err("grid", "", _("Give a grid code or a location."))
        company = str(rec.get("property_company", ""))
        if company:
            if company not in self.companies:
                err("property_company", company, _("No organisation unit has this code."))
            out["property_company_id"] = self.companies.get(company)
        return out

    def write(self, cleaned, report, bar):
        rows = [{k: v for k, v in r.items() if k != "_key"} for r in cleaned]
        counts, _ = upsert(
            Building, "code", rows, compare=rows[0].keys() if rows else [], on_progress=bar.update
        )
        report.add(counts)


@register
class HouseholdImporter(Importer):
    kind = "households"
    key_column = "number"
    tables = (Household, House)
    columns = [
        Column(
            "number", "户号", "Household number", True, max_length=cells.length(Household, "number")
        ),
        *PLACE_COLUMNS,
        Column("house_use", "房屋用途", "House use", help_zh=cells.house_use.allowed),
        Column("floor_area", "建筑面积", "Floor area (m²)"),
        Column("needs", "需求", "Needs"),
        Column("notes", "备注", "Notes"),
    ]

    def prepare(self, records):
        self.load_grids()
        self.places = HouseResolver()
        self.places.load({str(r.get("building", "")) for r in records} - {""})

    def clean(self, rec, err):
        number = str(rec.get("number", ""))
        if not number or len(number) > 40:
            err("number", number, _("A household number has 1–40 characters."))
        grid_code = str(rec.get("grid", ""))
        grid_id = self.grid_of(grid_code, err) if grid_code else None
        house = self.places.key(rec, err, grid_id=grid_id)
        if grid_id is None and house is None and not grid_code:
            err("grid", "", _("Give a grid code or a building and room."))
        if grid_id is None and house is not None:
            grid_id = self.grid_allowed(
                self.places.grid_of_building(rec["building"]), rec["building"], err
            )
        out: dict[str, Any] = {
            "_key": number,
            "number": number,
            "grid_id": grid_id,
            "_house": house,
            "_use": {},
        }
        for key in ("needs", "notes"):
            if key in self.present:
                out[key] = str(rec.get(key, ""))
        for key, parse in (("house_use", cells.house_use), ("floor_area", cells.parse_decimal)):
            value = rec.get(key, "")
            if value != "":
                try:
                    out["_use"]["use" if key == "house_use" else key] = parse(value)
                except CellError as exc:
                    err(key, value, exc)
        return out

    def write(self, cleaned, report, bar):
        self.places.ensure(
            {r["_house"] for r in cleaned if r["_house"]},
            {r["_house"]: r["_use"] for r in cleaned if r["_house"]},
        )
        rows = []
        for r in cleaned:
            row = {k: v for k, v in r.items() if not k.startswith("_")}
            row["house_id"] = self.places.houses[r["_house"]] if r["_house"] else None
            rows.append(row)
        counts, _ = upsert(
            Household,
            "number",
            rows,
            compare=rows[0].keys() if rows else [],
            on_progress=bar.update,
        )
        report.add(counts)
