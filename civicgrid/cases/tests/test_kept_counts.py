"""Counts over a wide scope kept a moment (core/kept.py): a slow count is kept for a minute for
everyone who sees exactly the same cases, and never shared with anyone who sees others."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.cases import selectors
from civicgrid.cases.services import Report, case_report
from civicgrid.core import kept
from civicgrid.web.workbench import workbench

from .fixtures import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_all(settings):
    settings.CIVICGRID_KEEP_COUNTS_AFTER = 0  # every count is "slow"
    cache.clear()
    yield
    cache.clear()


def report(loop):
    return case_report(
        actor=loop.operator,
        report=Report(
            case_class="06010", answers={"volume": "small"}, lon=121.41, lat=31.12,
            channel="hotline", reporter_name="王", reporter_phone="13812345678",
        ),
    )  # fmt: skip


def reported(user) -> int:
    return selectors.state_counts(user=user).get("reported", 0)


def test_a_slow_count_is_kept_for_the_same_scope_only(loop, keep_all):
    report(loop)
    assert reported(loop.leader) == 1
    report(loop)
    assert reported(loop.leader) == 1  # kept: the same scope a moment later
    # the dispatcher sees the same district: the same SQL, the same kept count
    assert selectors.state_counts(user=loop.dispatcher) == selectors.state_counts(user=loop.leader)
    # asked at a given time, never kept
    assert selectors.state_counts(user=loop.leader, now=timezone.now())["reported"] == 2
    cache.clear()
    assert reported(loop.leader) == 2


def test_scopes_that_differ_never_share_a_count(loop, keep_all):
    case = report(loop)
    assert reported(loop.leader) == 1
    assert reported(loop.outsider) == 0  # another area: a count of its own
    walk(case, loop, until="dispatch")
    assert selectors.queue_count(user=loop.handler, role=Role.HANDLER) == 1
    # the other department's handler: the same area, other units: a count of their own
    assert selectors.queue_count(user=loop.other_handler, role=Role.HANDLER) == 0
    assert selectors.queue_count(user=loop.handler, role=Role.HANDLER) == 1


def test_a_quick_count_is_always_afresh(loop, settings):
    settings.CIVICGRID_KEEP_COUNTS_AFTER = 10  # seconds: nothing here is that slow
    cache.clear()
    report(loop)
    assert reported(loop.leader) == 1
    report(loop)
    assert reported(loop.leader) == 2


def test_the_workbench_says_how_old_its_figures_are(loop, keep_all, monkeypatch):
    report(loop)
    earlier = timezone.now() - dt.timedelta(seconds=40)
    monkeypatch.setattr(kept.timezone, "now", lambda: earlier)
    selectors.state_counts(user=loop.leader)  # kept 40 seconds ago
    monkeypatch.undo()
    figures = workbench(loop.leader)
    assert figures["at"] == earlier
    assert workbench(loop.leader, now=timezone.now())["at"] > earlier  # asked at a time: afresh


def test_the_first_cases_are_kept_but_read_afresh(loop, keep_all):
    """Which cases come first in a wide queue is kept a moment; the cases themselves are read
    afresh, and one that no longer waits for the role drops out at once."""
    from civicgrid.cases.services import case_transition

    first, second = report(loop), report(loop)
    for case in (first, second):
        walk(case, loop, until="register")
    numbers = [u.number for u in workbench(loop.dispatcher)["urgent"]]
    assert sorted(numbers) == sorted([first.number, second.number])
    case_transition(case_id=first.pk, action="dispatch", actor=loop.dispatcher)
    third = walk(report(loop), loop, until="register")
    assert [u.number for u in workbench(loop.dispatcher)["urgent"]] == [second.number]
    live = workbench(loop.dispatcher, now=timezone.now())["urgent"]
    assert sorted(u.number for u in live) == sorted([second.number, third.number])
