"""The sweep applies escalation rules as routing's one matcher chooses them: for each tier, the
most specific rule that matches the case, whatever order the rules were made in."""

import datetime as dt

import pytest

from civicgrid.cases.services.sweep import sweep
from civicgrid.catalogue.models import CaseClass
from civicgrid.routing.models import EscalationRule
from civicgrid.routing.services import escalation_rules

from .fixtures import MONDAY
from .test_escalation_checks import patrol_case

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def test_the_specific_rule_wins_over_an_older_general_one(loop):
    case = patrol_case(loop)  # grid tier, class 06010, in 东街道
    rubbish = CaseClass.objects.get(code="06010")
    general = EscalationRule.objects.create(to_tier="street")
    specific = EscalationRule.objects.create(
        case_class=rubbish,
        area=loop.tree.street,
        to_tier="street",
        takeover_unit=loop.street_office,
    )
    assert general.pk < specific.pk
    chosen = escalation_rules(
        case_class=rubbish, grid=case.grid, tier=case.tier_current, priority=case.priority
    )
    assert chosen == [specific]
    assert sweep(now=MONDAY + 8 * H)["escalated"] == 1
    case.refresh_from_db()
    event = case.events.get(action="escalate")
    assert event.data["rule"] == specific.pk
    assert case.tier_current == "street" and case.lead_unit == loop.street_office


def test_rules_of_higher_tiers_apply_in_turn_in_one_run(loop):
    case = patrol_case(loop)
    to_district = EscalationRule.objects.create(
        area_level="street", to_tier="district", takeover_unit=loop.department
    )
    to_street = EscalationRule.objects.create(to_tier="street", takeover_unit=loop.street_office)
    assert sweep(now=MONDAY + 8 * H)["escalated"] == 1
    case.refresh_from_db()
    steps = [e.data["rule"] for e in case.events.filter(action="escalate").order_by("seq")]
    assert steps == [to_street.pk, to_district.pk]
    assert case.tier_current == "district" and case.lead_unit == loop.department
    assert sweep(now=MONDAY + 9 * H)["escalated"] == 0  # at most once per tier
