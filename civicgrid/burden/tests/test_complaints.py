"""Supervision: a community reports a department pushing unadmitted work; the complaint is a case
of the dedicated class that the routing rule sends to the review office; the review office finds
it upheld (an unadmitted attempt on the community's record) or dismissed, with reasons. A
community files for itself only; each side sees what concerns it."""

from decimal import Decimal

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import User
from civicgrid.accounts.tests.factories import bearer, unit_for
from civicgrid.burden.complaints import complaint_decide, complaint_file, complaint_list
from civicgrid.burden.models import Complaint, Refusal
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.routing.models import ResponsibilityRule
from civicgrid.routing.services import rule_save

pytestmark = pytest.mark.django_db


def staff(name, area, kind=UnitKind.COMMUNITY_COMMITTEE, role=Role.HANDLER):
    user = accounts.user_create(username=name, password="pw-for-tests-123")
    accounts.role_assign(user=user, unit=unit_for(area, kind), role=role)
    return user


@pytest.fixture
def office(loop):
    """The review office and the rule that sends AP006 to it (as the admin guide says)."""
    unit = accounts.orgunit_create(
        kind=UnitKind.DEPARTMENT, name="社区减负办", code="review", area=loop.tree.district
    )
    rule_save(
        rule=ResponsibilityRule(case_class=CaseClass.objects.get(code="AP006"), lead_unit=unit)
    )
    return unit


@pytest.fixture
def root():
    return User.objects.create_superuser("root", password="pw-for-tests-123")


def complain(loop, who, community=None, **kw):
    return complaint_file(
        actor=who,
        community=community or loop.tree.community,
        department=kw.pop("department", loop.department),
        what=kw.pop("what", "每周上报门店消防检查台账"),
        details=kw.pop("details", "11月20日电话通知，要求每周五前报送"),
        hours=kw.pop("hours", Decimal(6)),
    )


def test_the_complaint_goes_to_the_review_office_and_is_upheld(loop, office, root):
    secretary = staff("secretary", loop.tree.community)
    complaint = complain(loop, secretary)
    case = complaint.case
    assert case.case_class.code == "AP006" and case.channel == "liaison"
    assert case.answers == {"department": loop.department.name, "work": "每周上报门店消防检查台账"}
    assert case.grid.path.startswith(loop.tree.community.path)
    assert not case.case_class.public  # not offered to the public
    case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    case = case_transition(case_id=case.pk, action="dispatch", actor=loop.dispatcher, now=MONDAY)
    assert case.lead_unit == office
    with pytest.raises(DomainError) as caught:
        complaint_decide(complaint=complaint, upheld=True, finding="属实", actor=loop.handler)
    assert caught.value.field == "finding"
    with pytest.raises(DomainError):
        complaint_decide(complaint=complaint, upheld=True, finding=" ", actor=root)
    complaint_decide(complaint=complaint, upheld=True, finding="未经准入，责令停止", actor=root)
    complaint.refresh_from_db()
    assert complaint.status == "upheld" and complaint.decided_by == root
    attempt = Refusal.objects.get(source="complaint")
    assert (attempt.department, attempt.community, attempt.case) == (
        loop.department,
        loop.tree.community,
        case,
    )
    with pytest.raises(DomainError) as caught:
        complaint_decide(complaint=complaint, upheld=False, finding="再议", actor=root)
    assert caught.value.code == "decided"


def test_a_dismissed_complaint_counts_nothing(loop, office, root):
    complaint = complain(loop, staff("secretary", loop.tree.community))
    complaint_decide(complaint=complaint, upheld=False, finding="属于依法履职事项 S-03", actor=root)
    assert Complaint.objects.get().status == "dismissed"
    assert not Refusal.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"community": "other"}, "community"),
        ({"department": "office"}, "department"),
        ({"what": " "}, "what"),
        ({"details": ""}, "details"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(loop, office, change, field):
    secretary = staff("secretary", loop.tree.community)
    if change.get("community") == "other":
        change["community"] = loop.tree.other_community
    if change.get("department") == "office":
        change["department"] = loop.street_office
    with pytest.raises(DomainError) as caught:
        complain(loop, secretary, **change)
    assert caught.value.field == field
    assert not Complaint.objects.exists()
    assert not CaseClass.objects.get(code="AP006").cases.exists()


def test_each_side_sees_what_concerns_it(loop, office, root):
    mine = complain(loop, staff("secretary", loop.tree.community))
    theirs = complain(
        loop,
        staff("other_secretary", loop.tree.other_community, kind=UnitKind.WORK_STATION),
        community=loop.tree.other_community,
        department=loop.other_department,
    )
    assert set(complaint_list(user=root)) == {mine, theirs}
    assert list(complaint_list(user=loop.handler)) == [mine]  # the department complained of
    assert list(complaint_list(user=loop.other_handler)) == [theirs]
    assert list(complaint_list(user=User.objects.get(username="secretary"))) == [mine]
    assert list(complaint_list(user=loop.leader)) == []


def test_api_file_list_and_finding(client, loop, office, root):
    secretary = staff("secretary", loop.tree.community)
    body = {
        "community": loop.tree.community.code,
        "department": loop.department.code,
        "what": "每周报送门店消防检查台账",
        "details": "电话通知",
        "hours": 4,
    }
    filed = client.post(
        "/api/v1/community-complaints", body, content_type="application/json", **bearer(secretary)
    )
    assert filed.status_code == 201 and filed.json()["status"] == "open"
    other = {**body, "community": loop.tree.other_community.code}
    refused = client.post(
        "/api/v1/community-complaints", other, content_type="application/json", **bearer(secretary)
    )
    assert refused.status_code == 404  # another community's: out of scope
    bad = {**body, "department": loop.street_office.code}
    refused = client.post(
        "/api/v1/community-complaints", bad, content_type="application/json", **bearer(secretary)
    )
    assert refused.status_code == 400 and refused.json()["field"] == "department"
    assert Complaint.objects.count() == 1
    seen = client.get("/api/v1/community-complaints", **bearer(loop.handler)).json()
    assert [c["id"] for c in seen] == [filed.json()["id"]]
    assert client.get("/api/v1/community-complaints", **bearer(loop.other_handler)).json() == []
    url = f"/api/v1/community-complaints/{filed.json()['id']}/finding"
    finding = {"upheld": True, "finding": "未经准入"}
    denied = client.post(url, finding, content_type="application/json", **bearer(loop.handler))
    assert denied.status_code == 404
    hidden = client.post(
        url, finding, content_type="application/json", **bearer(loop.other_handler)
    )
    assert hidden.status_code == 404
    done = client.post(url, finding, content_type="application/json", **bearer(root))
    assert done.status_code == 200 and done.json()["status"] == "upheld"


def test_pages(client, loop, office, root):
    secretary = staff("secretary", loop.tree.community)
    client.force_login(secretary)
    form = {"community": loop.tree.community.pk, "department": loop.department.pk,
            "what": "台账", "details": "电话通知", "hours": "2"}  # fmt: skip
    assert client.post("/duties/complaints/", form).status_code == 302
    complaint = Complaint.objects.get()
    page = client.get("/duties/complaints/")
    assert page.status_code == 200 and complaint.case.number in page.content.decode()
    bad = client.post("/duties/complaints/", {**form, "what": ""})
    assert bad.status_code == 200 and Complaint.objects.count() == 1
    decide_url = f"/duties/complaints/{complaint.pk}/decide"
    client.post(decide_url, {"outcome": "upheld", "finding": "属实"})
    assert Complaint.objects.get().status == "open"  # not the review office
    client.force_login(loop.other_handler)
    assert client.get("/duties/complaints/").status_code == 404  # nothing concerns them
    assert client.post(decide_url, {"outcome": "upheld", "finding": "x"}).status_code == 404
    client.force_login(root)
    client.post(decide_url, {"outcome": "dismissed", "finding": "属依法履职事项"})
    assert Complaint.objects.get().status == "dismissed"


def test_a_long_finding_is_quoted_shortened_on_the_record(loop, office, root):
    complaint = complain(loop, staff("secretary", loop.tree.community))
    finding = "经核查属实。" * 100  # 600 characters
    complaint_decide(complaint=complaint, upheld=True, finding=finding, actor=root)
    complaint.refresh_from_db()
    rule = Refusal.objects.get().rule
    assert complaint.finding == finding  # whole where it was given
    assert len(rule) == 400 and rule.endswith("…") and finding.startswith(rule[:-1])
