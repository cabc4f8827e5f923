"""Councils and elections (turnout, majority, ties), meetings (invitations, sign-in, minutes,
resolutions by votes, follow-ups that become cases, published summaries), opinions routed and
resolved with the resolution rate, and claims with their service hours."""

import datetime as dt
from decimal import Decimal

import pytest

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.core.errors import DomainError
from civicgrid.participation import councils, opinions
from civicgrid.participation.models import CouncilMember, Opinion

from .fixtures import SH

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 5, 6, 19, tzinfo=SH)


@pytest.fixture
def council(micro):
    return councils.council_create(
        actor=micro.manager,
        area=micro.call.area,
        kind="residents",
        name="东一社区居民议事会",
        term_from=dt.date(2026, 1, 1),
        term_until=dt.date(2030, 12, 31),
        seats=3,
    )


def people(micro):
    return [p for p, _, _ in micro.residents]


def test_an_election_stands_and_seats_the_majority(micro, council):
    a, b, c, d, *_ = people(micro)
    base = {
        "actor": micro.manager,
        "council": council,
        "held_on": dt.date(2026, 1, 10),
        "seats": 3,
        "eligible": 100,
    }
    with pytest.raises(DomainError) as caught:  # half the roll is not more than half
        councils.election_record(**base, ballots=50, invalid=0, candidates=[(a, 40)] * 3)
    assert caught.value.code == "not_valid"
    with pytest.raises(DomainError) as caught:
        councils.election_record(
            **base, ballots=80, invalid=0, candidates=[(a, 81), (b, 1), (c, 1)]
        )
    assert caught.value.field == "candidates.0"
    with pytest.raises(DomainError) as caught:  # a tie for the third seat
        councils.election_record(
            **base, ballots=80, invalid=4, candidates=[(a, 70), (b, 60), (c, 50), (d, 50)]
        )
    assert caught.value.code == "tie"
    outsider = micro.outsider[0]
    with pytest.raises(DomainError) as caught:
        councils.election_record(**base, ballots=80, invalid=0, candidates=[(outsider, 50)] * 3)
    assert caught.value.code == "not_eligible"
    # 76 valid: a majority is 39 or more; d has 30 and is not elected although a seat is free
    done = councils.election_record(
        **base, ballots=80, invalid=4, candidates=[(a, 70), (b, 60), (c, 39), (d, 30)]
    )
    assert done.turnout == Decimal("80.0")
    assert {x.person for x in done.candidates.filter(elected=True)} == {a, b, c}
    assert set(
        councils.current_members(council, dt.date(2026, 2, 1)).values_list("person", flat=True)
    ) == {a.pk, b.pk, c.pk}


def test_a_meeting_from_call_to_published_summary(micro, council, loop):
    a, b, *_ = people(micro)
    for person in (a, b):
        councils.member_add(
            actor=micro.manager, council=council, person=person, term_from=dt.date(2026, 1, 1)
        )
    meeting = councils.meeting_call(
        actor=micro.council,
        area=micro.call.area,
        kind="hearing",
        council=council,
        title="加装电梯听证会",
        agenda="1. 加装电梯方案\n2. 费用分摊",
        starts_at=DAY,
        place="社区活动室",
        invite=[("王工", "示范区住建委"), ("赵经理", "物业公司")],
    )
    assert meeting.attendees.count() == 4  # the two members and the two invited
    with pytest.raises(DomainError) as caught:
        councils.meeting_hold(actor=micro.council, meeting=meeting, minutes="……")
    assert caught.value.field == "meeting"  # nobody signed in
    attendees = list(meeting.attendees.all())
    with pytest.raises(DomainError):  # sign-in is on the day
        councils.attendee_sign_in(
            actor=micro.council, attendee=attendees[0], now=DAY - dt.timedelta(1)
        )
    for attendee in attendees[:3]:
        councils.attendee_sign_in(actor=micro.council, attendee=attendee, now=DAY)
    with pytest.raises(DomainError):
        councils.resolution_record(
            actor=micro.council,
            meeting=meeting,
            text="同意",
            votes_for=2,
            votes_against=0,
            abstentions=0,
        )
    councils.meeting_hold(actor=micro.council, meeting=meeting, minutes="与会人员充分讨论。")
    with pytest.raises(DomainError) as caught:  # 4 votes, 3 present
        councils.resolution_record(
            actor=micro.council,
            meeting=meeting,
            text="同意",
            votes_for=3,
            votes_against=1,
            abstentions=0,
        )
    assert caught.value.field == "votes_for"
    failed = councils.resolution_record(
        actor=micro.council,
        meeting=meeting,
        text="由居民自筹",
        votes_for=1,
        votes_against=2,
        abstentions=0,
    )
    passed = councils.resolution_record(
        actor=micro.council,
        meeting=meeting,
        text="申请加装电梯补贴",
        votes_for=2,
        votes_against=0,
        abstentions=1,
    )
    assert (failed.passed, passed.passed) == (False, True)
    with pytest.raises(DomainError):
        councils.follow_up_add(
            actor=micro.council, resolution=failed, task="x", due_on=dt.date(2026, 6, 1)
        )
    task = councils.follow_up_add(
        actor=micro.council,
        resolution=passed,
        task="向住建委提交补贴申请",
        due_on=dt.date(2026, 6, 1),
        unit=loop.department,
    )
    task = councils.follow_up_report(actor=micro.council, follow_up=task, case_class="AP005")
    assert task.case.channel == "liaison" and "补贴申请" in task.case.description
    assert task.case.grid.path.startswith(micro.call.area.path)
    councils.meeting_publish(
        actor=micro.council, meeting=meeting, summary="会议同意申请加装电梯补贴。"
    )
    with pytest.raises(DomainError) as caught:  # not someone of another community
        councils.meeting_cancel(actor=loop.outsider, meeting=meeting)
    assert caught.value.code == "forbidden"


def test_opinions_are_routed_resolved_and_rated(micro, council):
    area, m = micro.call.area, micro.council
    first = opinions.opinion_collect(actor=m, area=area, channel="visit", text="小区路灯太暗")
    second = opinions.opinion_collect(
        actor=m, area=area, channel="meeting", text="希望增加儿童游乐设施"
    )
    third = opinions.opinion_collect(
        actor=None, area=area, channel="portal", text="垃圾分类点气味大"
    )
    fourth = opinions.opinion_collect(actor=m, area=area, channel="liaison", text="建议设置快递柜")
    with pytest.raises(DomainError):
        opinions.opinion_collect(actor=None, area=area, channel="visit", text="x")
    opinions.opinion_route(actor=m, opinion=first, to="case", case_class="AP005")
    with pytest.raises(DomainError) as caught:
        opinions.opinion_route(actor=m, opinion=first, to="case", case_class="AP005")
    assert caught.value.code == "decided"
    opinions.opinion_route(actor=m, opinion=second, to="proposal", proposal=micro.proposals[2])
    meeting = councils.meeting_call(
        actor=m,
        area=area,
        kind="session",
        council=council,
        title="议事会例会",
        agenda="1. 例行事项",
        starts_at=DAY,
        place="社区",
    )
    opinions.opinion_route(actor=m, opinion=third, to="agenda", meeting=meeting)
    meeting.refresh_from_db()
    assert "垃圾分类点气味大" in meeting.agenda
    opinions.opinion_resolve(actor=m, opinion=fourth, resolution="已协调快递公司设柜")
    # the proposal was deliberated (fixture) → resolved; the case is open, the meeting planned
    rates = opinions.resolution_rates(
        areas=[area], start=dt.date(2000, 1, 1), end=dt.date(2100, 1, 1)
    )
    assert rates[0] | {"area": None} == {
        "area": None,
        "collected": 4,
        "resolved": 2,
        "rate": Decimal("50.0"),
    }
    assert set(Opinion.objects.filter(opinions.RESOLVED)) == {second, fourth}


def test_claims_and_service_hours(micro, loop):
    party = unit_for(micro.call.area, UnitKind.RESIDENT_UNIT)
    opinions.claim_record(
        actor=micro.council,
        area=micro.call.area,
        claimant="party",
        unit=party,
        task="楼道清扫志愿服务",
        hours=Decimal("12.5"),
    )
    opinions.claim_record(
        actor=micro.council,
        area=micro.call.area,
        claimant="volunteer",
        volunteer="志愿者甲",
        task="陪伴独居老人",
        hours=Decimal(3),
    )
    for kw, field in (({"claimant": "unit"}, "unit"), ({"task": ""}, "task"),
                      ({"hours": Decimal(-1)}, "hours"), ({"claimant": "x"}, "claimant")):  # fmt: skip
        args = {"claimant": "party", "unit": party, "task": "t", "hours": Decimal(1), **kw}
        if kw.get("claimant") == "unit":
            args["unit"] = None
        with pytest.raises(DomainError) as caught:
            opinions.claim_record(actor=micro.council, area=micro.call.area, **args)
        assert caught.value.field == field
    today = dt.date.today()
    assert opinions.service_hours(party, today - dt.timedelta(1), today) == Decimal("12.5")
    assert CouncilMember.objects.count() == 0
