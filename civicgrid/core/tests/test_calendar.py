"""The calendar table: seeded from chinese-calendar, kept by administrators, read per process."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.core import calendar_services
from civicgrid.core.models import CalendarDay, CalendarYear
from civicgrid.core.working_time import add_working_time, current_calendar

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_official_years_are_seeded():
    assert CalendarYear.objects.filter(year=2026).exists()
    spring = CalendarDay.objects.get(date=dt.date(2026, 2, 17))
    assert (
        spring.kind == "holiday" and spring.name == "春节" and spring.name_en == "Spring Festival"
    )
    assert CalendarDay.objects.filter(kind="workday", date__year=2026).exists()


def test_current_calendar_follows_admin_changes():
    # 2026-12-01 is a Tuesday: a working day, until an administrator marks it a holiday
    start = dt.datetime(2026, 11, 30, 17, tzinfo=SH)
    assert add_working_time(start, 1) == dt.datetime(2026, 12, 1, 9, 30, tzinfo=SH)
    calendar_services.calendar_day_save(
        day=CalendarDay(date=dt.date(2026, 12, 1), kind="holiday", name="测试假日")
    )
    assert add_working_time(start, 1) == dt.datetime(2026, 12, 2, 9, 30, tzinfo=SH)
    assert dt.date(2026, 12, 1) in current_calendar().holidays


def test_next_year_is_missing_until_entered():
    assert calendar_services.missing_years(dt.date(2026, 11, 23)) == [2027]
    calendar_services.calendar_year_save(year=CalendarYear(year=2027, note="国办发明电〔2026〕"))
    assert calendar_services.missing_years(dt.date(2026, 11, 23)) == []
    assert 2027 in current_calendar().known_years


def test_admin_warns_about_a_missing_year(client, tree):
    admin = user_with_role("dadmin", tree.district, Role.ADMIN)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    response = client.get("/admin/core/calendarday/", follow=True)
    assert response.status_code == 200
    year = dt.date.today().year + 1
    assert str(year) in response.content.decode()


def test_street_admin_cannot_edit_the_calendar(client, tree):
    admin = user_with_role("sadmin", tree.street, Role.ADMIN)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/core/calendarday/").status_code == 403
