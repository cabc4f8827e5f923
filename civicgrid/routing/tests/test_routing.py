"""Responsibility routing: specificity, fallback to the territorial block, ties, thresholds."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.tests.factories import unit_for
from civicgrid.catalogue.models import CaseClass, MajorClass
from civicgrid.routing import services
from civicgrid.routing.models import (
    DispatchLevel,
    EscalationRule,
    ResponsibilityRule,
    SupervisionThreshold,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(tree):
    return {
        "city_mgmt": unit_for(tree.district, UnitKind.DEPARTMENT),
        "sanitation": unit_for(tree.street, UnitKind.STATIONED_TEAM),
        "street": unit_for(tree.street, UnitKind.STREET_OFFICE),
        "other_street": unit_for(tree.other_street, UnitKind.STREET_OFFICE),
        "community": unit_for(tree.community, UnitKind.COMMUNITY_COMMITTEE),
    }


def rule(lead, *, cls=None, major=None, area=None, level="", cooperating=()):
    return services.rule_save(
        rule=ResponsibilityRule(
            case_class=CaseClass.objects.get(code=cls) if cls else None,
            major=MajorClass.objects.get(code=major) if major else None,
            area=area,
            level=level,
            lead_unit=lead,
        ),
        cooperating=list(cooperating),
    )


def test_no_rule_falls_back_to_the_street(tree, units):
    got = services.suggest(case_class=CaseClass.objects.get(code="06010"), grid=tree.grid1)
    assert got.lead_unit == units["street"] and got.rule is None
    assert "属地" in got.reason
    other = services.suggest(case_class=CaseClass.objects.get(code="06010"), grid=tree.other_grid)
    assert other.lead_unit == units["other_street"]


def test_street_centre_falls_back_to_the_community(tree, units):
    got = services.suggest(
        case_class=CaseClass.objects.get(code="06010"), grid=tree.grid1, level=DispatchLevel.STREET
    )
    assert got.lead_unit == units["community"]


def test_no_rule_and_no_block_asks_the_dispatcher(tree):
    got = services.suggest(case_class=CaseClass.objects.get(code="06010"), grid=tree.grid1)
    assert got.lead_unit is None and got.reason


def test_most_specific_rule_wins(tree, units):
    rubbish = CaseClass.objects.get(code="06010")
    rule(units["city_mgmt"], major="06")
    assert services.suggest(case_class=rubbish, grid=tree.grid1).lead_unit == units["city_mgmt"]
    street_rule = rule(units["sanitation"], major="06", area=tree.street)
    got = services.suggest(case_class=rubbish, grid=tree.grid1)
    assert got.lead_unit == units["sanitation"] and got.rule == street_rule
    # outside that street the district-wide rule still applies
    other = services.suggest(case_class=rubbish, grid=tree.other_grid)
    assert other.lead_unit == units["city_mgmt"]
    # a class rule beats a major-class rule, even one on a deeper area
    class_rule = rule(units["community"], cls="06010", cooperating=[units["sanitation"]])
    got = services.suggest(case_class=rubbish, grid=tree.grid1)
    assert got.rule == class_rule and got.cooperating == [units["sanitation"]]
    # a level-specific rule beats one for any level
    leveled = rule(units["street"], cls="06010", level=DispatchLevel.DISTRICT)
    assert services.suggest(case_class=rubbish, grid=tree.grid1).rule == leveled
    assert (
        services.suggest(case_class=rubbish, grid=tree.grid1, level=DispatchLevel.STREET).rule
        == class_rule
    )


def test_a_tie_is_refused_when_saved(tree, units):
    rule(units["city_mgmt"], major="06", area=tree.street)
    with pytest.raises(services.RoutingConflict) as info:
        rule(units["sanitation"], major="06", area=tree.street)
    assert info.value.field == "case_class"
    assert ResponsibilityRule.objects.count() == 1


def test_a_tie_that_slipped_in_is_reported(tree, units):
    for lead in (units["city_mgmt"], units["sanitation"]):
        ResponsibilityRule.objects.create(major=MajorClass.objects.get(code="06"), lead_unit=lead)
    assert len(services.conflicts()) == 1
    with pytest.raises(services.RoutingConflict):
        services.suggest(case_class=CaseClass.objects.get(code="06010"), grid=tree.grid1)


def test_class_and_major_together_are_refused(tree, units):
    with pytest.raises(ValidationError):
        services.rule_save(
            rule=ResponsibilityRule(
                case_class=CaseClass.objects.get(code="06010"),
                major=MajorClass.objects.get(code="06"),
                lead_unit=units["street"],
            )
        )


def test_inactive_lead_unit_falls_back(tree, units):
    rule(units["city_mgmt"], major="06")
    units["city_mgmt"].active = False
    units["city_mgmt"].save()
    got = services.suggest(case_class=CaseClass.objects.get(code="06010"), grid=tree.grid1)
    assert got.lead_unit == units["street"]


def test_thresholds_default_and_specific(tree, units):
    rubbish = CaseClass.objects.get(code="06010")
    assert services.threshold(case_class=rubbish, grid=tree.grid1, level="district") == (80, 100)
    services.threshold_save(
        rule=SupervisionThreshold(major=rubbish.major, yellow_percent=60, red_percent=100)
    )
    services.threshold_save(
        rule=SupervisionThreshold(case_class=rubbish, level="street", yellow_percent=50)
    )
    assert services.threshold(case_class=rubbish, grid=tree.grid1, level="district") == (60, 100)
    assert services.threshold(case_class=rubbish, grid=tree.grid1, level="street") == (50, 100)


def test_yellow_after_red_is_refused():
    with pytest.raises(ValidationError):
        services.threshold_save(rule=SupervisionThreshold(yellow_percent=100, red_percent=90))


def test_escalation_rules_one_per_tier(tree, units):
    rubbish = CaseClass.objects.get(code="06010")
    general = EscalationRule.objects.create(to_tier="street", takeover_unit=units["street"])
    specific = EscalationRule.objects.create(
        case_class=rubbish, priority="urgent", to_tier="street", takeover_unit=units["city_mgmt"]
    )
    district = EscalationRule.objects.create(major=rubbish.major, to_tier="district")
    got = services.escalation_rules(
        case_class=rubbish, grid=tree.grid1, tier="community", priority="urgent"
    )
    assert set(got) == {specific, district}
    got = services.escalation_rules(
        case_class=rubbish, grid=tree.grid1, tier="community", priority="routine"
    )
    assert set(got) == {general, district}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.permutations(["any", "major", "major_street", "class", "class_level"]))
def test_order_of_creation_does_not_matter(tree_and_units, order):
    tree, units = tree_and_units
    ResponsibilityRule.objects.all().delete()
    makers = {
        "any": lambda: rule(units["street"]),
        "major": lambda: rule(units["city_mgmt"], major="06"),
        "major_street": lambda: rule(units["sanitation"], major="06", area=tree.street),
        "class": lambda: rule(units["community"], cls="06010"),
        "class_level": lambda: rule(units["other_street"], cls="06010", level="district"),
    }
    for name in order:
        makers[name]()
    got = services.suggest(case_class=CaseClass.objects.get(code="06010"), grid=tree.grid1)
    assert got.lead_unit == units["other_street"]


@pytest.fixture
def tree_and_units(tree, units):
    return tree, units


def test_rules_api(client, tree, units, loop):
    rule(units["city_mgmt"], major="06")
    client.force_login(loop.dispatcher)
    body = client.get("/api/v1/routing/rules").json()
    assert "06" in [r["major_code"] for r in body["rules"]] and body["conflicts"] == []
    client.force_login(loop.handler)
    assert client.get("/api/v1/routing/rules").status_code == 404


def test_a_page_of_cases_gets_what_suggest_gives_each_from_one_query_of_rules(
    tree, units, django_assert_max_num_queries
):
    """The dispatcher's queue asked the rules once per class, grid and level (two queries each,
    98 for a page of 50): the page's candidates are read once and sorted out in Python, and
    each case gets exactly what ``suggest`` gives it alone."""
    from civicgrid.cases.models import Case

    rubbish, other = (
        CaseClass.objects.get(code="06010"),
        CaseClass.objects.exclude(major__code="06").first(),
    )
    rule(units["city_mgmt"], major="06")
    rule(units["sanitation"], major="06", area=tree.street, cooperating=[units["community"]])
    rule(units["street"], cls="06010", level=DispatchLevel.STREET)
    gone = rule(units["other_street"], cls=other.code, area=tree.other_street)
    gone.active = False
    gone.save()
    ResponsibilityRule.objects.create(case_class=other, area=tree.street, lead_unit=units["street"])
    ResponsibilityRule.objects.create(
        case_class=other, area=tree.street, lead_unit=units["sanitation"]
    )  # a tie that slipped in
    cases = [
        Case(pk=n, case_class_id=cls.pk, grid=grid, dispatch_level=level)
        for n, (cls, grid, level) in enumerate(
            (cls, grid, level)
            for cls in (rubbish, other)
            for grid in (tree.grid1, tree.other_grid)
            for level in DispatchLevel.values
        )
    ]
    with django_assert_max_num_queries(14):  # the blocks and the negative list: per unit
        page = services.suggest_for_cases(cases)
    for case in cases:
        try:
            alone = services.suggest(
                case_class=case.case_class, grid=case.grid, level=case.dispatch_level
            )
        except services.RoutingConflict as exc:
            assert page[case.pk].lead_unit is None and page[case.pk].reason == exc.message
            continue
        got = page[case.pk]
        assert (got.lead_unit, got.rule, got.cooperating, got.reason) == (
            alone.lead_unit,
            alone.rule,
            alone.cooperating,
            alone.reason,
        ), case
