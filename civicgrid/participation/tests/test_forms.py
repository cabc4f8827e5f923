"""Every form of participation's pages refuses a hostile value — HTML, a formula, a huge string,
a wrong type, a row one may not pick — with a message naming the field by its label, and
changes nothing."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.participation import councils, opinions, tally
from civicgrid.participation.models import (
    Attendee,
    Call,
    Claim,
    Council,
    CouncilMember,
    Election,
    FollowUp,
    Meeting,
    MeetingStep,
    Milestone,
    Opinion,
    PaperEntry,
    Project,
    Proposal,
    Rating,
    Resolution,
    Spending,
    Voter,
)
from civicgrid.participation.voting import ballot_cast

from .fixtures import CLOSED, SH, VOTING

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 5, 6, 19, tzinfo=SH)


@dataclass
class Place:
    micro: object
    project: Project
    council: Council
    planned: Meeting
    held: Meeting
    resolution: Resolution
    follow_up: FollowUp
    opinion: Opinion
    resident: object


@pytest.fixture
def place(micro, django_user_model):
    ballot_cast(call=micro.call, person=micro.residents[0][0], choices=[micro.proposals[1].pk],
                now=VOTING)  # fmt: skip
    tally.call_tally(actor=micro.manager, call=micro.call, now=CLOSED)
    area, m = micro.call.area, micro.council
    council = councils.council_create(
        actor=micro.manager, area=area, kind="residents", name="议事会",
        term_from=dt.date(2026, 1, 1), term_until=dt.date(2030, 12, 31), seats=3,
    )  # fmt: skip

    def meeting():
        made = councils.meeting_call(actor=m, area=area, kind="hearing", title="听证会",
                                     agenda="议程", starts_at=DAY, place="社区",
                                     invite=[("王工", "住建委")])  # fmt: skip
        councils.attendee_sign_in(actor=m, attendee=made.attendees.get(), now=DAY)
        return made

    planned, held = meeting(), meeting()
    councils.meeting_hold(actor=m, meeting=held, minutes="纪要", now=DAY)
    resolution = councils.resolution_record(actor=m, meeting=held, text="同意", votes_for=1,
                                            votes_against=0, abstentions=0)  # fmt: skip
    follow_up = councils.follow_up_add(actor=m, resolution=resolution, task="跟进",
                                       due_on=dt.date(2026, 6, 1))  # fmt: skip
    return Place(
        micro=micro, project=Project.objects.get(), council=council, planned=planned, held=held,
        resolution=resolution, follow_up=follow_up,
        opinion=opinions.opinion_collect(actor=m, area=area, channel="visit", text="路灯太暗"),
        resident=django_user_model.objects.create_user("r1", password="pw-for-tests-123"),
    )  # fmt: skip


def state() -> tuple:
    """What a refused form must leave as it was."""
    return (
        Call.objects.count(), Proposal.objects.filter(status="submitted").count(),
        Voter.objects.count(), PaperEntry.objects.count(),
        list(Project.objects.values_list("progress", "implementer", "accepted_by")),
        Milestone.objects.count(), Spending.objects.count(), Rating.objects.count(),
        Council.objects.count(), CouncilMember.objects.count(), Election.objects.count(),
        Meeting.objects.count(), list(Meeting.objects.values_list("status", "summary")),
        MeetingStep.objects.count(), Attendee.objects.exclude(signed_in_at=None).count(),
        Resolution.objects.count(), FollowUp.objects.count(),
        FollowUp.objects.exclude(case=None).count(),
        list(Opinion.objects.values_list("route", "resolution")), Claim.objects.count(),
    )  # fmt: skip


def proof(p: Place) -> dict:
    _person, name, number = p.micro.residents[0]
    return {"name": name, "id_number": number}


HUGE = "长" * 9000
# (name, who, the page, what is posted, the label of the field the message must name)
CASES = [
    ("call", "manager", lambda p: "/participation/",
     lambda p: {"area": p.micro.call.area.pk, "title": HUGE, "budget": "1000",
                "cap_works": "100", "proposals_from": "2027-01-01",
                "proposals_until": "2027-01-31", "voting_from": "2027-02-10T09:00",
                "voting_until": "2027-02-20T18:00", "method": "approval"},
     _("title")),
    ("propose", "council", lambda p: f"/participation/{p.micro.call.pk}/propose",
     lambda p: {"unit": p.micro.council.assignments.get().unit_id, "title": "<b>扶手</b>",
                "description": "x", "beneficiaries": "x", "kind": "works", "cost": "=1+1"},
     _("estimated cost (yuan)")),
    ("deliberate", "council", lambda p: f"/participation/{p.micro.call.pk}/deliberate",
     lambda p: {"proposal": "1 OR 1=1", "admit": "yes", "reasons": "ok"}, _("project proposal")),
    ("paper", "manager", lambda p: f"/participation/{p.micro.call.pk}/paper",
     lambda p: {**proof(p), "name": HUGE}, _("your name")),
    ("enter", "manager", lambda p: f"/participation/{p.micro.call.pk}/enter",
     lambda p: {"number": "P-1", "choices": ["x"]}, _("projects chosen")),
    ("confirm", "clerk", lambda p: f"/participation/{p.micro.call.pk}/confirm",
     lambda p: {"entry": "99999999999999999999", "choices": [p.micro.proposals[0].pk]},
     _("paper ballot entry")),
    ("progress", "manager", lambda p: f"/participation/projects/{p.project.pk}/",
     lambda p: {"action": "update", "progress": "=SUM(A1:A9)", "implementer": "x"},
     _("progress (%)")),
    ("milestone", "manager", lambda p: f"/participation/projects/{p.project.pk}/",
     lambda p: {"action": "milestone", "title": "进场", "due_on": "2026-02-30"}, _("due")),
    ("done", "manager", lambda p: f"/participation/projects/{p.project.pk}/",
     lambda p: {"action": "done", "milestone": "abc"}, _("milestone")),
    ("spend", "manager", lambda p: f"/participation/projects/{p.project.pk}/",
     lambda p: {"action": "spend", "spent_on": "2026-05-02", "item": "x", "amount": "1e20"},
     _("amount (yuan)")),
    ("accept", "council", lambda p: f"/participation/projects/{p.project.pk}/",
     lambda p: {"action": "accept", "accepted_by": HUGE, "record": "ok"},
     _("residents' representatives who accepted it")),
    ("public propose", "resident", lambda p: f"/participation/public/{p.micro.call.pk}/propose",
     lambda p: {**proof(p), "title": "t", "description": "d", "beneficiaries": "b",
                "kind": "<b>works</b>", "cost": "100"}, _("type")),
    ("vote", "resident", lambda p: f"/participation/public/{p.micro.call.pk}/vote",
     lambda p: {**proof(p), "choices": ["<script>"]}, _("projects chosen")),
    ("rate", "resident", lambda p: f"/participation/public/projects/{p.project.pk}/rate",
     lambda p: {**proof(p), "score": "五"}, _("score (1–5)")),
    ("council", "manager", lambda p: "/participation/councils/",
     lambda p: {"area": p.micro.call.area.pk, "kind": "residents", "name": HUGE,
                "term_from": "2026-01-01", "term_until": "2030-12-31", "seats": "3"},
     _("name")),
    ("member", "manager", lambda p: f"/participation/councils/{p.council.pk}/",
     lambda p: {"action": "member", "id_number": "1" * 40, "role": "member"}, _("ID number")),
    ("election", "manager", lambda p: f"/participation/councils/{p.council.pk}/",
     lambda p: {"action": "election", "held_on": "2026-01-10", "seats": "1", "eligible": "10",
                "ballots": "8", "invalid": "0", "candidates": "=HYPERLINK(\"x\"), 5"},
     _("candidates")),
    ("meeting", "council", lambda p: "/participation/meetings/",
     lambda p: {"area": p.micro.call.area.pk, "kind": "hearing", "title": "t", "agenda": "a",
                "starts_at": "<b>tomorrow</b>", "place": "p"}, _("starts at")),
    ("sign in", "council", lambda p: f"/participation/meetings/{p.planned.pk}/",
     lambda p: {"action": "sign_in", "attendee": "-1"}, _("attendee")),
    ("hold", "council", lambda p: f"/participation/meetings/{p.planned.pk}/",
     lambda p: {"action": "hold", "minutes": HUGE}, pgettext_lazy("meeting", "minutes")),
    ("cancel", "council", lambda p: f"/participation/meetings/{p.planned.pk}/",
     lambda p: {"action": "cancel", "reason": HUGE}, _("why")),
    ("resolve", "council", lambda p: f"/participation/meetings/{p.held.pk}/",
     lambda p: {"action": "resolve", "text": "t", "votes_for": "-1", "votes_against": "0",
                "abstentions": "0"}, _("for")),
    ("follow-up", "council", lambda p: f"/participation/meetings/{p.held.pk}/",
     lambda p: {"action": "follow_up", "resolution": p.resolution.pk, "task": "t",
                "due_on": "next week"}, _("due")),
    ("case", "council", lambda p: f"/participation/meetings/{p.held.pk}/",
     lambda p: {"action": "case", "follow_up": p.follow_up.pk, "case_class": "<script>"},
     _("class")),
    ("publish", "council", lambda p: f"/participation/meetings/{p.held.pk}/",
     lambda p: {"action": "publish", "summary": HUGE}, _("summary for residents")),
    ("collect", "council", lambda p: "/participation/opinions/",
     lambda p: {"action": "collect", "area": p.micro.call.area.pk, "channel": "visit",
                "text": HUGE}, _("opinion")),
    ("route", "council", lambda p: "/participation/opinions/",
     lambda p: {"action": "route", "opinion": p.opinion.pk, "to": "=cmd|' /C calc'!A0"},
     _("routed as")),
    ("resolve opinion", "council", lambda p: "/participation/opinions/",
     lambda p: {"action": "resolve", "opinion": p.opinion.pk, "resolution": HUGE},
     _("how it was resolved")),
    ("portal", "resident", lambda p: "/participation/public/opinions/new",
     lambda p: {"area": "<b>1</b>", "text": "路灯"}, _("community")),
    ("claim", "council", lambda p: "/participation/claims/",
     lambda p: {"area": p.micro.call.area.pk, "claimant": "volunteer", "volunteer": "甲",
                "task": "助老", "hours": "1e9"}, _("service hours")),
]  # fmt: skip


@pytest.mark.parametrize(("name", "who", "url", "data", "label"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_value_is_named_and_changes_nothing(client, place, name, who, url, data, label):
    user = place.resident if who == "resident" else getattr(place.micro, who)
    client.force_login(user)
    before = state()
    response = client.post(url(place), data(place))
    assert response.status_code in (200, 302), name
    said = [str(m) for m in get_messages(response.wsgi_request)]
    with translation.override("zh-hans"):
        expected = f"{label}:"
    assert any(text.startswith(expected) for text in said), (name, said)
    assert state() == before, name


def test_a_bad_period_is_named_and_the_default_shown(client, place):
    client.force_login(place.micro.council)
    page = client.get("/participation/opinions/", {"from": "2026-13-01", "to": "x"})
    said = [str(m) for m in get_messages(page.wsgi_request)]
    with translation.override("zh-hans"):
        assert any(text.startswith(f"{pgettext_lazy('date', 'from')}:") for text in said), said
    assert page.status_code == 200 and page.context["start"].month == 1
