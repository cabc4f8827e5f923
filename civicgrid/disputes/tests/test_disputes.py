"""Disputes: record with parties, tier by complexity, early warning, sessions, follow-ups, API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicgrid.cases.services import Report, case_report
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.core.errors import DomainError, NotFound, NotPermitted
from civicgrid.disputes import services
from civicgrid.disputes.models import Dispute
from civicgrid.notifications.models import Notification

pytestmark = pytest.mark.django_db


def dispute_case(loop, address="幸福路 1 号"):
    return case_report(
        actor=loop.operator,
        report=Report(
            case_class="DS001",
            answers={"parties": 2},
            lon=121.41,
            lat=31.12,
            address=address,
            reporter_name="张",
            reporter_phone="13800000001",
        ),
        now=MONDAY,
    )


def record(loop, actor, case, **kw):
    values = {
        "risk": "medium",
        "complexity": "complex",
        "parties": [
            services.PartyIn(name="张三", phone="13800000001"),
            services.PartyIn(name="李四", role="respondent", phone="13800000002"),
        ],
        "now": MONDAY,
    }
    values.update(kw)
    return services.dispute_record(case=case, actor=actor, **values)


def test_record_moves_the_case_to_its_tier(loop, mediator):
    case = dispute_case(loop)
    assert case.tier_current == "district"  # taken by the district hotline
    patrol = case_report(
        actor=loop.supervisor,
        report=Report(
            case_class="DS001",
            answers={"parties": 2},
            channel="patrol",
            lon=121.41,
            lat=31.12,
            reporter_name="王",
            reporter_phone="13800000009",
        ),
        now=MONDAY,
    )
    dispute = record(loop, mediator, patrol)
    patrol.refresh_from_db()
    assert patrol.tier_current == "street"  # complex: the street mediation centre
    assert [p.phone_masked for p in dispute.parties.all()] == ["138****0001", "138****0002"]
    assert dispute.warnings == []


def test_repeated_dispute_raises_an_early_warning(
    loop, mediator, django_capture_on_commit_callbacks
):
    record(loop, mediator, dispute_case(loop))
    with django_capture_on_commit_callbacks(execute=True):
        second = record(loop, mediator, dispute_case(loop, address="别处 9 号"))
    assert second.warnings[0]["reasons"] == ["same_party"]
    third = record(
        loop,
        mediator,
        dispute_case(loop),
        parties=[services.PartyIn(name="赵六", phone="13900000000")],
    )
    assert {r for w in third.warnings for r in w["reasons"]} == {"same_address"}
    assert Notification.objects.filter(user=mediator, kind="escalated").exists()


def test_difficult_needs_a_leader_and_bad_input_names_the_field(loop, mediator):
    case = dispute_case(loop)
    with pytest.raises(DomainError) as info:
        record(loop, mediator, case, complexity="difficult")
    assert info.value.field == "responsible_leader"
    with pytest.raises(DomainError) as info:
        record(loop, mediator, case, parties=[services.PartyIn(name="x", phone="123")])
    assert info.value.field == "parties.0.phone"
    with pytest.raises(DomainError) as info:
        record(loop, mediator, case, risk="huge")
    assert info.value.field == "risk"
    assert not Dispute.objects.exists()
    dispute = record(loop, mediator, case, complexity="difficult", leader=loop.leader)
    assert dispute.responsible_leader == loop.leader


def test_only_dispute_classes_and_only_in_scope(loop, mediator):
    rubbish = case_report(
        actor=loop.operator,
        report=Report(case_class="06010", answers={"volume": "small"}, lon=121.41, lat=31.12),
        now=MONDAY,
    )
    with pytest.raises(DomainError) as info:
        record(loop, mediator, rubbish)
    assert info.value.field == "case"
    with pytest.raises(NotFound):
        record(loop, loop.outsider, dispute_case(loop))
    with pytest.raises(NotPermitted):
        record(loop, loop.supervisor, dispute_case(loop))


def test_sessions_and_follow_ups(loop, mediator):
    dispute = record(loop, mediator, dispute_case(loop))
    with pytest.raises(DomainError) as info:
        services.session_add(
            dispute=dispute, actor=mediator, held_at=MONDAY, minutes="调解", outcome="agreed"
        )
    assert info.value.field == "agreement"
    pdf = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.session_add(
        dispute=dispute,
        actor=mediator,
        held_at=MONDAY,
        minutes="双方达成一致",
        outcome="agreed",
        agreement=pdf,
    )
    dispute.refresh_from_db()
    assert dispute.resolved
    services.follow_up_add(
        dispute=dispute, actor=mediator, visited_at=MONDAY, satisfaction="satisfied"
    )
    assert dispute.follow_ups.count() == 1
    with pytest.raises(NotPermitted):
        services.session_add(
            dispute=dispute, actor=loop.operator, held_at=MONDAY, minutes="x", outcome="failed"
        )


def test_api_and_pages(client, loop, mediator):
    case = dispute_case(loop)
    client.force_login(mediator)
    response = client.post(
        f"/api/v1/cases/{case.pk}/dispute",
        {
            "risk": "high",
            "complexity": "simple",
            "parties": [{"name": "张三", "phone": "13800000001"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["parties"][0]["phone"] == "138****0001"
    assert client.get(f"/api/v1/cases/{case.pk}/dispute").status_code == 200
    assert client.get("/api/v1/disputes").json()["items"][0]["case_number"] == case.number
    response = client.post(
        f"/api/v1/cases/{case.pk}/dispute/follow-ups",
        {"visited_at": "2026-11-24T10:00:00+08:00", "satisfaction": "basic"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get(f"/disputes/{case.pk}/").status_code == 200
    assert case.number in client.get("/disputes/").content.decode()
    client.force_login(loop.outsider)
    assert client.get(f"/api/v1/cases/{case.pk}/dispute").status_code == 404
    assert client.get(f"/disputes/{case.pk}/").status_code == 404
    assert client.get("/api/v1/disputes").json()["items"] == []


def test_record_from_the_page(client, loop, mediator):
    case = dispute_case(loop)
    client.force_login(mediator)
    assert client.get(f"/disputes/{case.pk}/").status_code == 200
    client.post(
        f"/disputes/{case.pk}/",
        {
            "form": "record",
            "risk": "low",
            "complexity": "simple",
            "party_name": ["张三", "李四"],
            "party_role": ["applicant", "respondent"],
            "party_phone": ["13800000001", ""],
        },
    )
    assert Dispute.objects.get(case=case).parties.count() == 2
