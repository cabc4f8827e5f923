"""The field worker's phone: the landing after login, the queues as cards (handler: to sign, to
handle; grid worker: to verify, to check), the patrol report, visits due, a look-up."""

import datetime as dt

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.services import case_transition
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_views import seeded
from civicgrid.registry.models import Household, PersonTag, Tag, Visit
from civicgrid.registry.selectors import visits_due
from civicgrid.registry.tests.factories import person
from civicgrid.web.tests.browser import browser_db, fits_the_screen

pytestmark = pytest.mark.django_db


def test_households_due_a_visit_care_first_then_longest_unvisited(world, tree, settings):
    settings.CIVICGRID_VISIT_DAYS = 30
    worker = user_with_role("gw", tree.grid1, Role.GRID_LEADER)
    today = dt.date(2026, 11, 24)
    h3 = Household.objects.create(number="H3", grid=tree.grid1)
    h4 = Household.objects.create(number="H4", grid=tree.grid1)
    h5 = Household.objects.create(number="H5", grid=tree.grid1)
    alone = person("王奶奶", tree.grid1, n=7, household=h5)
    PersonTag.objects.create(person=alone, tag=Tag.objects.get(code="elderly_alone"))
    Visit.objects.create(household=h3, worker=worker, visited_on=today - dt.timedelta(days=40))
    Visit.objects.create(household=h4, worker=worker, visited_on=today - dt.timedelta(days=3))
    Visit.objects.create(household=h5, worker=worker, visited_on=today - dt.timedelta(days=31))
    due = [h.number for h in visits_due(user=worker, today=today)]
    # H5 needs care; H1 was never visited; H3 40 days ago; H4 recently (not due); H2 elsewhere
    assert due == ["H5", "H1", "H3"]


def test_the_phone_page(client, loop, world):
    case = seeded(loop)
    case_transition(case_id=case.pk, action="send_to_verify", actor=loop.operator, now=MONDAY)
    client.force_login(loop.supervisor)
    page = client.get(reverse("phone")).content.decode()
    assert case.number in page and reverse("patrol") in page
    assert f"/cases/{case.pk}/#act-verify" in page  # the card opens the action to take
    client.force_login(loop.resident)
    assert client.get(reverse("phone")).status_code == 404


@browser_db
@pytest.mark.browser
def test_it_fits_a_360_pixel_phone(open_page, loop, world):
    seeded(loop)
    page = open_page(loop.supervisor)
    page.goto("/m/")
    assert fits_the_screen(page)
    page.get_by_role("link", name="巡查上报").click()
    page.wait_for_url("**/m/patrol/")
    assert fits_the_screen(page)
