"""The case list exports as it is filtered, in scope, without the reporter."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from civicgrid.cases.tests.fixtures import walk

from .test_views import seeded

pytestmark = pytest.mark.django_db


def sheet(response) -> list[list]:
    rows = load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(
        values_only=True
    )
    return [list(r) for r in rows]


def test_the_list_as_a_spreadsheet(client, loop):
    open_case = seeded(loop)
    closed = walk(seeded(loop), loop)
    client.force_login(loop.shift_lead)
    response = client.get(reverse("cases:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cases.xlsx"'
    rows = sheet(response)
    assert rows[0][0] == "案件编号" and len(rows) == 3
    assert [r[0] for r in rows[1:]] == [closed.number, open_case.number]  # newest first
    flat = " ".join(str(v) for r in rows for v in r if v is not None)
    assert "13812345678" not in flat and "138****5678" not in flat and "王" not in rows[1]
    # filtered like the list, and as csv
    only_open = client.get(reverse("cases:export"), {"state": "open", "format": "csv"})
    text = only_open.content.decode("utf-8-sig")
    assert open_case.number in text and closed.number not in text
    assert only_open["Content-Type"].startswith("text/csv")
    queue = sheet(client.get(reverse("cases:export"), {"queue": "shift_lead"}))
    assert [r[0] for r in queue[1:]] == [open_case.number]


def test_out_of_scope_cases_are_not_exported(client, loop):
    seeded(loop)
    client.force_login(loop.outsider)  # a supervisor of the other street's grid
    assert len(sheet(client.get(reverse("cases:export")))) == 1  # the header only
    client.logout()
    assert client.get(reverse("cases:export")).status_code == 302
