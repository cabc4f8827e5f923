"""Choosing a grid leader: nominees live in the grid (the register says), the open selection
records every nominee's votes, the most votes are appointed for the term onto the roster; renewal
and dismissal. On the pages too, in scope or 404."""

import datetime as dt

import pytest
from django.urls import reverse

from civicgrid.registry.tests.factories import id_for, person
from civicgrid.workforce import selections, services
from civicgrid.workforce.models import Nomination, Selection, Worker

from .fixtures import DAY, refused

pytestmark = pytest.mark.django_db
LATER = DAY + dt.timedelta(days=14)


def opened(wf):
    return selections.selection_open(actor=wf.leader, grid=wf.tree.grid1, opened_on=DAY)


def test_nominees_live_in_the_grid_and_the_most_votes_are_appointed(wf):
    refused("grid", selections.selection_open, actor=wf.outsider, grid=wf.tree.grid1,
            opened_on=DAY)  # fmt: skip
    s = opened(wf)
    refused("grid", opened, wf)  # one at a time per grid
    elsewhere = person("外网格", wf.tree.grid2, n=2)
    refused("person", selections.nominate, actor=wf.leader, selection=s, person=elsewhere,
            nominated_by="residents_group", nominated_on=DAY)  # fmt: skip
    a = selections.nominate(actor=wf.leader, selection=s, person=wf.resident,
                            nominated_by="building_committee", nominated_on=DAY)  # fmt: skip
    b = selections.nominate(actor=wf.leader, selection=s,
                            person=person("钱居民", wf.tree.grid1, n=3),
                            nominated_by="self", nominated_on=DAY)  # fmt: skip
    refused("person", selections.nominate, actor=wf.leader, selection=s, person=wf.resident,
            nominated_by="self", nominated_on=DAY)  # fmt: skip
    refused("votes", selections.selection_hold, actor=wf.leader, selection=s, held_on=LATER,
            voters=100, votes={a.pk: 60})  # fmt: skip
    refused("votes", selections.selection_hold, actor=wf.leader, selection=s, held_on=LATER,
            voters=100, votes={a.pk: 60, b.pk: 50})  # fmt: skip
    selections.selection_hold(actor=wf.leader, selection=s, held_on=LATER, voters=120,
                              votes={a.pk: 70, b.pk: 40})  # fmt: skip
    refused("nomination", selections.appoint, actor=wf.leader, selection=s, nomination=b,
            on=LATER, funding="district")  # fmt: skip
    w = selections.appoint(actor=wf.leader, selection=s, nomination=a, on=LATER,
                           funding="district")  # fmt: skip
    assert (w.post, w.person_id, list(w.grids.all())) == ("grid_leader", wf.resident.pk,
                                                           [wf.tree.grid1])  # fmt: skip
    assert w.term_ends == dt.date(2029, 3, 15) and Selection.objects.get().appointed == w
    refused("until", selections.term_renew, actor=wf.leader, worker=w, until=w.term_ends)
    selections.term_renew(actor=wf.leader, worker=w, until=dt.date(2032, 3, 15))
    services.worker_leave(actor=wf.leader, worker=w, on=LATER, why="年终考核不称职",
                          left_as="dismissed")  # fmt: skip
    assert Worker.objects.get().left_as == "dismissed"


def test_a_selection_on_the_pages(wf, client):
    url = reverse("workforce:selections")
    client.force_login(wf.leader)
    made = client.post(url, {"action": "open", "grid": wf.tree.grid1.pk, "opened_on": str(DAY),
                             "term_years": 3})  # fmt: skip
    assert made.status_code == 302
    s = Selection.objects.get()
    page = reverse("workforce:selection", args=[s.pk])
    wrong = client.post(page, {"action": "nominate", "id_number": id_for(77),
                               "nominated_by": "self", "nominated_on": str(DAY)})  # fmt: skip
    assert wrong.status_code == 200 and "is-invalid" in wrong.content.decode()
    ok = client.post(page, {"action": "nominate", "id_number": id_for(1),
                            "nominated_by": "self", "nominated_on": str(DAY)})  # fmt: skip
    assert ok.status_code == 302
    n = Nomination.objects.get()
    held = client.post(page, {"action": "hold", "held_on": str(LATER), "voters": "80",
                              f"votes_{n.pk}": "66"})  # fmt: skip
    assert held.status_code == 302
    appointed = client.post(page, {"action": "appoint", "nomination": n.pk, "on": str(LATER),
                                   "funding": "district"})  # fmt: skip
    assert appointed.status_code == 302 and Worker.objects.get().name == "周网格"
    client.force_login(wf.outsider)
    assert client.get(page).status_code == 404
    client.force_login(wf.worker)
    assert client.get(url).status_code == 404


def test_the_api_runs_a_selection_in_scope(wf):
    from django.test import Client

    from civicgrid.accounts.tests.factories import bearer

    c, mine, theirs = Client(), bearer(wf.leader), bearer(wf.outsider)
    json = {"content_type": "application/json"}
    body = {"grid": wf.tree.grid1.code, "opened_on": str(DAY)}
    assert c.post("/api/v1/workforce/selections", body, **json, **theirs).status_code == 404
    made = c.post("/api/v1/workforce/selections", body, **json, **mine)
    assert made.status_code == 201, made.content
    sid = made.json()["id"]
    assert c.get(f"/api/v1/workforce/selections/{sid}", **theirs).status_code == 404
    nominate = {"person": wf.resident.pk, "nominated_by": "self", "nominated_on": str(DAY)}
    path = f"/api/v1/workforce/selections/{sid}/nominations"
    assert c.post(path, nominate, **json, **theirs).status_code == 404
    got = c.post(path, nominate, **json, **mine)
    assert got.status_code == 201
    nid = got.json()["nominations"][0]["id"]
    hold = {"held_on": str(LATER), "voters": 50, "votes": {str(nid): 30}}
    assert c.post(f"/api/v1/workforce/selections/{sid}/hold", hold, **json,
                  **theirs).status_code == 404  # fmt: skip
    assert c.post(f"/api/v1/workforce/selections/{sid}/hold", hold, **json,
                  **mine).status_code == 200  # fmt: skip
    appoint = {"nomination": nid, "on": str(LATER)}
    assert c.post(f"/api/v1/workforce/selections/{sid}/appoint", appoint, **json,
                  **theirs).status_code == 404  # fmt: skip
    done = c.post(f"/api/v1/workforce/selections/{sid}/appoint", appoint, **json, **mine)
    assert done.status_code == 200 and done.json()["status"] == "appointed"
    wid = done.json()["appointed"]
    renew = {"until": "2031-01-01"}
    assert c.post(f"/api/v1/workforce/workers/{wid}/renew", renew, **json,
                  **theirs).status_code == 404  # fmt: skip
    renewed = c.post(f"/api/v1/workforce/workers/{wid}/renew", renew, **json, **mine)
    assert renewed.status_code == 200 and renewed.json()["term_ends"] == "2031-01-01"
