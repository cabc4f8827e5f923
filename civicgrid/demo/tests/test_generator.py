import datetime as dt

import pytest
from django.core.management import call_command

from civicgrid.accounts.models import RoleAssignment, User
from civicgrid.areas import locator
from civicgrid.areas.models import Area
from civicgrid.demo.generator import DEMO_ACCOUNTS, Generator
from civicgrid.registry.models import Building, Household, Person, StaffPost, Unit, Visit

pytestmark = pytest.mark.django_db


def test_tiny_district_is_complete_and_consistent():
    result = Generator("tiny", seed=7, log=lambda *_: None).run(today=dt.date(2026, 11, 23))
    assert result["grids"] == Area.objects.filter(level=5).count() == 16
    assert Building.objects.count() == 40 and Household.objects.count() == 160
    assert Person.objects.count() == 400
    # every building's location falls in its own grid
    for b in Building.objects.select_related("grid"):
        assert locator.locate(b.lon, b.lat) == b.grid
    # one login per role, all with a role assignment (and the units' other people beside them)
    usernames = {u for u, *_ in DEMO_ACCOUNTS}
    assert usernames <= set(User.objects.values_list("username", flat=True))
    assert RoleAssignment.objects.filter(user__username__in=usernames).count() == len(usernames)
    assert StaffPost.objects.exists() and Unit.objects.exists() and Visit.objects.exists()
    # every household has a head, and every person passes the register's own ID check
    assert Person.objects.filter(relation="head").count() == 160


def test_same_seed_same_district_and_another_seed_differs():
    def rows(seed):
        gen = Generator("tiny", seed=seed, log=lambda *_: None)
        areas = [(a.code, a.name, a.boundary) for a in gen.areas()]
        buildings = gen.buildings()
        households = gen.households(buildings)
        return areas, buildings, households, gen.persons(households, dt.date(2026, 11, 23))

    assert rows(3) == rows(3)
    assert rows(3)[3] != rows(4)[3]


def test_demo_command_if_empty_skips_a_loaded_database(capsys):
    call_command("demo", "--scale", "tiny", verbosity=0)
    call_command("demo", "--scale", "tiny", "--if-empty")
    assert "not loaded" in capsys.readouterr().out or Area.objects.count() > 0
    assert Person.objects.count() == 400


def demo_extras() -> set:
    """The cases the demo makes beside its history: a community's complaint, routed opinions,
    residents' complaints about their estates' companies, joint meetings' tasks, a commercial
    building's hazards and the dispute its mediation committee settled, campaigns' findings,
    consultations answered on the spot from the knowledge base."""
    from civicgrid.burden.models import Complaint
    from civicgrid.campaigns.models import Finding
    from civicgrid.cases.models import Case
    from civicgrid.commercial.models import Hazard
    from civicgrid.disputes.models import Dispute
    from civicgrid.insight.knowledge_models import SpotAnswer
    from civicgrid.participation.models import FollowUp, Opinion

    return (
        set(Complaint.objects.values_list("case", flat=True))
        | set(Opinion.objects.exclude(case=None).values_list("case", flat=True))
        | set(Case.objects.filter(case_class__code="AP007").values_list("pk", flat=True))
        | set(FollowUp.objects.exclude(case=None).values_list("case", flat=True))
        | set(Hazard.objects.exclude(case=None).values_list("case", flat=True))
        | set(Finding.objects.exclude(case=None).values_list("case", flat=True))
        | set(Dispute.objects.filter(complexity="building").values_list("case", flat=True))
        | set(SpotAnswer.objects.values_list("case", flat=True))
    )


def test_case_history_walks_the_real_loop():
    from django.db.models import Count, F

    from civicgrid.cases.models import Case, CaseEvent
    from civicgrid.cases.transitions import TRANSITIONS

    Generator("tiny", seed=7, log=lambda *_: None).run(today=dt.date(2026, 11, 23))
    # the history, beside the complaint (demo/duties.py), the routed opinion (participation),
    # the complaints about the property companies and the joint meetings' tasks (estates)
    extra = demo_extras()
    cases = Case.objects.exclude(pk__in=extra)
    assert cases.count() == 200 and len(extra) == 22
    assert cases.values("channel").distinct().count() > 3
    assert cases.filter(state="closed").exists() and cases.exclude(state="closed").exists()
    # every event is a move of the table, numbered, and the last one gives the state
    for case in cases.prefetch_related("events"):
        events = list(case.events.all())
        assert (
            [e.seq for e in events]
            == list(range(1, len(events) + 1))
            == list(range(1, case.version + 1))
        )
        for e in events[1:]:
            assert TRANSITIONS[(e.from_state, e.action)] == e.to_state
        assert events[-1].to_state == case.state
        assert locator.locate(case.lon, case.lat) == case.grid
    assert not cases.filter(state="closed", closed_at__isnull=True).exists()
    assert CaseEvent.objects.values("case").annotate(n=Count("id")).filter(n=0).count() == 0
    assert not cases.filter(closed_at__lt=F("reported_at")).exists()
    # the demo handler has cases of their department to work on
    handler = User.objects.get(username="handler")
    assert Case.objects.visible_to(handler).exists()


def test_bulk_written_history_reads_back_as_the_orm_would_write_it():
    """Rows go in by COPY / executemany, not the ORM: every type must come back the same and
    compare in SQL the way ORM-written rows do."""
    from civicgrid.cases.models import Case, CaseEvent
    from civicgrid.disputes.models import Dispute, Session

    Generator("tiny", seed=3, log=lambda *_: None).run(today=dt.date(2026, 11, 23))
    cases = list(Case.objects.all())
    middle = sorted(c.reported_at for c in cases)[len(cases) // 2]
    # datetimes compare in SQL as in Python (SQLite stores them as UTC text)
    assert Case.objects.filter(reported_at__lt=middle).count() == sum(
        c.reported_at < middle for c in cases
    )
    phoned = next(c for c in cases if c.reporter_phone_enc)
    assert phoned.reveal("reporter_phone").startswith("1")
    assert isinstance(phoned.answers, dict)
    rated = CaseEvent.objects.filter(action="rate").select_related("case").first()
    assert rated.data == {"rating": rated.case.rating, "resolved": rated.case.resolved}
    assert rated.case.created_at is not None
    assert CaseEvent.objects.filter(data__rating="satisfied").exists()
    disputes = Dispute.objects.prefetch_related("parties").all()
    assert disputes and all(d.parties.count() == 2 for d in disputes)
    session = Session.objects.prefetch_related("mediators").first()
    assert session.mediators.get() == session.recorded_by
    assert session.recorded_by.assignments.filter(role="mediator").exists()
    assert session.agreement.name.endswith(".pdf") and session.dispute.resolved


def test_demo_command_adds_cases_to_a_loaded_district(capsys):
    from civicgrid.cases.models import Case

    call_command("demo", "--scale", "tiny", "--cases", "0", verbosity=0)
    assert Case.objects.exclude(pk__in=demo_extras()).count() == 0
    call_command("demo", "--cases", "50")
    assert Case.objects.exclude(pk__in=demo_extras()).count() == 50
    assert "50" in capsys.readouterr().out
