"""The one matcher of escalation rules, without the database: for each target tier the most
specific matching rule wins (of two equally specific, the older), whatever order they come in."""

from hypothesis import given
from hypothesis import strategies as st

from civicgrid.areas.models import Area
from civicgrid.routing.models import EscalationRule
from civicgrid.routing.services import escalation_rule_matches, escalation_rules_among

STREET = Area(pk=2, code="S", path="D/S/")
COMMUNITY = Area(pk=3, code="C", path="D/S/C/")
OTHER_STREET = Area(pk=4, code="T", path="D/T/")

RULES = [
    EscalationRule(pk=1, to_tier="street"),  # every class, everywhere
    EscalationRule(pk=2, major_id=6, to_tier="street"),
    EscalationRule(pk=3, case_class_id=60, area=STREET, to_tier="street"),
    EscalationRule(pk=4, case_class_id=60, area=COMMUNITY, priority="urgent", to_tier="street"),
    EscalationRule(pk=5, to_tier="district"),
    EscalationRule(pk=6, major_id=6, area_level="community", to_tier="district"),
    EscalationRule(pk=7, major_id=6, area_level="community", to_tier="district"),  # a tie
    EscalationRule(pk=8, case_class_id=61, to_tier="district"),  # another class
    EscalationRule(pk=9, case_class_id=60, area=OTHER_STREET, to_tier="district"),  # elsewhere
    EscalationRule(pk=10, case_class_id=60, to_tier="district", active=False),
]
CASE = {
    "case_class_id": 60,
    "major_id": 6,
    "grid_path": "D/S/C/G/",
    "tier": "community",
    "priority": "urgent",
}


@given(st.permutations(RULES))
def test_the_most_specific_rule_per_tier_wins_in_any_order(rules):
    assert [r.pk for r in escalation_rules_among(rules, **CASE)] == [4, 6]


def test_what_a_rule_matches():
    matching = {r.pk for r in RULES if escalation_rule_matches(r, **CASE)}
    assert matching == {1, 2, 3, 4, 5, 6, 7}
    routine = {**CASE, "priority": "routine", "tier": "grid"}
    assert [r.pk for r in escalation_rules_among(RULES, **routine)] == [3, 5]
