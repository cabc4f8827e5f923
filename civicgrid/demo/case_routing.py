"""The demo units' routing: which unit leads each class where, and the escalation rules (the
case history walks cases through them). Invented data only."""

from __future__ import annotations

from decimal import Decimal

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.catalogue.models import CaseClass, MajorClass
from civicgrid.routing.models import EscalationRule, ResponsibilityRule
from civicgrid.routing.services import escalation_save


def demo_routing() -> None:
    """Responsibility and escalation rules for the demo units (idempotent)."""
    if ResponsibilityRule.objects.exists():
        return
    dept = {u.code: u for u in OrgUnit.objects.filter(code__startswith="DEPT-")}
    majors = {m.code: m for m in MajorClass.objects.all()}
    for code, unit in (
        ("06", "cg"),
        ("07", "cg"),
        ("08", "zj"),
        ("09", "cg"),
        ("01", "zj"),
        ("02", "zj"),
        ("05", "fg"),
        ("10", "zj"),
        ("03", "lh"),
        ("04", "lh"),
    ):
        ResponsibilityRule.objects.create(major=majors[code], lead_unit=dept[f"DEPT-{unit}"])
    # classes another department leads: unlicensed and outside trading, noise
    classes = {c.code: c for c in CaseClass.objects.filter(code__in=["09001", "09005", "06028"])}
    for code, unit in (("09001", "sj"), ("09005", "sj"), ("06028", "ga")):
        if code in classes:
            ResponsibilityRule.objects.create(
                case_class=classes[code], lead_unit=dept[f"DEPT-{unit}"]
            )
    for street in Area.objects.filter(level=3):
        units = {u.kind: u for u in OrgUnit.objects.filter(area=street)}
        for major, kind in (("DS", "mediation_centre"), ("SV", "service_centre")):
            if kind in units:
                ResponsibilityRule.objects.create(
                    major=majors[major], area=street, lead_unit=units[kind]
                )
    # consultations and requests for help go to the residents' committee, from every centre;
    # a dispute a grid worker reports stays with it too (大事不出社区)
    for community in Area.objects.filter(level=4):
        committee = OrgUnit.objects.filter(area=community, kind="community_committee").first()
        if committee is None:
            continue
        for major, level in (("AP", ""), ("DS", "community")):
            ResponsibilityRule.objects.create(
                major=majors[major], area=community, level=level, lead_unit=committee
            )
    escalation_rules()


def escalation_rules() -> list[EscalationRule]:
    """A dispute the grid or the community has not settled 4 working hours past its deadline
    goes up to its street, whose mediation centre takes it over; an urgent case 8 working hours
    past its deadline goes up to the district, and the district centre is told. Each takeover
    unit sits in the rule's area at the rule's tier."""
    rules = []
    disputes = MajorClass.objects.get(code="DS")
    for street in Area.objects.filter(level=3).order_by("code"):
        centre = OrgUnit.objects.filter(area=street, kind="mediation_centre").first()
        if centre is not None:
            rule = EscalationRule(
                major=disputes,
                area=street,
                after_hours=Decimal(4),
                to_tier="street",
                takeover_unit=centre,
            )
            rules.append(escalation_save(rule=rule))
    urgent = escalation_save(
        rule=EscalationRule(priority="urgent", after_hours=Decimal(8), to_tier="district"),
        notify=list(OrgUnit.objects.filter(code="D-GRID")),
    )
    return [*rules, urgent]
