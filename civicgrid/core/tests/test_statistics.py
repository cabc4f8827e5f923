"""SQLite's planner statistics are refreshed once a day by the figures' refresh; PostgreSQL keeps
its own."""

import datetime as dt

import pytest
from django.db import connection

from civicgrid.core.bulk import keep_sqlite_statistics

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC)


def test_once_a_day_on_sqlite_only():
    if connection.vendor != "sqlite":
        assert keep_sqlite_statistics(DAY) is False
        return
    assert keep_sqlite_statistics(DAY) is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 1
    assert keep_sqlite_statistics(DAY + dt.timedelta(hours=5)) is False  # the same day
    assert keep_sqlite_statistics(DAY + dt.timedelta(days=1)) is True
