"""Database rate counters: shared by every process, fixed windows, pruned."""

import pytest

from civicgrid.core.models import RateCounter
from civicgrid.core.ratelimit import KEEP_SECONDS, Limit, prune

pytestmark = pytest.mark.django_db
T = 1_800_000_000.0  # a window boundary for 60-second windows


def test_hits_count_up_to_the_limit_then_refuse():
    limit = Limit("t", 3, 60)
    assert [limit.hit("a", now=T + i) for i in range(5)] == [True, True, True, False, False]
    assert limit.used("a", now=T) == 5 and limit.exceeded("a", now=T)
    assert limit.hit("b", now=T) and not limit.exceeded("b", now=T)  # subjects are separate
    assert RateCounter.objects.count() == 2


def test_a_new_window_starts_afresh():
    limit = Limit("t", 1, 60)
    assert limit.hit("a", now=T + 59) and not limit.hit("a", now=T + 59.5)
    assert limit.hit("a", now=T + 60)


def test_zero_turns_a_limit_off():
    limit = Limit("t", 0, 60)
    assert all(limit.hit("a", now=T) for _ in range(10)) and not limit.exceeded("a", now=T)
    assert not RateCounter.objects.exists()


def test_prune_forgets_windows_older_than_two_days():
    limit = Limit("t", 5, 3600)
    limit.hit("old", now=T - 3 * 86400)
    limit.hit("new", now=T - 3600)
    # rows other tests left outside their transactions (a live server's requests) are pruned
    # too when they are old enough: counted apart, by the same rule
    others = RateCounter.objects.exclude(key__startswith="t:")
    old_others = others.filter(window_start__lt=T - KEEP_SECONDS).count()
    assert prune(now=T) == 1 + old_others
    assert list(RateCounter.objects.filter(key__startswith="t:").values_list("key", flat=True)) == [
        "t:new"
    ]
