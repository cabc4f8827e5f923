"""Complaints about a property company's service and joint property meetings (DOMAIN.md §16),
with known answers: a complaint in a managed estate is offered to its company, the residents'
committee following; anywhere else the rules decide; a joint meeting's participants by role, its
decision's task offered to the unit named and counted solved when its case closes; the figures
and the estate's page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.cases.models import Case, CaseAssignment
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.estates import services
from civicgrid.estates.figures import counts
from civicgrid.estates.tests.fixtures import complaint
from civicgrid.participation import councils
from civicgrid.participation.council_forms import MeetingForm
from civicgrid.participation.council_models import Council, Meeting
from civicgrid.routing.services import suggest_for_cases

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def _dispatched(m, case):
    case_transition(case_id=case.pk, action="register", actor=m.loop.shift_lead, now=MONDAY + H)
    return case_transition(case_id=case.pk, action="dispatch", actor=m.loop.dispatcher,
                           now=MONDAY + H)  # fmt: skip


def test_a_complaint_in_a_managed_estate_goes_to_its_company(managed, client):
    m = managed
    waiting = complaint(m)
    case_transition(case_id=waiting.pk, action="register", actor=m.loop.shift_lead, now=MONDAY)
    # the dispatcher's queue suggests the company too, with why
    listed = suggest_for_cases([Case.objects.select_related("case_class").get(pk=waiting.pk)])
    assert listed[waiting.pk].lead_unit == m.est.good and "梅园小区" in listed[waiting.pk].reason
    case = case_transition(case_id=waiting.pk, action="dispatch", actor=m.loop.dispatcher,
                           now=MONDAY + H)  # fmt: skip
    assert case.lead_unit == m.est.good  # not the department every other class goes to
    roles = dict(CaseAssignment.objects.filter(case=case, active=True).values_list("unit", "role"))
    assert roles == {m.est.good.pk: "lead", m.committee.pk: "cooperating"}
    # the committee follows it from its own queue; the company handles it like a department
    assert Case.objects.visible_to(m.committee_handler).filter(pk=case.pk).exists()
    case_transition(case_id=case.pk, action="sign", actor=m.company_handler, now=MONDAY + 2 * H)
    case_transition(case_id=case.pk, action="report_handled", actor=m.company_handler,
                    now=MONDAY + 5 * H, note="已安排保洁员每日清扫")  # fmt: skip
    case_transition(case_id=case.pk, action="send_check", actor=m.loop.operator, now=MONDAY + 6 * H)
    case = case_transition(case_id=case.pk, action="pass_check", actor=m.loop.supervisor,
                           now=MONDAY + 7 * H)  # fmt: skip
    assert case.state == "closed"
    # the estate's page lists it; the figures count it and its closing
    client.force_login(m.est.leader)
    page = client.get(reverse("estates:estate", args=[m.estate.pk])).content.decode()
    assert case.number in page and m.est.good.name in page
    day = MONDAY.date()
    got = counts([m.est.tree.community], day, day)[m.est.tree.community.pk]
    assert got["est_complaints"] == 1 and got["est_complaints_closed"] == 1
    client.force_login(m.est.outsider)  # another street's leader: the estate is not found
    assert client.get(reverse("estates:estate", args=[m.estate.pk])).status_code == 404
    # the API the same: the leader reads the complaints, the other street's leader gets 404
    client.logout()
    url = f"/api/v1/estates/{m.estate.pk}/complaints"
    got = client.get(url, **bearer(m.est.leader)).json()
    assert got == [{"number": case.number, "reported_at": got[0]["reported_at"],
                    "building": "B-1", "lead_unit": "PM-1", "state": "closed"}]  # fmt: skip
    assert client.get(url, **bearer(m.est.outsider)).status_code == 404


def test_elsewhere_the_rules_decide(managed):
    m = managed
    # a building in no estate, and the same building once the company's term has ended
    outside = _dispatched(m, complaint(m, building="B-2"))
    assert outside.lead_unit == m.loop.department
    term = m.estate.terms.get()
    services.term_end(actor=m.est.leader, term=term, ends_on=timezone.localdate()
                      - dt.timedelta(days=1), why="合同到期")  # fmt: skip
    ended = _dispatched(m, complaint(m))
    assert ended.lead_unit == m.loop.department
    # another class in the managed estate is the rules' too
    other = case_report(actor=m.loop.operator, report=Report(
        case_class="06010", description="垃圾", building="B-1", answers={"volume": "small"},
        reporter_name="李", reporter_phone="13812345678"), now=MONDAY)  # fmt: skip
    assert _dispatched(m, other).lead_unit == m.loop.department


def test_a_joint_meeting_by_role_and_its_task_as_a_case(managed, client):
    m = managed
    leader = m.est.leader
    # what each is there as is typed after the organisation; a wrong one names its line
    form = MeetingForm(
        {"area": m.est.tree.community.pk, "kind": "property", "title": "物业联席会",
         "agenda": "楼道保洁", "starts_at": "2026-11-20T19:00", "place": "党群服务中心",
         "invite": "王经理, 安居物业, company\n张警官， 派出所， police\n李律师, 律所, 厨师"},
        areas=m.est.tree.community.__class__.objects.filter(pk=m.est.tree.community.pk),
        councils=Council.objects.none(),
    )  # fmt: skip
    assert not form.is_valid()
    said = str(form.errors["invite"])
    assert "3" in said and "厨师" in said
    form.data = {**form.data, "invite": "王经理, 安居物业, company\n张警官， 派出所， police"}
    form.full_clean()
    assert form.cleaned_data["invite"] == [("王经理", "安居物业", "company"),
                                           ("张警官", "派出所", "police")]  # fmt: skip
    meeting = councils.meeting_call(
        actor=leader, area=m.est.tree.community, kind=Meeting.Kind.PROPERTY, title="物业联席会",
        agenda="楼道保洁", starts_at=MONDAY - dt.timedelta(days=3), place="党群服务中心",
        council=m.est.owners,
        invite=[("王经理", "安居物业", "company"), ("张警官", "派出所", "police")],
    )  # fmt: skip
    assert dict(meeting.attendees.values_list("name", "role")) == {
        "王经理": "company",
        "张警官": "police",
    }  # the owners' committee has no members yet
    for a in meeting.attendees.all():
        councils.attendee_sign_in(actor=leader, attendee=a, now=MONDAY - dt.timedelta(days=3))
    councils.meeting_hold(actor=leader, meeting=meeting, minutes="议定整改",
                          now=MONDAY - dt.timedelta(days=3) + 2 * H)  # fmt: skip
    passed = councils.resolution_record(actor=leader, meeting=meeting, text="物业一周内整改保洁",
                                        votes_for=2, votes_against=0, abstentions=0)  # fmt: skip
    task = councils.follow_up_add(actor=leader, resolution=passed, task="楼道保洁整改",
                                  due_on=MONDAY.date() + dt.timedelta(days=7), unit=m.est.good)  # fmt: skip
    task = councils.follow_up_report(actor=leader, follow_up=task, case_class="AP005")
    case = _dispatched(m, task.case)
    assert case.lead_unit == m.est.good  # the unit the meeting named, not the rules' department
    day = (MONDAY - dt.timedelta(days=3)).date()
    got = counts([m.est.tree.community], day, day)[m.est.tree.community.pk]
    assert (got["est_joint_meetings"], got["est_joint_decisions"], got["est_joint_solved"]) == (
        1, 1, 0)  # fmt: skip
    case_transition(case_id=case.pk, action="sign", actor=m.company_handler, now=MONDAY + 2 * H)
    case_transition(case_id=case.pk, action="report_handled", actor=m.company_handler,
                    now=MONDAY + 3 * H, note="已整改")  # fmt: skip
    case_transition(case_id=case.pk, action="close", actor=m.loop.shift_lead, now=MONDAY + 4 * H)
    got = counts([m.est.tree.community], day, day)[m.est.tree.community.pk]
    assert got["est_joint_solved"] == 1
    # the API says who was there by role (never who) and how the decisions' tasks stand
    listed = client.get("/api/v1/meetings", **bearer(leader)).json()
    mine = next(x for x in listed if x["id"] == meeting.pk)
    assert mine["present_as"] == {"company": 1, "police": 1} and mine["signed_in"] == 2
    assert mine["resolutions"][0]["tasks"] == [
        {"task": "楼道保洁整改", "unit": "PM-1", "due_on": task.due_on.isoformat(), "solved": True,
         "case": {"id": case.pk, "number": case.number, "state": "closed"}}
    ]  # fmt: skip
