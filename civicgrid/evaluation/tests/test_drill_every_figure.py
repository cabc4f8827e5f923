"""Every area figure of the library, of every source, leads to what is behind it: the drill
page opens (200) for the district's leader on the demo district, for any period, and is not found
for an area outside the user's scope. (A figure shown as a number must never link to an error.)"""

import datetime as dt

import pytest
from django.urls import reverse

from civicgrid.accounts.models import User
from civicgrid.demo.generator import Generator
from civicgrid.evaluation.definitions import AREA, LIBRARY

pytestmark = pytest.mark.django_db
AREA_FIGURES = [i.code for i in LIBRARY if i.subject == AREA]


@pytest.fixture
def demo(db):
    Generator("tiny", seed=1, log=lambda *_: None).run(today=dt.date.today())


def test_every_area_figure_opens_the_records_or_cases_behind_it(client, demo):
    from civicgrid.areas.models import Area

    district = Area.objects.get(level=2)
    street = Area.objects.filter(level=3).order_by("code")
    client.force_login(User.objects.get(username="leader"))
    year = str(dt.date.today().year)
    failed = {}
    for code in AREA_FIGURES:
        answer = client.get(reverse("evaluation:cases"), {"indicator": code, "period": year,
                                                         "area": district.code})  # fmt: skip
        if answer.status_code != 200:
            failed[code] = answer.status_code
    assert failed == {}
    # a street leader asking for the other street's records: not found, whatever the figure
    other = street.last()
    client.force_login(User.objects.get(username="grid_leader"))
    for code in AREA_FIGURES[::7]:
        answer = client.get(reverse("evaluation:cases"), {"indicator": code, "period": year,
                                                         "area": other.code})  # fmt: skip
        assert answer.status_code == 404, code
