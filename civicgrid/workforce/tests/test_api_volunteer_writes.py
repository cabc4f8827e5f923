"""The volunteers' API writes, as the page does them: add (every field it names), record hours,
give incentives, pair with a social worker of the community, record leaving — each in scope (2xx)
and out of scope (404: a leader of another street), refused with the field named and nothing
written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.registry.tests.factories import id_for
from civicgrid.workforce import services, volunteers
from civicgrid.workforce.models import Incentive, ServiceHours, Volunteer

from .fixtures import DAY

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
D = dt.timedelta(days=1)
JSON = {"content_type": "application/json"}


def post(client, path, body, user):
    return client.post(f"/api/v1/workforce/volunteers{path}", body, **JSON, **bearer(user))


def refused_as(response, status, field):
    assert response.status_code == status, response.content
    assert response.json()["field"] == field, response.json()


def _worker(wf, post="social_worker", area=None, name="吴社工"):
    return services.worker_save(actor=wf.leader if area is None else wf.outsider,
                                area=area or wf.tree.community, post=post, name=name,
                                term_starts=DAY, funding="district")  # fmt: skip


def _volunteer(wf):
    return volunteers.volunteer_add(actor=wf.leader, area=wf.tree.community, person=wf.resident,
                                    joined_on=DAY)  # fmt: skip


def test_adding_names_the_community_and_the_social_worker(wf, client):
    body = {"community": wf.tree.community.code, "id_number": id_for(1),
            "joined_on": DAY.isoformat()}  # fmt: skip
    refused_as(post(client, "", {**body, "community": "999999999999"}, wf.leader), 400,
               "community")  # fmt: skip
    refused_as(post(client, "", {**body, "community": wf.tree.street.code}, wf.leader), 400,
               "community")  # fmt: skip
    # an id that names nobody is refused, not taken as "paired with nobody"
    refused_as(post(client, "", {**body, "social_worker": 999999}, wf.leader), 400,
               "social_worker")  # fmt: skip
    assert post(client, "", body, wf.outsider).status_code == 404
    assert not Volunteer.objects.exists()
    made = post(client, "", {**body, "social_worker": _worker(wf).pk}, wf.leader)
    assert made.status_code == 201 and made.json()["social_worker"] is not None


def test_pairing_with_a_social_worker_in_and_out_of_scope(wf, client):
    v = _volunteer(wf)
    mine = _worker(wf)
    far = _worker(wf, area=wf.tree.other_community, name="郑社工")
    staff = _worker(wf, post="station_staff", name="王站员")
    path = f"/{v.pk}/pairing"
    assert post(client, path, {"social_worker": mine.pk}, wf.outsider).status_code == 404
    assert post(client, path, {"social_worker": mine.pk}, wf.worker).status_code == 404
    assert post(client, "/999999/pairing", {"social_worker": mine.pk}, wf.leader).status_code == 404
    for wrong in (far.pk, staff.pk, 999999):  # another community's, not a social worker, nobody
        refused_as(post(client, path, {"social_worker": wrong}, wf.leader), 400, "social_worker")
    refused_as(post(client, path, {}, wf.leader), 422, "social_worker")
    refused_as(post(client, path, {"social_worker": "x"}, wf.leader), 422, "social_worker")
    assert Volunteer.objects.get().social_worker is None
    done = post(client, path, {"social_worker": mine.pk}, wf.leader)
    assert done.status_code == 200 and done.json()["social_worker"] == mine.pk
    # the street's leaders keep its communities' rosters too; null pairs with nobody
    done = post(client, path, {"social_worker": None}, wf.street_leader)
    assert done.status_code == 200 and done.json()["social_worker"] is None
    # the social worker left: no longer one to pair with
    services.worker_leave(actor=wf.leader, worker=mine, on=TODAY, why="调任")
    refused_as(post(client, path, {"social_worker": mine.pk}, wf.leader), 400, "social_worker")


def test_leaving_the_roster_in_and_out_of_scope(wf, client):
    v = _volunteer(wf)
    sw = _worker(wf)
    path = f"/{v.pk}/leave"
    left = (DAY + 3 * D).isoformat()
    assert post(client, path, {"left_on": left}, wf.outsider).status_code == 404
    assert post(client, path, {"left_on": left}, wf.worker).status_code == 404
    for wrong, status in (((TODAY + D).isoformat(), 400), ((DAY - D).isoformat(), 400),
                          ("", 422), (None, 422)):  # fmt: skip
        refused_as(post(client, path, {"left_on": wrong}, wf.leader), status, "left_on")
    assert Volunteer.objects.get().left_on is None
    done = post(client, path, {"left_on": left}, wf.leader)
    assert done.status_code == 200 and done.json()["left_on"] == left
    refused_as(post(client, path, {"left_on": left}, wf.leader), 400, "volunteer")
    # one who left is not paired, and records no hours after the day
    refused_as(post(client, f"/{v.pk}/pairing", {"social_worker": sw.pk}, wf.leader), 400,
               "volunteer")  # fmt: skip
    assert Volunteer.objects.get().social_worker is None
    late = {"day": (DAY + 4 * D).isoformat(), "hours": "1", "activity": "巡逻"}
    refused_as(post(client, f"/{v.pk}/hours", late, wf.leader), 400, "day")
    on_time = post(client, f"/{v.pk}/hours", {**late, "day": left}, wf.leader)
    assert on_time.status_code == 201  # the last day served is still recorded
    # and they may join again
    again = post(client, "", {"community": wf.tree.community.code, "id_number": id_for(1),
                              "joined_on": TODAY.isoformat()}, wf.leader)  # fmt: skip
    assert again.status_code == 201 and again.json()["left_on"] is None
    listed = client.get("/api/v1/workforce/volunteers", **bearer(wf.leader)).json()
    assert sorted((x["left_on"] is None) for x in listed) == [False, True]


def test_hours_and_incentives_in_and_out_of_scope(wf, client):
    v = _volunteer(wf)
    hours = {"day": DAY.isoformat(), "hours": "2.5", "activity": "为独居老人送餐"}
    assert post(client, f"/{v.pk}/hours", hours, wf.outsider).status_code == 404
    assert post(client, f"/{v.pk}/hours", hours, wf.worker).status_code == 404
    for wrong, status, field in (
        ({"hours": "25"}, 422, "hours"),
        ({"hours": "0"}, 422, "hours"),
        ({"activity": " "}, 400, "activity"),
        ({"day": (TODAY + D).isoformat()}, 400, "day"),
        ({"day": (DAY - D).isoformat()}, 400, "day"),  # before they joined
    ):
        refused_as(post(client, f"/{v.pk}/hours", {**hours, **wrong}, wf.leader), status, field)
    assert not ServiceHours.objects.exists()
    done = post(client, f"/{v.pk}/hours", hours, wf.leader)
    assert done.status_code == 201 and Decimal(done.json()["hours"]) == Decimal("2.5")
    refused_as(post(client, f"/{v.pk}/hours", hours, wf.leader), 400, "activity")  # twice
    assert ServiceHours.objects.count() == 1

    give = {"kind": "points", "points": 50, "given_on": TODAY.isoformat(), "why": "服务满 20 小时"}
    assert post(client, f"/{v.pk}/incentives", give, wf.outsider).status_code == 404
    assert post(client, f"/{v.pk}/incentives", give, wf.worker).status_code == 404
    for wrong, status, field in (
        ({"kind": "gift", "points": 5}, 400, "points"),
        ({"points": 0}, 400, "points"),
        ({"points": -1}, 422, "points"),
        ({"kind": "cash", "points": 0}, 400, "kind"),
        ({"why": " "}, 400, "why"),
        ({"given_on": (TODAY + D).isoformat()}, 400, "given_on"),
    ):
        got = post(client, f"/{v.pk}/incentives", {**give, **wrong}, wf.leader)
        refused_as(got, status, field)
    assert not Incentive.objects.exists()
    done = post(client, f"/{v.pk}/incentives", give, wf.leader)
    assert done.status_code == 201 and Incentive.objects.get().points == 50
    gift = post(client, f"/{v.pk}/incentives", {**give, "kind": "commendation", "points": 0},
                wf.street_leader)  # fmt: skip
    assert gift.status_code == 201 and Incentive.objects.count() == 2
