"""A street's consultation committee (民意民智协调委员会, DOMAIN.md §18) with known answers: it sits
in a street (nowhere else), its members are the street's residents; notices reach the members'
inboxes (a community council's member gets none); its quarterly meetings and its members'
opinions — about the street as a whole too, routed as cases — are counted; its members rate the
street's work in the shipped template's group item, nobody else does."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.permissions import can_convene
from civicgrid.accounts.tests.factories import bearer, unit_for, user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.evaluation import groups
from civicgrid.evaluation.assessments import round_start, scheme_copy
from civicgrid.evaluation.models import ItemScore, Scheme
from civicgrid.notifications.models import Notification
from civicgrid.participation import councils, opinions
from civicgrid.participation.figures import counts
from civicgrid.participation.models import Council, Meeting, Opinion
from civicgrid.registry.tests.factories import person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def committee(loop):
    tree = loop.tree
    leader = user_with_role("st_leader", tree.street, Role.LEADER)
    council = councils.council_create(
        actor=leader, area=tree.street, kind=Council.Kind.STREET, name="东街道民意民智协调委员会",
        term_from=TODAY - dt.timedelta(days=100), term_until=TODAY + dt.timedelta(days=900),
        seats=15,
    )  # fmt: skip
    return type("C", (), dict(
        loop=loop, tree=tree, leader=leader, council=council,
        member=user_with_role("st_member", tree.street, Role.COUNCIL_MEMBER),
        resident_rep=user_with_role("c_rep", tree.community, Role.COUNCIL_MEMBER),
        outsider=user_with_role("st_out", tree.other_street, Role.LEADER),
    ))  # fmt: skip


def test_it_sits_in_a_street_and_tells_its_members(committee, client):
    c = committee
    with pytest.raises(DomainError) as info:
        councils.council_create(actor=c.leader, area=c.tree.community, kind="street", name="x",
                                term_from=TODAY, term_until=TODAY + dt.timedelta(days=9))  # fmt: skip
    assert info.value.field == "area"
    # the committee's member acts in the street itself, not in each of its communities; a
    # community's council member acts in the community
    assert can_convene(c.member, c.tree.street) and not can_convene(c.member, c.tree.community)
    assert can_convene(c.resident_rep, c.tree.community)
    councils.member_add(actor=c.leader, council=c.council, person=person("周", c.tree.grid1))
    with pytest.raises(DomainError):  # a resident of another street
        councils.member_add(actor=c.leader, council=c.council,
                            person=person("吴", c.tree.other_grid, 2))  # fmt: skip
    notice = councils.notice_send(actor=c.leader, council=c.council, title="2027 年重点工作征求意见",
                                  body="请于下周五前提出意见")  # fmt: skip
    told = Notification.objects.filter(kind="notice")
    assert [n.user for n in told] == [c.member] and told[0].title == notice.title
    client.force_login(c.leader)  # the council's page shows it; the other street's: 404
    url = reverse("participation:council", args=[c.council.pk])
    assert "2027 年重点工作征求意见" in client.get(url).content.decode()
    client.force_login(c.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    api = f"/api/v1/councils/{c.council.pk}/notices"
    assert client.get(api, **bearer(c.leader)).json()[0]["title"] == notice.title
    assert client.get(api, **bearer(c.outsider)).status_code == 404
    sent = client.post(api, {"title": "<b>x</b>", "body": ""}, content_type="application/json",
                       **bearer(c.leader))  # fmt: skip
    assert sent.status_code == 400 and sent.json()["field"] == "body"


def test_meetings_and_opinions_counted(committee):
    c = committee
    now = timezone.now()
    meeting = councils.meeting_call(
        actor=c.leader, area=c.tree.street, kind=Meeting.Kind.CONSULTATION, title="第四季度协调会",
        agenda="评议街道重点工作", starts_at=now, place="街道党群服务中心", council=c.council,
        invite=[("周", "居民代表", "resident")],
    )  # fmt: skip
    with pytest.raises(DomainError) as info:  # a consultation meeting sits in a street
        councils.meeting_call(actor=c.leader, area=c.tree.community, kind="consultation",
                              title="x", agenda="x", starts_at=now, place="x")  # fmt: skip
    assert info.value.field == "area"
    councils.attendee_sign_in(actor=c.leader, attendee=meeting.attendees.first(), now=now)
    councils.meeting_hold(actor=c.leader, meeting=meeting, minutes="委员提出三条意见", now=now)
    said = opinions.opinion_collect(actor=c.member, area=c.tree.street,
                                    channel=Opinion.Channel.COMMITTEE,
                                    text="街道主干道夜间照明不足")  # fmt: skip
    with pytest.raises(DomainError):  # only the committee's opinions may be about a street
        opinions.opinion_collect(actor=c.leader, area=c.tree.street, channel="visit", text="x")
    opinions.opinion_route(actor=c.leader, opinion=said, to="case", case_class="AP005")
    said.refresh_from_db()
    assert said.case is not None and said.case.grid.path.startswith(c.tree.street.path)
    got = counts([c.tree.street], TODAY, TODAY)[c.tree.street.pk]
    assert got["pt_consultation_meetings"] == 1 and got["pt_committee_opinions"] == 1
    assert got["pt_committee_opinions_resolved"] == 0


def test_its_members_rate_the_street(committee):
    c = committee
    office = unit_for(c.tree.street, UnitKind.STREET_OFFICE)
    scheme = scheme_copy(Scheme.objects.get(template=True, name="街道工作实绩评议"),
                         name="2026 街道评议")  # fmt: skip
    rnd = round_start(scheme=scheme, name="2026 年街道工作实绩评议", period="2026",
                      subjects=[office], scoring_due=TODAY + dt.timedelta(days=10),
                      appeals_due=TODAY + dt.timedelta(days=20))  # fmt: skip
    a = rnd.assessments.get(unit=office)
    item = scheme.items.get(rated_by="consultation")
    assert groups.groups_of(c.member, a) == {"consultation"}
    assert groups.groups_of(c.resident_rep, a) == set()  # a community's council member
    assert groups.groups_of(c.leader, a) == set()
    groups.group_rate(assessment=a, item=item, value="4", actor=c.member)
    assert ItemScore.objects.get(assessment=a, item=item).points == Decimal("40.00")
