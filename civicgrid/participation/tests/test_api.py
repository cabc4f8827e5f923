"""The micro-project API: the same rules and scope as the pages; bad input named."""

import datetime as dt

import pytest
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.cases.models import Case
from civicgrid.participation import councils
from civicgrid.participation.models import Ballot

from .fixtures import CLOSED, PROPOSING, SH, VOTING

pytestmark = pytest.mark.django_db


def post(client, url, body, user):
    return client.post(url, body, content_type="application/json", **bearer(user))


def test_open_read_vote_and_count(client, micro, loop, monkeypatch):
    body = {
        "area": micro.call.area.code, "title": "第二批", "budget": 50000, "cap_goods": 10000,
        "proposals_from": "2026-06-01", "proposals_until": "2026-06-30",
        "voting_from": "2026-07-05T09:00:00+08:00", "voting_until": "2026-07-10T18:00:00+08:00",
        "method": "budget",
    }  # fmt: skip
    assert post(client, "/api/v1/micro-calls", body, micro.council).status_code == 404
    assert post(client, "/api/v1/micro-calls", body, loop.outsider).status_code == 404
    bad = post(client, "/api/v1/micro-calls", {**body, "cap_goods": 0}, micro.manager)
    assert bad.status_code == 400 and bad.json()["field"] == "cap_works"
    made = post(client, "/api/v1/micro-calls", body, micro.manager)
    assert made.status_code == 201 and made.json()["method"] == "budget"
    got = client.get(f"/api/v1/micro-calls/{micro.call.pk}", **bearer(loop.resident)).json()
    assert [p["title"] for p in got["proposals"]] == [
        "加装楼道扶手",
        "长者助餐服务",
        "更换健身器材",
    ]
    assert got["proposals"][0]["proposer_unit"] and got["eligible_voters"] == 6
    monkeypatch.setattr(timezone, "now", lambda: VOTING)
    _person, name, number = micro.residents[0]
    url = f"/api/v1/micro-calls/{micro.call.pk}/ballots"
    ids = [micro.proposals[0].pk, micro.proposals[1].pk]
    cast = post(client, url, {"name": name, "id_number": number, "choices": ids}, loop.resident)
    assert cast.status_code == 200 and cast.json() == {"changed": False, "choices": sorted(ids)}
    three = {"name": name, "id_number": number, "choices": [p.pk for p in micro.proposals]}
    refused = post(client, url, three, loop.resident)
    assert refused.status_code == 400 and refused.json()["field"] == "choices"
    wrong = post(client, url, {**three, "id_number": micro.outsider[2]}, loop.resident)
    assert wrong.status_code == 400 and wrong.json()["field"] == "id_number"
    assert Ballot.objects.count() == 1
    monkeypatch.setattr(timezone, "now", lambda: CLOSED)
    tally = f"/api/v1/micro-calls/{micro.call.pk}/tally"
    assert post(client, tally, {}, loop.outsider).status_code == 404
    counted = post(client, tally, {}, micro.manager)
    assert counted.status_code == 200 and counted.json()["ballots"] == 1
    won = [p["title"] for p in counted.json()["proposals"] if p["status"] == "won"]
    assert won == ["长者助餐服务", "加装楼道扶手"]  # equal votes: the cheaper first
    project = counted.json()["projects"][0]["id"]
    progress = post(client, f"/api/v1/micro-projects/{project}/progress", {"progress": 50},
                    micro.manager)  # fmt: skip
    assert progress.status_code == 200 and progress.json()["progress"] == 50
    hidden = post(client, f"/api/v1/micro-projects/{project}/progress", {"progress": 60},
                  loop.outsider)  # fmt: skip
    assert hidden.status_code == 404


def test_propose_and_deliberate(client, micro, monkeypatch, settings):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime.combine(PROPOSING, dt.time(10), SH))
    _person, name, number = micro.residents[1]
    body = {"title": "楼道照明", "description": "更换灯具", "beneficiaries": "3号楼居民",
            "kind": "goods", "cost": 8000, "resident": {"name": name, "id_number": number}}  # fmt: skip
    url = f"/api/v1/micro-calls/{micro.call.pk}/proposals"
    made = post(client, url, body, micro.clerk)
    assert made.status_code == 201 and made.json()["proposer"] == "resident"
    assert made.json()["proposer_unit"] is None
    over = post(client, url, {**body, "cost": 25000}, micro.clerk)  # goods cap 20,000
    assert over.status_code == 400 and over.json()["field"] == "cost"
    settings.CIVICGRID_VOTER_PROOFS_PER_HOUR = 2  # proposing proves who one is: limited too
    limited = post(client, url, body, micro.clerk)
    assert limited.status_code == 429
    decide = f"/api/v1/micro-proposals/{made.json()['id']}/deliberation"
    done = post(client, decide, {"admit": False, "reasons": "与已有项目重复"}, micro.council)
    assert done.status_code == 200 and done.json()["status"] == "rejected"


def test_councils_meetings_opinions_and_claims(client, micro, loop):
    councils.council_create(actor=micro.manager, area=micro.call.area, kind="residents",
                            name="议事会", term_from=micro.call.proposals_from,
                            term_until=micro.call.proposals_from.replace(year=2030))  # fmt: skip
    got = client.get("/api/v1/councils", **bearer(micro.council)).json()
    assert [c["name"] for c in got] == ["议事会"]
    assert client.get("/api/v1/councils", **bearer(loop.outsider)).json() == []
    body = {"community": micro.call.area.code, "channel": "visit", "text": "路灯太暗"}
    made = post(client, "/api/v1/opinions", body, micro.council)
    assert made.status_code == 201 and made.json()["resolved"] is False
    assert post(client, "/api/v1/opinions", body, loop.outsider).status_code == 404
    bad = post(client, "/api/v1/opinions", {**body, "text": " "}, micro.council)
    assert bad.status_code == 400 and bad.json()["field"] == "text"
    oid = made.json()["id"]
    routed = post(client, f"/api/v1/opinions/{oid}/route", {"to": "case", "case_class": "AP005"},
                  micro.council)  # fmt: skip
    assert routed.status_code == 200 and routed.json()["case"]
    assert post(client, f"/api/v1/opinions/{oid}/resolution", {"resolution": "已修"},
                loop.outsider).status_code == 404  # fmt: skip
    early = post(client, f"/api/v1/opinions/{oid}/resolution", {"resolution": "已修"},
                 micro.council)  # fmt: skip
    assert early.status_code == 400 and early.json()["code"] == "case_open"  # its case is open

    Case.objects.filter(number=routed.json()["case"]).update(
        state="closed", closed_at=timezone.now()
    )
    done = post(client, f"/api/v1/opinions/{oid}/resolution", {"resolution": "已修"}, micro.council)
    assert done.json()["resolved"] is True
    rates = client.get("/api/v1/opinion-rates", {"start": "2000-01-01", "end": "2100-01-01"},
                       **bearer(micro.council)).json()  # fmt: skip
    assert rates == [{"community": micro.call.area.code, "collected": 1, "resolved": 1,
                      "rate": 100.0}]  # fmt: skip
    claim = {"community": micro.call.area.code, "claimant": "volunteer", "volunteer": "甲",
             "task": "助老", "hours": 2}  # fmt: skip
    assert post(client, "/api/v1/claims", claim, micro.council).status_code == 201
    assert client.get("/api/v1/claims", **bearer(micro.council)).json()[0]["hours"] == 2.0
    assert (
        client.get("/api/v1/meetings", {"published": "true"}, **bearer(loop.resident)).json() == []
    )
