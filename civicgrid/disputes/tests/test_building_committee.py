"""A commercial building's mediation committee, the tier below the grid (矛盾不出楼宇): a
dispute at the building may be left to it only when it sits; one it settles by agreement and
whose case closes in the community is resolved at the building, and counts as resolved locally;
one it did not settle is resolved where its unit works."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.core.errors import DomainError
from civicgrid.disputes import committees, services
from civicgrid.evaluation import periods
from civicgrid.evaluation.compute import area_indicators

pytestmark = pytest.mark.django_db


def _case(t):
    return case_report(actor=t.loop.supervisor, report=Report(
        case_class="DS001", answers={"parties": 2}, channel="patrol", building="T-1",
        reporter_name="王", reporter_phone="13800000009"))  # fmt: skip


def _record(t, mediator, case, complexity="building"):
    return services.dispute_record(case=case, actor=mediator, risk="low", complexity=complexity,
                                   parties=[services.PartyIn(name="甲公司"),
                                            services.PartyIn(name="乙公司", role="respondent")])  # fmt: skip


def _settle_and_close(t, mediator, dispute, agreed=True):
    services.session_add(
        dispute=dispute, actor=mediator, held_at=timezone.now(), minutes="楼宇调委会调解",
        outcome="agreed" if agreed else "failed",
        agreement=SimpleUploadedFile("协议.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        if agreed else None,
    )  # fmt: skip
    community = unit_for(t.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    handler = accounts.user_create(username=f"h{dispute.pk}", password="pw-for-tests-123")
    accounts.role_assign(user=handler, unit=community, role=Role.HANDLER)
    case = dispute.case
    loop = t.loop
    case_transition(case_id=case.pk, action="register", actor=loop.shift_lead)
    case_transition(
        case_id=case.pk,
        action="dispatch",
        actor=loop.dispatcher,
        data={"unit": community.pk},
        note="楼宇调委会调解，社区跟进",
    )
    case_transition(case_id=case.pk, action="sign", actor=handler)
    case_transition(case_id=case.pk, action="report_handled", actor=handler, photos=[jpeg()])
    return case_transition(case_id=case.pk, action="close", actor=loop.shift_lead)


def test_a_dispute_settled_by_the_committee_is_resolved_at_the_building(tower, mediator):
    t = tower
    with pytest.raises(DomainError) as info:  # no committee yet
        _record(t, mediator, _case(t))
    assert info.value.field == "complexity"
    with pytest.raises(DomainError) as info:  # another street's leader keeps none of it
        committees.committee_save(actor=t.outsider, building=t.building, name="x",
                                  established_on=timezone.localdate())  # fmt: skip
    assert info.value.field == "building"
    committee = committees.committee_save(actor=t.leader, building=t.building,
                                          name="T-1 楼宇调委会",
                                          established_on=timezone.localdate())  # fmt: skip
    committees.member_add(actor=t.leader, committee=committee, name="周主任", organisation="物业",
                          role="chair")  # fmt: skip
    with pytest.raises(DomainError) as info:
        committees.member_add(actor=t.leader, committee=committee, name="吴", organisation="x",
                              role="chair")  # fmt: skip
    assert info.value.field == "role"
    settled = _record(t, mediator, _case(t))
    assert settled.case.tier_current == "grid"  # it stays where it is
    closed = _settle_and_close(t, mediator, settled)
    assert (closed.state, closed.tier_resolved) == ("closed", "building")
    failed = _settle_and_close(t, mediator, _record(t, mediator, _case(t)), agreed=False)
    assert failed.tier_resolved == "community"
    assert {d.pk for d in committees.disputes_of(committee)} == {failed.dispute.pk, settled.pk}
    month = periods.parse(timezone.localdate().strftime("%Y-%m"))
    mine = area_indicators([t.tree.community], month)[t.tree.community.pk]
    assert mine["resolved_building"] == 1 and mine["disputes_local"] == 2
