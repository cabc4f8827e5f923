"""Per-process caches follow their version stamp: at once in the writing process, within the
recheck interval in the others."""

import itertools

import pytest

from civicgrid.core import stamped
from civicgrid.core.models import Stamp
from civicgrid.core.stamped import StampedCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(settings):
    settings.CIVICGRID_CACHE_RECHECK = 3600
    builds = []

    def build():
        builds.append(Stamp.read("test.cache"))
        return len(builds)

    cache = StampedCache("test.cache", build)
    yield cache, builds
    StampedCache._every.remove(cache)


def test_built_once_then_served_without_a_query(counted, django_assert_num_queries):
    cache, builds = counted
    assert cache.get() == 1
    with django_assert_num_queries(0):
        assert cache.get() == 1
    assert len(builds) == 1


def test_the_writing_process_sees_its_change_at_once(counted):
    cache, _ = counted
    assert cache.get() == 1
    cache.changed()
    assert cache.get() == 2


def test_another_process_change_is_seen_after_the_recheck_interval(counted, settings):
    cache, _ = counted
    assert cache.get() == 1
    Stamp.bump("test.cache")  # as another process would
    assert cache.get() == 1  # within the interval: the copy stands
    settings.CIVICGRID_CACHE_RECHECK = 0
    assert cache.get() == 2
    assert cache.get() == 2  # the stamp did not move again: no rebuild


def test_forget_all_drops_every_cache(counted):
    cache, builds = counted
    cache.get()
    StampedCache.forget_all()
    cache.get()
    assert len(builds) == 2


def test_bump_creates_then_replaces_the_token():
    assert Stamp.read("new.key") == 0
    Stamp.bump("new.key")
    first = Stamp.read("new.key")
    Stamp.bump("new.key")
    assert Stamp.read("new.key") not in (0, first)
    assert Stamp.objects.filter(key="new.key").count() == 1


def test_due_rechecks_read_every_stamp_in_one_query(counted, django_assert_num_queries):
    cache, _ = counted
    other = StampedCache("test.other", itertools.count(1).__next__)
    try:
        cache.get(), other.get()
        Stamp.bump("test.other")  # as another process would
        cache._checked_at = other._checked_at = float("-inf")  # both rechecks due
        stamped._STAMPS.stale()  # the snapshot of stamps is as old as the interval
        with django_assert_num_queries(1):  # both stamps in one read
            assert cache.get() == 1  # its stamp did not move: no rebuild
            assert other.get() == 2  # its stamp moved: built again
    finally:
        StampedCache._every.remove(other)
