"""GET /meetings gives, for each resolution's follow-up task, the case it became (its id, number
and state) — null when it is none, and for a published meeting outside the caller's areas — at
a fixed number of queries however many meetings, tasks and cases."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.cases.tests.fixtures import walk
from civicgrid.participation import councils

from .fixtures import SH

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 5, 6, 19, tzinfo=SH)


def _meeting(micro, council, title, tasks=2, cased=1, day=DAY, unit=None):
    """A held meeting with a passed resolution, its ``tasks`` follow-ups, the first ``cased``
    of them made cases."""
    meeting = councils.meeting_call(
        actor=micro.council, area=micro.call.area, kind="session", council=council, title=title,
        agenda="1. 议题", starts_at=day, place="社区活动室", invite=[("王工", "示范区住建委")],
    )  # fmt: skip
    for attendee in meeting.attendees.all():
        councils.attendee_sign_in(actor=micro.council, attendee=attendee, now=day)
    councils.meeting_hold(actor=micro.council, meeting=meeting, minutes="充分讨论。")
    passed = councils.resolution_record(actor=micro.council, meeting=meeting, text="同意",
                                        votes_for=1, votes_against=0, abstentions=0)  # fmt: skip
    made = []
    for n in range(tasks):
        task = councils.follow_up_add(actor=micro.council, resolution=passed,
                                      task=f"{title}任务{n + 1}", due_on=dt.date(2026, 6, 1 + n),
                                      unit=unit)  # fmt: skip
        if n < cased:
            task = councils.follow_up_report(actor=micro.council, follow_up=task,
                                             case_class="AP005")  # fmt: skip
        made.append(task)
    return meeting, made


@pytest.fixture
def council(micro):
    return councils.council_create(
        actor=micro.manager, area=micro.call.area, kind="residents", name="东一社区居民议事会",
        term_from=dt.date(2026, 1, 1), term_until=dt.date(2030, 12, 31), seats=3,
    )  # fmt: skip


def _tasks(client, user, **query):
    got = client.get("/api/v1/meetings", query, **bearer(user))
    assert got.status_code == 200, got.content
    return {t["task"]: t for m in got.json() for r in m["resolutions"] for t in r["tasks"]}


def test_each_task_gives_the_case_it_became(client, micro, council, loop):
    meeting, (cased, plain) = _meeting(micro, council, "加装电梯", unit=loop.department)
    tasks = _tasks(client, micro.council)
    assert tasks[plain.task]["case"] is None and tasks[plain.task]["solved"] is False
    case = cased.case
    assert tasks[cased.task]["case"] == {"id": case.pk, "number": case.number,
                                         "state": case.state}  # fmt: skip
    assert tasks[cased.task]["unit"] == loop.department.code and not tasks[cased.task]["solved"]
    walk(case, loop, now=timezone.now())
    tasks = _tasks(client, micro.council)
    assert tasks[cased.task]["case"]["state"] == "closed" and tasks[cased.task]["solved"]
    # outside the community: not its meetings at all
    assert _tasks(client, loop.outsider) == {}
    # published: its summary and tasks for everyone, the cases for those who work there only
    councils.meeting_publish(actor=micro.council, meeting=meeting, summary="同意加装电梯。")
    public = _tasks(client, loop.outsider, published="true")
    assert set(public) == {cased.task, plain.task}
    assert {t["case"] for t in public.values()} == {None}
    assert _tasks(client, loop.resident, published="true")[cased.task]["case"] is None
    mine = _tasks(client, micro.council, published="true")
    assert mine[cased.task]["case"]["number"] == case.number


def test_the_meetings_take_a_fixed_number_of_queries(client, micro, council, loop):
    first, _ = _meeting(micro, council, "加装电梯", unit=loop.department)
    councils.meeting_publish(actor=micro.council, meeting=first, summary="同意。")
    headers = bearer(micro.council)

    def counted(**query):
        with CaptureQueriesContext(connection) as queries:
            got = client.get("/api/v1/meetings", query, **headers)
        assert got.status_code == 200
        return len(queries)

    counted()  # the first request warms the caches (the token, the grants)
    before = (counted(), counted(published="true"))
    for n in range(3):
        meeting, _ = _meeting(micro, council, f"议题{n}", tasks=3, cased=2,
                              day=DAY + dt.timedelta(days=n + 1), unit=loop.department)  # fmt: skip
        councils.meeting_publish(actor=micro.council, meeting=meeting, summary="通过。")
    assert (counted(), counted(published="true")) == before
    got = client.get("/api/v1/meetings", **headers).json()
    cases = [t["case"] for m in got for r in m["resolutions"] for t in r["tasks"]]
    assert len(cases) == 11 and sum(c is not None for c in cases) == 7
