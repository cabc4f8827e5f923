"""Hot spots: reports of a class in a grid beyond the usual rate raise one alert with the cases
behind it and tell the command centre; a grid where the class is usual does not; a second run
adds to the open alert and tells nobody again; once handled, only later reports count."""

import datetime as dt

import pytest
from django.core.management import call_command

from civicgrid.cases.services import Report, case_report
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.insight import hotspots, repeats
from civicgrid.insight.repeat_models import RepeatAlert
from civicgrid.notifications.models import Notification

pytestmark = pytest.mark.django_db
NOW = MONDAY + dt.timedelta(hours=2)


def _reports(loop, n, *, lon, days_ago, code="01023"):
    for i in range(n):
        at = MONDAY - dt.timedelta(days=days_ago, hours=i)
        case_report(actor=loop.operator, now=at, report=Report(
            case_class=code, description="下水道堵了", channel="hotline", lon=lon,
            lat=31.12 + i * 0.0001))  # fmt: skip


def test_beyond_the_usual_rate_raises_one_alert_and_tells_once(loop, settings):
    settings.CIVICGRID_REPEAT_COUNT = 10_000  # the repeat demands aside
    _reports(loop, 6, lon=121.41, days_ago=1)  # grid 1: six in a week, none before
    _reports(loop, 6, lon=121.43, days_ago=1)  # grid 2: six in a week, as usual there
    _reports(loop, 24, lon=121.43, days_ago=20)
    found = hotspots.find(NOW)
    assert [(f.grid_id, f.count) for f in found] == [(loop.tree.grid1.pk, 6)]
    (alert,) = hotspots.raise_alerts(NOW)
    assert alert.kind == RepeatAlert.Kind.HOT_SPOT and alert.count == 6 and alert.cases.count() == 6
    assert alert.place == loop.tree.grid1.name and alert.expected is not None
    told = Notification.objects.filter(user=loop.dispatcher).count()
    assert told == 1
    _reports(loop, 1, lon=121.41, days_ago=0)
    assert hotspots.raise_alerts(NOW) == []  # added to the open one, nobody told again
    alert.refresh_from_db()
    assert alert.count == 7 and Notification.objects.filter(user=loop.dispatcher).count() == told
    repeats.handled(actor=loop.dispatcher, alert=alert, note="已组织疏通", now=NOW)
    assert hotspots.raise_alerts(NOW + dt.timedelta(minutes=1)) == []  # nothing since
    call_command("hot_spots", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert RepeatAlert.objects.count() == 1
