"""A workbench's counts (selectors.state_counts) are read in two parts — the user's area from its
index, then what else the user sees outside it — and must add up to what visible_to selects."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from civicgrid.cases import selectors
from civicgrid.cases.models import RUNNING_Q, Case
from civicgrid.cases.services import Report, case_report

from .fixtures import walk

pytestmark = pytest.mark.django_db


def naive(user, now):
    """The counts as visible_to selects them, one case at a time."""
    counts = Counter()
    visible = Case.objects.visible_to(user)
    for case in visible.filter(state__in=list(selectors.OPEN_STATES)):
        counts[case.state] += 1
    running = visible.filter(RUNNING_Q)
    counts["red"] = running.filter(red_at__lte=now).count()
    counts["yellow"] = running.filter(yellow_at__lte=now).count() - counts["red"]
    return dict(counts)


def test_counts_add_up_to_what_each_user_sees(loop):
    now = timezone.now()

    def report(actor, channel, lon=121.41, lat=31.12):
        return case_report(
            actor=actor,
            report=Report(
                case_class="06010", answers={"volume": "small"}, lon=lon, lat=lat,
                channel=channel, reporter_name="王", reporter_phone="13812345678",
            ),
        )  # fmt: skip

    cases = [report(loop.operator, "hotline") for _ in range(6)]
    walk(cases[0], loop, until="dispatch", now=now)  # assigned to the handler's department
    walk(cases[1], loop, until="sign", now=now)
    walk(cases[2], loop, now=now)  # closed: not counted
    Case.objects.filter(pk=cases[1].pk).update(
        yellow_at=now - dt.timedelta(hours=2), red_at=now - dt.timedelta(hours=1)
    )
    Case.objects.filter(pk=cases[0].pk).update(
        yellow_at=now - dt.timedelta(hours=1), red_at=now + dt.timedelta(hours=1)
    )
    Case.objects.filter(pk=cases[3].pk).update(
        suspended_at=now, yellow_at=now - dt.timedelta(hours=1)
    )  # suspended: no card
    # a case the outsider reported on patrol in their own grid, then moved out of it (a
    # correction of place): outside their area, still theirs to see
    mine = report(loop.outsider, "patrol", lon=121.46, lat=31.12)
    Case.objects.filter(pk=mine.pk).update(grid=cases[4].grid, yellow_at=now - dt.timedelta(1))
    users = [
        loop.operator, loop.shift_lead, loop.dispatcher, loop.supervisor, loop.handler,
        loop.other_handler, loop.leader, loop.resident, loop.outsider, AnonymousUser(),
    ]  # fmt: skip
    seen = {}
    for user in users:
        counted = selectors.state_counts(user=user, now=now)
        assert counted == {"red": 0, "yellow": 0, **naive(user, now)}, user
        seen[str(user)] = counted
        for role in selectors.QUEUES:
            queued = selectors.queue(user=user, role=role, now=now).order_by().values("pk")
            assert selectors.queue_count(user=user, role=role, now=now) == queued.count()
        due = Q(due_at__lte=now + dt.timedelta(days=3))
        visible = Case.objects.visible_to(user)
        assert (
            selectors.visible_count(user, RUNNING_Q, due) == visible.filter(RUNNING_Q, due).count()
        )
    assert seen["handler"]["red"] == 1 and seen["handler"]["yellow"] == 1
    # the handler's queue: what they see, assigned to their units, waiting for a handler
    mine = {
        c.pk
        for c in Case.objects.visible_to(loop.handler)
        if c.state in ("dispatched", "handling", "reopened")
        and any(a.active and a.unit_id == loop.department.pk for a in c.assignments.all())
    }
    queued = {c.pk for c in selectors.queue(user=loop.handler, role="handler", now=now)}
    assert queued == mine == {cases[0].pk, cases[1].pk}
    assert not selectors.queue(user=loop.other_handler, role="handler", now=now).exists()
    assert seen["outsider"]["yellow"] == 1 and seen["outsider"]["reported"] == 1
