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
    # one login per role, all with a role assignment
    usernames = {u for u, *_ in DEMO_ACCOUNTS}
    assert set(User.objects.values_list("username", flat=True)) == usernames
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
