"""Announcements: recorded only for topics a forwarder passes on, taken oldest first, and kept
when the forwarder fails (at least once)."""

import datetime as dt

import pytest

from civicgrid.notifications import announcements
from civicgrid.notifications.models import Announcement

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def test_nothing_is_recorded_of_a_topic_nobody_forwards():
    assert announcements.announcements_record(topic="case.created", payloads=[{"n": 1}]) == []
    announcements.announcement_topics_set(forwarder="hooks", topics={"case.created"})
    assert announcements.announcement_wanted("case.created")
    assert not announcements.announcement_wanted("case.rated")
    (row,) = announcements.announcements_record(
        topic="case.created", payloads=[{"at": AT, "n": 1}], now=AT
    )
    row.refresh_from_db()
    assert row.payload == {"at": "2026-11-23T01:00:00Z", "n": 1} and row.created_at == AT
    announcements.announcement_topics_set(forwarder="hooks", topics=set())
    assert not announcements.announcement_wanted("case.created")


def test_each_forwarder_keeps_its_own_topics():
    announcements.announcement_topics_set(forwarder="a", topics={"x", "y"})
    announcements.announcement_topics_set(forwarder="b", topics={"y"})
    announcements.announcement_topics_set(forwarder="a", topics={"z"})
    assert {t for t in "xyz" if announcements.announcement_wanted(t)} == {"y", "z"}


def test_taken_oldest_first_and_kept_when_the_forwarder_fails():
    announcements.announcement_topics_set(forwarder="hooks", topics={"t"})
    announcements.announcements_record(topic="t", payloads=[{"n": n} for n in range(5)])
    seen = []

    def broken(batch):
        seen.extend(a.payload["n"] for a in batch)
        raise ConnectionError("down")

    with pytest.raises(ConnectionError):
        announcements.announcements_take(handle=broken, limit=3)
    assert seen == [0, 1, 2] and Announcement.objects.count() == 5  # nothing lost
    seen.clear()
    assert announcements.announcements_take(handle=lambda b: seen.extend(b), limit=3) == 3
    assert [a.payload["n"] for a in seen] == [0, 1, 2]
    assert [a.payload["n"] for a in Announcement.objects.all()] == [3, 4]
