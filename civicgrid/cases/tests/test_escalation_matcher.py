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


def test_the_sweep_reads_exactly_the_cases_some_rule_matches(loop):
    """The sweep reads only the red cases a rule could apply to (``rules_could_match``, in SQL):
    the same cases routing's matcher takes, for rules of every kind of target."""
    import itertools

    from civicgrid.cases.models import Case
    from civicgrid.cases.services.sweep import rules_could_match
    from civicgrid.routing.services import escalation_rule_matches, escalation_rules_active

    tree = loop.tree
    rubbish = CaseClass.objects.get(code="06010")
    other = CaseClass.objects.exclude(major=rubbish.major).first()
    kinds = itertools.product(
        (rubbish, other), (tree.grid1, tree.other_grid), ("grid", "street"), ("routine", "urgent")
    )
    Case.objects.bulk_create(
        Case(number=f"E{n:06d}", kind="matter", case_class=cls, channel="patrol",
             state="handling", priority=priority, grid=grid, tier_current=tier, description="",
             reported_at=MONDAY)
        for n, (cls, grid, tier, priority) in enumerate(kinds)
    )  # fmt: skip
    targets = [
        {"case_class": rubbish},
        {"major": other.major},
        {"area": tree.street},
        {"area_level": "street", "priority": "urgent"},
        {"case_class": other, "area": tree.other_street, "area_level": "grid"},
    ]
    cases = Case.objects.filter(number__startswith="E").select_related("case_class", "grid")

    def matched(rules):
        return {
            c.pk
            for c in cases
            if any(
                escalation_rule_matches(
                    r,
                    case_class_id=c.case_class_id,
                    major_id=c.case_class.major_id,
                    grid_path=c.grid.path,
                    tier=c.tier_current,
                    priority=c.priority,
                )
                for r in rules
            )
        }

    for n in range(1, len(targets) + 1):
        for chosen in itertools.combinations(targets, n):
            EscalationRule.objects.all().delete()
            for target in chosen:
                EscalationRule.objects.create(to_tier="district", **target)
            rules = escalation_rules_active()
            got = set(cases.filter(rules_could_match(rules)).values_list("pk", flat=True))
            assert got == matched(rules), chosen
            assert got  # every target here matches some case
    EscalationRule.objects.create(to_tier="district")  # no target: every case
    assert cases.filter(rules_could_match(escalation_rules_active())).count() == cases.count()
    EscalationRule.objects.all().delete()
    assert not cases.filter(rules_could_match([])).exists()
