"""The weekly hot-topics report: the classes and words of a week's reports rising against the
four weeks before, for the district and each street; made once by the weekly task; shown to
those who see cases in the whole area, 404 for residents."""

import datetime as dt

import pytest
from django.core.management import call_command

from civicgrid.cases.services import Report, case_report
from civicgrid.cases.tests.fixtures import SH
from civicgrid.insight import topics
from civicgrid.insight.topic_models import TopicReport

pytestmark = pytest.mark.django_db
WEEK = dt.date(2026, 11, 23)  # a Monday


def _report(loop, day: dt.date, code: str, text: str, lon=121.41):
    at = dt.datetime.combine(day, dt.time(10), tzinfo=SH)
    case_report(actor=loop.operator, now=at, report=Report(
        case_class=code, description=text, channel="hotline", lon=lon, lat=31.12))  # fmt: skip


def test_rising_classes_and_words(client, loop, settings):
    settings.CIVICGRID_REPEAT_COUNT = 10_000
    for weeks_before in range(1, 5):
        _report(loop, WEEK - dt.timedelta(weeks=weeks_before), "01023", "井盖坏了")
        _report(loop, WEEK - dt.timedelta(weeks=weeks_before), "01076", "路灯不亮")
    for day in range(5):
        _report(loop, WEEK + dt.timedelta(days=day), "01023", "下水道堵了污水冒出来")
    _report(loop, WEEK + dt.timedelta(days=6), "01076", "路灯不亮", lon=121.46)  # the west
    made = {r.area.code: r for r in topics.make(WEEK)}
    district = made[loop.tree.district.code]
    assert district.reports == 6 and district.usual == 2.0
    assert district.classes == [
        {"code": "01023", "name": district.classes[0]["name"], "count": 5, "usual": 1.0}
    ]
    assert {"word": "下水道", "count": 5, "usual": 0.0} in district.words
    assert "路灯" not in {w["word"] for w in district.words}  # as usual
    east, west = made[loop.tree.street.code], made[loop.tree.other_street.code]
    assert east.classes[0]["code"] == "01023" and (west.reports, west.classes) == (1, [])
    # the weekly task makes last week's once
    now = dt.datetime.combine(WEEK + dt.timedelta(days=8), dt.time(3), tzinfo=SH)
    assert topics.make_last_week(now) == 0  # made already above
    TopicReport.objects.all().delete()
    assert topics.make_last_week(now) == len(made)
    call_command("hot_topics", "--week", "2026-W48", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert TopicReport.objects.filter(week=WEEK).count() == len(made)
    client.force_login(loop.operator)
    page = client.get("/insight/topics/", {"week": "2026-11-23"}).content.decode()
    assert "下水道" in page and "01023" in page
    client.force_login(loop.outsider)  # a grid's station: no whole area of its own
    assert "下水道" not in client.get("/insight/topics/").content.decode()
    client.force_login(loop.resident)
    assert client.get("/insight/topics/").status_code == 404
