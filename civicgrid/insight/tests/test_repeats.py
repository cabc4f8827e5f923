"""Repeat demands: the third report of a class at one building within the days raises one alert
(the command centre and the street told once), later reports join it, what was done closes it
and a report after that starts a new count; an address in a grid counts like a building; a
point on the map does not; seen only where one sees the cases (404 elsewhere)."""

import datetime as dt

import pytest
from django.test import override_settings

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.services.intake import Report, case_report
from civicgrid.core.errors import DomainError
from civicgrid.insight import repeats
from civicgrid.insight.models import RepeatAlert
from civicgrid.notifications.models import Notification
from civicgrid.registry.tests.factories import building

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 12, 7, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def report(loop, at, *, where: dict, code="06028", text="楼下音响太吵"):
    return case_report(actor=loop.operator, now=at, report=Report(
        case_class=code, description=text,
        answers={"source": ["shop"]} if code == "06028" else {"volume": "small"},
        **where))  # fmt: skip


@override_settings(CIVICGRID_REPEAT_COUNT=3, CIVICGRID_REPEAT_DAYS=30)
def test_the_third_report_at_a_building_raises_one_alert_and_later_ones_join_it(
    loop, tree, django_capture_on_commit_callbacks
):
    hall = building("B-REP-1", tree.grid1, lon=121.41, lat=31.12)
    at_hall = {"building": hall.code}
    with django_capture_on_commit_callbacks(execute=True):
        report(loop, MONDAY - dt.timedelta(days=40), where=at_hall)  # too long ago
        report(loop, MONDAY - dt.timedelta(days=5), where=at_hall)
        report(loop, MONDAY - dt.timedelta(days=3), where=at_hall)
        report(loop, MONDAY - dt.timedelta(days=1), where=at_hall, code="06010",
               text="垃圾")  # another class  # fmt: skip
        report(loop, MONDAY - dt.timedelta(days=2), where={"lon": 121.41, "lat": 31.12})
    assert not RepeatAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        third = report(loop, MONDAY, where=at_hall)
    alert = RepeatAlert.objects.get()
    assert (alert.count, alert.building, alert.case_class.code) == (3, hall, "06028")
    told = Notification.objects.filter(kind="repeat")
    assert told.filter(user=loop.dispatcher).count() == 1
    assert not told.filter(user=loop.handler).exists()
    assert third in alert.cases.all()
    with django_capture_on_commit_callbacks(execute=True):
        report(loop, MONDAY + dt.timedelta(hours=2), where=at_hall)
    alert.refresh_from_db()
    assert alert.count == alert.cases.count() and RepeatAlert.objects.count() == 1
    assert told.filter(user=loop.dispatcher).count() == 1  # told once
    with pytest.raises(DomainError) as err:
        repeats.handled(actor=loop.dispatcher, alert=alert, note=" ")
    assert err.value.field == "note"
    repeats.handled(actor=loop.dispatcher, alert=alert, note="已约谈商户，限期整改音响",
                    now=MONDAY + dt.timedelta(hours=3))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        report(loop, MONDAY + dt.timedelta(hours=4), where=at_hall)
    assert RepeatAlert.objects.count() == 1  # after the handling, the count starts again


@override_settings(CIVICGRID_REPEAT_COUNT=2)
def test_an_address_counts_and_the_pages_are_scoped(client, loop, tree,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    where = {"address": "示范路8号", "lon": 121.41, "lat": 31.12}
    with django_capture_on_commit_callbacks(execute=True):
        report(loop, MONDAY - dt.timedelta(days=1), where=where)
        report(loop, MONDAY, where=where)
    alert = RepeatAlert.objects.get()
    assert alert.address == "示范路8号" and alert.count == 2
    client.force_login(loop.dispatcher)
    assert "示范路8号" in client.get("/insight/repeats/").content.decode()
    page = client.post(f"/insight/repeats/{alert.pk}/", {"note": "<b>已排查</b>"})
    assert page.status_code == 302
    assert "&lt;b&gt;已排查" in client.get(f"/insight/repeats/{alert.pk}/").content.decode()
    stranger = user_with_role("repeat_stranger", tree.other_street, Role.DISPATCHER)
    client.force_login(stranger)
    assert client.get(f"/insight/repeats/{alert.pk}/").status_code == 404
    assert "示范路8号" not in client.get("/insight/repeats/").content.decode()
    client.force_login(loop.handler)  # sees no cases by area: no such page
    assert client.get("/insight/repeats/").status_code == 404
