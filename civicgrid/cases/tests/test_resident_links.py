"""What a resident is told links to the public case page, never the staff page (404 for them)."""

import pytest

from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.notifications.models import Notification, Outbox

from .fixtures import MONDAY
from .test_notify_sweep import act, committed  # noqa: F401

pytestmark = pytest.mark.django_db

NOTE = "已处理，联系人13987654321，身份证310104198001020039"


def _report(loop, committed, user=None, key=""):  # noqa: F811
    return committed(
        case_report,
        actor=user or loop.operator,
        report=Report(
            case_class="06010",
            answers={"volume": "small"},
            channel="web",
            lon=121.41,
            lat=31.12,
            reporter_name="" if user else "王",
            reporter_phone="" if user else "13812345678",
            idempotency_key=key,
        ),
        now=MONDAY,
    )


def test_every_step_a_resident_hears_of_links_to_the_public_page(client, loop, committed):  # noqa: F811
    registered = _report(loop, committed, user=loop.resident, key="r")
    act(committed, registered, "register", loop.shift_lead)
    voided = _report(loop, committed, user=loop.resident, key="v")
    act(committed, voided, "void", loop.shift_lead, note=NOTE)
    notes = list(Notification.objects.filter(user=loop.resident))
    assert len(notes) == 2
    client.force_login(loop.resident)
    for note, case in zip(notes, (voided, registered), strict=True):
        assert note.url == f"/portal/cases/{case.number}/"
        assert client.get(note.url).status_code == 200
        assert "13987654321" not in note.title and "310104198001020039" not in note.title
    assert "139****4321" in notes[0].title  # the newest: the void, its reason masked


def test_the_reporter_of_a_merged_report_is_led_to_a_page_they_can_open(client, loop, committed):  # noqa: F811
    first = _report(loop, committed, key="a")
    mine = _report(loop, committed, user=loop.resident, key="b")
    act(committed, mine, "merge", loop.operator, data={"into": first.number})
    act(committed, first, "register", loop.shift_lead)
    client.force_login(loop.resident)
    for note in Notification.objects.filter(user=loop.resident):
        assert note.url.startswith("/portal/cases/")
        assert client.get(note.url).status_code == 200


def test_sms_and_email_to_the_reporter_mask_numbers_in_the_note(loop, committed):  # noqa: F811
    case = _report(loop, committed)
    act(committed, case, "void", loop.shift_lead, note=NOTE)
    body = Outbox.objects.get().body
    assert "139****4321" in body and "13987654321" not in body
    assert Case.objects.get().number in body


def test_links_already_sent_are_pointed_to_the_public_page(loop, committed):  # noqa: F811
    import importlib

    from django.apps import apps

    case = _report(loop, committed, user=loop.resident)
    sent = Notification.objects.create(
        user=loop.resident, kind="status", title="t", url=f"/cases/{case.pk}/"
    )
    staff = Notification.objects.create(
        user=loop.handler, kind="assigned", title="t", url=f"/cases/{case.pk}/"
    )
    gone = Notification.objects.create(
        user=loop.resident, kind="status", title="t", url="/cases/9999/"
    )
    migration = importlib.import_module(
        "civicgrid.notifications.migrations.0002_resident_links_to_public_pages"
    )
    migration.to_public_pages(apps, None)
    for row in (sent, staff, gone):
        row.refresh_from_db()
    assert sent.url == f"/portal/cases/{case.number}/"
    assert staff.url == f"/cases/{case.pk}/" and gone.url == ""
