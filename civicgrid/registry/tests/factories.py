"""Register rows for tests, written the way the importer writes them."""

from __future__ import annotations

import datetime as dt

from civicgrid.core import idnumber, pii
from civicgrid.core.spreadsheet import table_bytes
from civicgrid.registry.models import Building, Person


def id_for(n: int, gender: str = "M", year: int = 1980) -> str:
    return idnumber.make("310104", dt.date(year, 1, 1) + dt.timedelta(days=n), n % 500, gender)


def building(code: str, grid, **extra) -> Building:
    return Building.objects.create(
        code=code, name=f"楼{code}", address=f"示范路{code}号", grid=grid, **extra
    )


def person(name: str, grid, n: int = 1, phone: str = "13812345678", **extra) -> Person:
    number = id_for(n)
    p = Person(
        name=name, grid=grid, gender="M", birth_date=idnumber.parse(number).birth_date, **extra
    )
    p.set_pii("id_number", number, pii.mask_id_number)
    p.set_pii("phone", phone, pii.mask_phone)
    p.save()
    return p


def xlsx_bytes(header: list[str], rows: list[list]) -> bytes:
    return table_bytes(header, rows)
