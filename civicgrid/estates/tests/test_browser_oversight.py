"""Property oversight's loop in a real browser: the dispatcher reads why a complaint goes to the
estate's company and dispatches it; the company's handler finds it in their queue; the leader
reads it on the estate's page; a joint property meeting's page shows who came as what (a hostile
name kept as text) and the case its decision became; a residents' representative finds the
company's assessment from the menu and rates it on a phone. Every page fits and passes axe."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.estates.tests.fixtures import complaint
from civicgrid.evaluation.assessments import round_start, scheme_copy
from civicgrid.evaluation.models import GroupRating, Scheme
from civicgrid.participation import councils
from civicgrid.participation.council_models import Meeting
from civicgrid.web.tests.browser import DESKTOP
from civicgrid.web.tests.test_accessibility import looked_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TODAY = timezone.localdate()


def test_a_complaint_a_joint_meeting_and_the_residents_rating(open_page, managed):
    m = managed
    case = complaint(m)
    case_transition(case_id=case.pk, action="register", actor=m.loop.shift_lead, now=MONDAY)
    # the dispatcher is told why the company is suggested, and follows it
    page = open_page(m.loop.dispatcher, viewport=DESKTOP)
    page.goto(f"/cases/{case.pk}/")
    said = page.locator(".alert-info").inner_text()
    assert m.est.good.name in said and "梅园小区" in said
    page.locator("#act-dispatch button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert case.lead_unit == m.est.good and case.state == "dispatched"
    # the company's handler finds it in their own queue
    handler = open_page(m.company_handler, viewport=DESKTOP)
    handler.goto("/cases/?queue=handler")
    assert case.number in handler.content()
    # the leader reads it on the estate's page, on a desktop and on a phone
    leader = open_page(m.est.leader, viewport=DESKTOP)
    leader.goto(f"/estates/{m.estate.pk}/")
    assert case.number in leader.locator("main table").inner_text()
    looked_at(leader, "estate-complaints-desktop")
    # a joint meeting with its people by role; a hostile name stays text
    held = timezone.now() - dt.timedelta(days=1)
    meeting = councils.meeting_call(
        actor=m.est.leader, area=m.est.tree.community, kind=Meeting.Kind.PROPERTY,
        title="物业联席会", agenda="楼道保洁", starts_at=held,
        place="党群服务中心",
        invite=[("<b>王经理</b>", "安居物业", "company"), ("张警官", "派出所", "police")],
    )  # fmt: skip
    for a in meeting.attendees.all():
        councils.attendee_sign_in(actor=m.est.leader, attendee=a, now=held)
    councils.meeting_hold(actor=m.est.leader, meeting=meeting, minutes="议定整改",
                          now=held + dt.timedelta(hours=2))  # fmt: skip
    passed = councils.resolution_record(actor=m.est.leader, meeting=meeting, text="一周内整改",
                                        votes_for=2, votes_against=0, abstentions=0)  # fmt: skip
    task = councils.follow_up_add(actor=m.est.leader, resolution=passed, task="楼道保洁整改",
                                  due_on=TODAY + dt.timedelta(days=7), unit=m.est.good)  # fmt: skip
    task = councils.follow_up_report(actor=m.est.leader, follow_up=task, case_class="AP005")
    phone = open_page(m.est.leader)
    phone.goto(f"/participation/meetings/{meeting.pk}/")
    table = phone.locator("main table").first.inner_text()
    assert "<b>王经理</b>" in table and phone.locator("main b", has_text="王经理").count() == 0
    assert task.case is not None and task.case.number in phone.content()
    looked_at(phone, "joint-meeting-phone")
    phone.locator(f"a[href='/cases/{task.case.pk}/']").click()
    phone.wait_for_load_state("networkidle")
    assert task.case.number in phone.title() or task.case.number in phone.content()
    # a residents' representative rates the company from the menu, on a phone
    scheme = scheme_copy(
        Scheme.objects.get(template=True, name="物业服务企业年度考核"), name="考核"
    )
    rnd = round_start(scheme=scheme, name="年度物业考核", period=str(TODAY.year),
                      subjects=[m.est.good], scoring_due=TODAY + dt.timedelta(days=5),
                      appeals_due=TODAY + dt.timedelta(days=9))  # fmt: skip
    rep = user_with_role("rep", m.est.tree.community, Role.COUNCIL_MEMBER)
    mobile = open_page(rep)
    mobile.goto("/")
    mobile.goto(mobile.locator("a", has_text="待评议的考核").first.get_attribute("href"))
    mobile.locator("a", has_text=rnd.name).first.click()
    mobile.wait_for_load_state("networkidle")
    mobile.locator("main a", has_text=m.est.good.name).first.click()
    mobile.wait_for_load_state("networkidle")
    item = scheme.items.get(rated_by="owners")
    mobile.locator(f"#g-{item.pk}").fill("9")  # above the scale: refused, nothing saved
    mobile.locator(f"form:has(#g-{item.pk}) button[type=submit]").click()
    mobile.wait_for_load_state("networkidle")
    assert not GroupRating.objects.exists()
    mobile.locator(f"#g-{item.pk}").fill("4")
    mobile.locator(f"form:has(#g-{item.pk}) button[type=submit]").click()
    mobile.wait_for_load_state("networkidle")
    assert GroupRating.objects.get().value == "4"
    looked_at(mobile, "company-assessment-rated-phone")
