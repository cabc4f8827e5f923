"""A mediator carries a dispute to its end (mediators once could not finish a dispute).

The people of a mediation centre hold the mediator role on the centre. A dispute dispatched to
their centre is theirs to handle: they sign for it, record the dispute and its sessions, report
it handled once it is agreed (or has failed), and close it; then they visit the parties. Through
the API and through the pages, from start to end, with nobody else's help after the dispatch.
Mediators act on disputes only: their role gives them nothing on other cases.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.cases.models import Case
from civicgrid.cases.services import available_actions, case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_escalation_checks import patrol_case
from civicgrid.catalogue.models import MajorClass
from civicgrid.disputes.models import Dispute
from civicgrid.routing.models import ResponsibilityRule
from civicgrid.routing.services import rule_save

from .test_disputes import dispute_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(loop):
    """The street's mediation centre, with a mediator; disputes of the street go to it."""
    unit = unit_for(loop.tree.street, UnitKind.MEDIATION_CENTRE)
    rule_save(
        rule=ResponsibilityRule(
            major=MajorClass.objects.get(code="DS"), area=loop.tree.street, lead_unit=unit
        )
    )
    user = accounts.user_create(username="mediator", password="pw-for-tests-123")
    accounts.role_assign(user=user, unit=unit, role=Role.MEDIATOR)
    unit.mediator = user
    return unit


def dispatched_dispute(loop, centre):
    case = dispute_case(loop)
    for action, actor in (("register", loop.shift_lead), ("dispatch", loop.dispatcher)):
        case_transition(case_id=case.pk, action=action, actor=actor, now=MONDAY)
    case = Case.objects.get(pk=case.pk)
    assert case.lead_unit == centre
    return case


def pdf():
    return SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def test_a_mediator_carries_a_dispute_to_its_end_through_the_api(client, loop, centre):
    case = dispatched_dispute(loop, centre)
    client.force_login(centre.mediator)
    base = f"/api/v1/cases/{case.pk}"
    assert "sign" in client.get(base).json()["actions"]
    assert client.post(f"{base}/actions/sign").status_code == 200
    recorded = client.post(
        f"{base}/dispute",
        {"risk": "medium", "complexity": "complex", "parties": [{"name": "张三"}]},
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.content
    failed = client.post(
        f"{base}/dispute/sessions",
        {"held_at": "2026-11-23T14:00:00+08:00", "minutes": "双方各执一词", "outcome": "adjourned"},
    )
    assert failed.status_code == 201, failed.content
    agreed = client.post(
        f"{base}/dispute/sessions",
        {
            "held_at": "2026-11-24T14:00:00+08:00",
            "minutes": "达成协议",
            "outcome": "agreed",
            "agreement": pdf(),
        },
    )
    assert agreed.status_code == 201, agreed.content
    done = client.post(f"{base}/actions/report_handled", {"note": "调解成功"})
    assert done.status_code == 200, done.content
    assert "close" in done.json()["actions"]
    closed = client.post(f"{base}/actions/close")
    assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == "closed"
    visit = client.post(
        f"{base}/dispute/follow-ups",
        {"visited_at": "2026-11-30T10:00:00+08:00", "satisfaction": "satisfied"},
        content_type="application/json",
    )
    assert visit.status_code == 201
    assert Dispute.objects.get(case=case).resolved


def test_a_mediator_carries_a_dispute_to_its_end_through_the_pages(client, loop, centre):
    case = dispatched_dispute(loop, centre)
    client.force_login(centre.mediator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/act/sign" in page
    client.post(f"/cases/{case.pk}/act/sign", {"version": case.version})
    client.post(
        f"/disputes/{case.pk}/",
        {
            "form": "record",
            "risk": "low",
            "complexity": "complex",
            "party_name": ["张三", "李四"],
            "party_role": ["applicant", "respondent"],
            "party_phone": ["", ""],
        },
    )
    client.post(
        f"/disputes/{case.pk}/",
        {
            "form": "session",
            "held_at": "2026-11-23T14:00",
            "minutes": "未达成",
            "outcome": "failed",
        },
    )
    dispute = Dispute.objects.get(case=case)
    assert dispute.sessions.get().outcome == "failed"
    client.post(f"/cases/{case.pk}/act/report_handled", {"note": "调解不成，告知诉讼途径"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/act/close" in page
    client.post(f"/cases/{case.pk}/act/close")
    assert Case.objects.get(pk=case.pk).state == "closed"


def test_a_mediator_acts_on_disputes_only(loop, centre):
    case = patrol_case(loop, until="register")  # a rubbish case of the mediator's street
    case_transition(
        case_id=case.pk,
        action="dispatch",
        actor=loop.dispatcher,
        now=MONDAY,
        data={"unit": centre.pk},
        note="试派",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.tier_current == "grid" and case.lead_unit == centre
    assert available_actions(centre.mediator, case) == []  # no escalate, no sign, no close
