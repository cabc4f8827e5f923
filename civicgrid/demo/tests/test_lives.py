"""The demo lives: every acting unit has its people, the figures come from its own history, and
the first sweep — whenever the demo starts — announces cards and fires escalations."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, RoleAssignment
from civicgrid.areas.models import Area
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.services.clock import tier_of_level
from civicgrid.cases.services.sweep import sweep
from civicgrid.demo.generator import Generator
from civicgrid.demo.live import back, last_working_moment
from civicgrid.routing.models import EscalationRule

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# a Saturday, 3 a.m.: working time has stood still since Friday 17:30
SATURDAY_NIGHT = dt.datetime(2026, 11, 28, 3, 0, tzinfo=SHANGHAI)


def generate(now=SATURDAY_NIGHT):
    return Generator("tiny", seed=7, log=lambda *_: None).run(today=now.date(), now=now)


def held(unit, role) -> bool:
    return RoleAssignment.objects.filter(unit=unit, role=role, active=True).exists()


def test_every_unit_that_acts_has_its_people():
    generate()
    seats = {
        UnitKind.GRID_CENTRE: [Role.DISPATCHER],
        UnitKind.MEDIATION_CENTRE: [Role.MEDIATOR, Role.HANDLER],
        UnitKind.DEPARTMENT: [Role.HANDLER],
        UnitKind.SERVICE_CENTRE: [Role.HANDLER],
        UnitKind.COMMUNITY_COMMITTEE: [Role.HANDLER],
        UnitKind.STREET_OFFICE: [Role.LEADER],
    }
    for kind, roles in seats.items():
        units = OrgUnit.objects.filter(kind=kind)
        assert units.exists()
        for unit in units:
            for role in roles:
                assert held(unit, role), (unit.code, role)
    assert held(OrgUnit.objects.get(code="D-REVIEW"), Role.HANDLER)  # the duty review office
    for grid in Area.objects.filter(level=5):
        assert RoleAssignment.objects.filter(role=Role.SUPERVISOR, unit__area=grid).exists()
    # the history's steps are taken by the people of the unit concerned
    sign = CaseEvent.objects.filter(action="sign").select_related("case", "actor").first()
    assert sign.actor.assignments.filter(unit=sign.case.lead_unit, role=Role.HANDLER).exists()


def test_the_figures_come_from_the_history():
    from civicgrid.evaluation.compute import area_indicators
    from civicgrid.evaluation.models import AssessmentRound, RatingRound, RatingSheet
    from civicgrid.evaluation.periods import parse

    generate()
    district = Area.objects.get(level=2)
    figures = area_indicators([district], parse("2026-10"))[district.pk]
    assert 30 < figures["hotline_response_rate"] < 100  # signed for in time, or not
    assert figures["hotline_resolution_rate"] is not None
    assert figures["resolved_community"] > 0 and figures["community_share"] > 0
    # a rating round and an assessment round are open, with sheets already in
    today = SATURDAY_NIGHT.date()
    rnd = RatingRound.objects.get()
    assert rnd.opens_on <= today <= rnd.closes_on
    assert RatingSheet.objects.filter(round=rnd).exists() or not rnd.is_open()
    # the streets' city-management round, and the party organisations' quality certification
    streets = AssessmentRound.objects.get(scheme__subject="area")
    assert not streets.closed and streets.scoring_due > today
    assert streets.assessments.count() == Area.objects.filter(level=3).count()
    quality = AssessmentRound.objects.get(scheme__subject="unit", scheme__name__contains="党组织")
    assert quality.assessments.count() == Area.objects.filter(level=4).count()
    assert {a.unit.kind for a in quality.assessments.all()} == {"party_organisation"}
    # party building's figures come from the demo's rosters, activities and projects
    year = area_indicators([district], parse(str(today.year)))[district.pk]
    assert 30 < year["pb_identity_rate"] <= 100 and year["pb_claimed"] > 0
    assert year["pb_livelihood_party"] > 0 and year["pb_vetoes"] >= 0


def test_the_workforce_is_on_the_roster_and_the_estates_have_their_complaints_and_meetings():
    from civicgrid.workforce.models import AllowanceEntry, Worker

    generate()
    leaders = Worker.objects.filter(post="grid_leader", left_on=None).select_related("person")
    assert leaders and all(w.grids.filter(pk=w.person.grid_id).exists() for w in leaders)
    months = set(AllowanceEntry.objects.values_list("month", flat=True))
    assert len(months) >= 12 and Worker.objects.exclude(left_on=None).exists()
    # property oversight lives too: complaints the companies handled round the loop, and joint
    # meetings whose decisions are cases with the units they named
    from civicgrid.participation.council_models import FollowUp

    said = Case.objects.filter(case_class__code="AP007", lead_unit__kind=UnitKind.PROPERTY_COMPANY)
    assert said.filter(state="closed").exists() and said.exclude(state="closed").exists()
    tasks = FollowUp.objects.filter(resolution__meeting__kind="property").select_related("case")
    assert len(tasks) == 4 and all(t.case.lead_unit_id == t.unit_id for t in tasks)
    assert sorted(t.case.state for t in tasks) == ["closed", "closed", "dispatched", "dispatched"]
    # last year's assessment of the companies made final: the one that failed is blacklisted on it
    from civicgrid.estates.models import Blacklisting
    from civicgrid.evaluation.assessments import standings

    entry = Blacklisting.objects.select_related("assessment__round").get()
    levels = {s.assessment.unit_id: s.level for s in standings(entry.assessment.round)}
    assert levels[entry.company_id] == "不合格" and set(levels.values()) != {"不合格"}
    # every community but the last has its legal adviser; panels gave counsel on disputes
    from civicgrid.disputes import counsel
    from civicgrid.disputes.models import Counsel

    communities = Area.objects.filter(level=4, active=True).count()
    assert counsel.in_force().count() == communities - 1 and Counsel.objects.exists()
    # rewards and accountability resting on a figure and on the failed company's assessment
    from civicgrid.evaluation.models import Consequence

    kinds = set(Consequence.objects.values_list("kind", flat=True))
    assert kinds == {"reward", "reminder", "accountability"}
    # volunteers on every community's roster, paired, with a year of hours
    from civicgrid.workforce.models import ServiceHours, Volunteer

    assert Volunteer.objects.exclude(social_worker=None).count() == Volunteer.objects.count() > 0
    assert ServiceHours.objects.count() > Volunteer.objects.count()
    # a commercial building governed together: its body, signed responsibility, a risk
    # assessment whose hazard was handled round the loop, and a dispute settled in the building
    from civicgrid.commercial.models import CommercialBuilding, Hazard

    tower = CommercialBuilding.objects.order_by("pk").first()
    assert tower is not None and tower.members.count() >= 5 and tower.agreements.count() == 3
    hazards = Hazard.objects.filter(inspection__profile=tower).select_related("case")
    assert sorted(h.case.state if h.case else "" for h in hazards) == ["", "closed", "reported"]
    assert Case.objects.filter(tier_resolved="building", building=tower.building).count() == 1
    # last summer's sweep concluded with its findings handled; this month's running
    from civicgrid.campaigns.models import Campaign, Finding

    summer, winter = Campaign.objects.order_by("starts_on")
    assert summer.concluded_on and winter.concluded_on is None and winter.visits.exists()
    handled = Finding.objects.filter(visit__campaign=summer).select_related("case")
    assert handled and all(f.case.state == "closed" for f in handled)
    # every street's consultation committee met this year, told its members, gave opinions
    from civicgrid.participation.models import Council, CouncilNotice, Meeting, Opinion

    streets = Council.objects.filter(kind="street")
    assert streets.count() == Area.objects.filter(level=3, active=True).count()
    assert Meeting.objects.filter(kind="consultation", status="held").exists()
    assert CouncilNotice.objects.count() == 2 * streets.count()
    assert Opinion.objects.filter(channel="committee").exclude(case=None).count() == streets.count()
    # the first community's residents' committee elected this year; two option votes, one open
    from civicgrid.participation.models import Call, Election

    election = Call.objects.get(purpose="election")
    assert election.stands and election.proposals.filter(status="won").count() == 7
    assert election.proposals.filter(status="rejected").exists()  # 差额: more nominated
    assert Election.objects.get(call=election).council.members.count() == 7
    renewal, lift = Call.objects.filter(purpose="options").order_by("voting_from")
    assert renewal.proposals.get(status="won").title == "整治提升"
    assert lift.status == "open" and lift.proposals.count() == 2
    # the service guide: a dozen items, each with the office that decides it
    from civicgrid.onestop.models import ServiceItem

    assert ServiceItem.objects.count() == 12
    assert ServiceItem.objects.get(code="FW0301").office.name == "示范区民政局"
    assert ServiceItem.objects.get(code="FW0301").materials.filter(may_follow=True).count() == 2
    from civicgrid.onestop.models import Window

    assert Window.objects.count() == 4


def test_the_escalation_rules_hand_cases_to_units_of_their_area_and_tier():
    generate()
    rules = list(EscalationRule.objects.select_related("area", "takeover_unit__area"))
    assert rules
    for rule in rules:
        rule.full_clean()
        unit = rule.takeover_unit
        if unit is not None:
            assert rule.area is not None and rule.area.path.startswith(unit.area.path)
            assert tier_of_level(unit.area.level) == rule.to_tier


def test_the_first_sweep_tells_something_at_once_and_a_day_later():
    generate()
    # started at once (in the night: no card crosses in real time)
    point = transaction.savepoint()
    done = sweep(now=SATURDAY_NIGHT + dt.timedelta(minutes=2))
    assert done["yellow"] > 0 and done["red"] > 0 and done["escalated"] > 0
    escalated = CaseEvent.objects.filter(action="escalate", at__gt=SATURDAY_NIGHT)
    assert escalated.count() == done["escalated"]
    transaction.savepoint_rollback(point)
    # started a day later, the first sweep still finds them
    later = sweep(now=SATURDAY_NIGHT + dt.timedelta(days=1))
    assert later["yellow"] > 0 and later["red"] > 0 and later["escalated"] > 0
    # and once the week's work starts, more cards cross within minutes
    monday = dt.datetime(2026, 11, 30, 9, 5, tzinfo=SHANGHAI)
    assert sum(sweep(now=monday).values()) > 0


def test_the_history_was_swept_before_its_edge():
    """What fell due before the watermark was applied then: the first sweep does not escalate
    every overdue case of three months at once."""
    generate()
    escalations = sweep(now=SATURDAY_NIGHT + dt.timedelta(minutes=2))["escalated"]
    assert escalations <= 4
    assert Case.objects.filter(tier_current="street").exists()  # escalated in the history


def test_working_time_helpers():
    from civicgrid.core.working_time import add_working_seconds, current_calendar

    cal = current_calendar()
    friday_end = dt.datetime(2026, 11, 27, 17, 30, tzinfo=SHANGHAI)
    assert last_working_moment(SATURDAY_NIGHT, cal) == friday_end
    tuesday = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)
    assert last_working_moment(tuesday, cal) == tuesday
    start = back(friday_end, 3600 * 10, cal)
    assert (
        abs((add_working_seconds(start, 3600 * 10, calendar=cal) - friday_end).total_seconds()) < 2
    )


def test_the_logins_stay_short_and_the_others_are_listed():
    import io

    from django.core.management import call_command

    generate()
    short, full = io.StringIO(), io.StringIO()
    call_command("demo_accounts", stdout=short)
    call_command("demo_accounts", "--all", stdout=full)
    assert "d-review-handler" not in short.getvalue() and "--all" in short.getvalue()
    assert "d-review-handler" in full.getvalue() and "s2-grid-dispatcher" in full.getvalue()


def test_the_service_centre_has_a_month_of_applications():
    from civicgrid.onestop.models import Application, Rating

    generate()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"handed_over", "notified", "submitted"} <= statuses, statuses
    assert Application.objects.filter(channel="portal").exists()
    assert Application.objects.filter(channel="proxy").exclude(consent="").exists()
    assert Application.objects.filter(materials__state="following").exists() or (
        Application.objects.filter(follow_by__isnull=False).exists()
    )
    assert Rating.objects.filter(grade__gte=4).exists()
    assert Rating.objects.filter(grade__lte=2).exists()
