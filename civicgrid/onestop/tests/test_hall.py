"""The hall: numbers taken in order each day, called by the first free window serving their
category, absent when nobody answers; the day's waiting figures; who may run the kiosk and the
desk (404 for others); the public screen shows numbers and windows only."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.onestop import queue
from civicgrid.onestop.models import Ticket, Window

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
NINE = dt.datetime(2026, 12, 7, 9, tzinfo=SH)


@pytest.fixture
def hall(tree):
    centre = unit_for(tree.street, UnitKind.SERVICE_CENTRE)
    clerk = accounts.user_create(username="hall_clerk", password="pw-for-tests-123")
    accounts.role_assign(user=clerk, unit=centre, role=Role.HANDLER)
    general = Window.objects.create(centre=centre, number=1, name="综合窗口")
    aid = Window.objects.create(centre=centre, number=2, name="救助窗口", categories=["aid"])
    return centre, clerk, general, aid


def at(minutes: int) -> dt.datetime:
    return NINE + dt.timedelta(minutes=minutes)


def test_numbers_are_called_in_order_by_the_windows_serving_them(hall):
    centre, clerk, general, aid = hall
    first = queue.take(actor=clerk, centre=centre, category="residence", now=at(0))
    second = queue.take(actor=clerk, centre=centre, category="aid", now=at(1))
    third = queue.take(actor=clerk, centre=centre, category="aid", now=at(2))
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert (first.label, second.label) == ("F001", "C002")
    assert queue.call_next(actor=clerk, window=aid, now=at(5)).pk == second.pk  # its category
    assert queue.call_next(actor=clerk, window=general, now=at(6)).pk == first.pk  # the oldest
    assert queue.call_next(actor=clerk, window=aid, now=at(10)).pk == third.pk
    assert Ticket.objects.get(pk=second.pk).state == "done"  # served when the next was called
    gone = queue.absent(actor=clerk, window=aid, now=at(12))
    assert gone.pk == third.pk and gone.state == "absent"
    assert queue.call_next(actor=clerk, window=aid, now=at(13)) is None
    figures = queue.day_figures(centre, NINE.date())
    assert (figures.taken, figures.waiting, figures.served, figures.absent) == (3, 0, 1, 1)
    assert (figures.mean_wait, figures.longest_wait) == (6.0, 8.0)
    tomorrow = queue.take(actor=clerk, centre=centre, category="aid", now=at(24 * 60))
    assert tomorrow.number == 1  # numbers start again each day


def test_only_the_centres_people_run_the_hall(client, hall, tree):
    centre, clerk, general, _aid = hall
    stranger = user_with_role("hall_stranger", tree.other_street, Role.LEADER)
    with pytest.raises(DomainError) as err:
        queue.take(actor=stranger, centre=centre, category="aid")
    assert err.value.code == "forbidden"
    with pytest.raises(DomainError) as err:
        queue.take(actor=clerk, centre=centre, category="<b>")
    assert err.value.field == "category"
    general.active = False
    general.save()
    with pytest.raises(DomainError) as err:
        queue.call_next(actor=clerk, window=general)
    assert err.value.field == "window"
    client.force_login(stranger)
    for url in ("/services/centres/", f"/services/centres/{centre.code}/",
                f"/services/centres/{centre.code}/take"):  # fmt: skip
        assert client.get(url).status_code == 404
    client.force_login(clerk)
    assert client.get("/services/centres/").status_code == 200
    assert client.get(f"/services/centres/{centre.code}/take").status_code == 200


def test_the_pages_take_call_and_show(client, hall):
    centre, clerk, _general, aid = hall
    client.force_login(clerk)
    slip = client.post(f"/services/centres/{centre.code}/take", {"category": "aid"})
    assert slip.status_code == 200 and "C001" in slip.content.decode()
    refused = client.post(f"/services/centres/{centre.code}/take", {"category": "nope"})
    assert refused.status_code == 200 and Ticket.objects.count() == 1
    desk = f"/services/centres/{centre.code}/"
    called = client.post(desk, {"window": aid.pk, "action": "call"}, follow=True)
    assert "C001" in called.content.decode()
    assert Ticket.objects.get().state == "called"
    client.logout()
    screen = client.get(f"/services/centres/{centre.code}/screen").content.decode()
    assert "C001" in screen and "救助窗口" in screen and "onestop/screen.js" in screen
