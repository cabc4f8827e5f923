"""Escalation gives a case to a unit only as dispatch does.

- The negative list binds escalation like dispatch and add_unit: a person's escalation and the
  sweep's rules alike are refused a community unit for a class on the list.
- A takeover unit must work at the tier the case is raised to and serve the case's area: rules
  are refused when saved (model, service, API, naming ``takeover_unit``), and a rule that slipped
  in is not applied by the sweep (the case stays where it is).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import admin_of, unit_for
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report, case_transition
from civicgrid.cases.services.sweep import sweep
from civicgrid.core.errors import DomainError
from civicgrid.duties.tests.test_enforce import negative
from civicgrid.routing.models import EscalationRule
from civicgrid.routing.services import escalation_save
from civicgrid.routing.tests.test_api import send

from .fixtures import MONDAY

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def patrol_case(loop, until="dispatch"):
    """A grid-tier case (found on patrol in 东一网格1), registered and dispatched."""
    case = case_report(
        actor=loop.supervisor,
        report=Report(
            case_class="06010", answers={"volume": "small"}, channel="patrol", lon=121.41, lat=31.12
        ),
        now=MONDAY,
    )
    for action, actor in (("register", loop.shift_lead), ("dispatch", loop.dispatcher)):
        case_transition(case_id=case.pk, action=action, actor=actor, now=MONDAY)
        if action == until:
            break
    return Case.objects.get(pk=case.pk)


def escalate(loop, case, unit, to_tier="community"):
    return case_transition(
        case_id=case.pk,
        action="escalate",
        actor=loop.dispatcher,
        now=MONDAY,
        note="升级",
        data={"to_tier": to_tier, "unit": unit.pk},
    )


def test_a_persons_escalation_to_the_community_passes_the_negative_list(loop):
    committee = unit_for(loop.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    negative()
    case = patrol_case(loop)
    assert case.tier_current == "grid"
    with pytest.raises(DomainError) as caught:
        escalate(loop, case, committee)
    assert caught.value.code == "negative_list" and caught.value.field == "unit"
    case.refresh_from_db()
    assert case.lead_unit == loop.department and case.tier_current == "grid"


def test_a_persons_escalation_to_a_unit_of_another_area_or_tier_is_refused(loop):
    case = patrol_case(loop)
    other_office = unit_for(loop.tree.other_street, UnitKind.STREET_OFFICE)
    with pytest.raises(DomainError) as caught:
        escalate(loop, case, other_office, to_tier="street")
    assert caught.value.field == "unit" and other_office.name in caught.value.message
    with pytest.raises(DomainError) as caught:
        escalate(loop, case, loop.street_office, to_tier="district")
    assert caught.value.field == "unit"
    escalate(loop, case, loop.street_office, to_tier="street")
    case.refresh_from_db()
    assert case.lead_unit == loop.street_office and case.tier_current == "street"


def test_the_sweep_does_not_escalate_past_the_negative_list(loop):
    committee = unit_for(loop.tree.community, UnitKind.COMMUNITY_COMMITTEE)
    negative()
    case = patrol_case(loop)
    EscalationRule.objects.create(
        area=loop.tree.community, to_tier="community", takeover_unit=committee
    )
    assert sweep(now=MONDAY + 8 * H)["escalated"] == 0
    case.refresh_from_db()
    assert case.lead_unit == loop.department and case.tier_current == "grid"
    assert not case.assignments.filter(unit=committee).exists()


def test_rules_with_a_takeover_of_another_area_or_tier_are_refused_when_saved(loop):
    other_office = unit_for(loop.tree.other_street, UnitKind.STREET_OFFICE)
    for rule in (
        # 西街道's office for the cases of 东街道
        EscalationRule(area=loop.tree.street, to_tier="street", takeover_unit=other_office),
        # a street office for every street
        EscalationRule(to_tier="street", takeover_unit=loop.street_office),
        # a street office at the district tier
        EscalationRule(priority="urgent", to_tier="district", takeover_unit=loop.street_office),
    ):
        with pytest.raises(ValidationError) as caught:
            escalation_save(rule=rule)
        assert "takeover_unit" in caught.value.message_dict
    assert not EscalationRule.objects.exists()
    escalation_save(
        rule=EscalationRule(
            area=loop.tree.street, to_tier="street", takeover_unit=loop.street_office
        )
    )
    escalation_save(rule=EscalationRule(to_tier="district", takeover_unit=loop.department))
    assert EscalationRule.objects.count() == 2


def test_the_api_refuses_such_a_rule_naming_the_field(client, loop):
    admin = admin_of(loop.tree.district)
    body = {"to_tier": "district", "priority": "urgent", "takeover_unit": loop.street_office.code}
    refused = send(client, "post", "/escalation-rules", admin, body)
    assert refused.status_code == 400 and refused.json()["field"] == "takeover_unit"


def test_the_sweep_skips_a_rule_that_slipped_past_the_checks(loop, caplog):
    other_office = unit_for(loop.tree.other_street, UnitKind.STREET_OFFICE)
    case = patrol_case(loop)
    rule = EscalationRule.objects.create(to_tier="street", takeover_unit=other_office)
    assert sweep(now=MONDAY + 8 * H)["escalated"] == 0
    case.refresh_from_db()
    assert case.lead_unit == loop.department and case.tier_current == "grid"
    assert f"escalation rule {rule.pk} not applied to case {case.number}" in caplog.text


def test_every_path_that_gives_a_case_to_a_unit_goes_through_one_function():
    """Assignments are created in ``effects.give`` alone (which passes the admission check)."""
    from pathlib import Path

    import civicgrid

    root = Path(civicgrid.__file__).parent
    creating = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tests" not in p.parts
        and "demo" not in p.parts
        and "migrations" not in p.parts
        and any(
            "CaseAssignment.objects." in line and "create(" in line
            for line in p.read_text().splitlines()
        )
    ]
    assert creating == ["cases/services/effects.py"]
    source = (root / "cases/services/effects.py").read_text()
    assert source.count("CaseAssignment.objects.create") == 1
    assert source.index("CaseAssignment.objects.create") > source.index("def give(")


def test_the_admin_refuses_such_a_rule_on_the_field(client, loop):
    from civicgrid.accounts.models import User

    client.force_login(User.objects.create_superuser("root", password="pw-for-tests-123"))
    answer = client.post(
        "/admin/routing/escalationrule/add/",
        {
            "to_tier": "district",
            "takeover_unit": loop.street_office.pk,
            "priority": "urgent",
            "area_level": "",
            "after_hours": "8",
            "active": "on",
        },
    )
    assert answer.status_code == 200  # the form again, with the error on the field
    assert "takeover_unit" in answer.context["adminform"].form.errors
    assert not EscalationRule.objects.exists()
