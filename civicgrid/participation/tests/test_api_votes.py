"""The API of elections and option votes: open one, nominate (a resident), put options (the
area's leaders, 404 elsewhere), vote and count; a nominee not on the ballot is never named."""

import pytest
from django.utils import timezone

from civicgrid.accounts.tests.factories import bearer
from civicgrid.participation.council_models import Council

from .fixtures import CLOSED, PROPOSING, SH, VOTING

pytestmark = pytest.mark.django_db

DATES = {
    "proposals_from": "2026-03-01", "proposals_until": "2026-03-31",
    "voting_from": "2026-04-10T10:00:00+08:00", "voting_until": "2026-04-20T18:00:00+08:00",
}  # fmt: skip


def post(client, url, body, user):
    return client.post(url, body, content_type="application/json", **bearer(user))


def test_an_election_through_the_api(client, tree, micro, loop, monkeypatch):
    council = Council.objects.create(
        area=tree.community, kind="committee", name="居委会", term_from=PROPOSING,
        term_until=PROPOSING.replace(year=2031), seats=5,
    )  # fmt: skip
    body = {"area": tree.community.code, "title": "居委会换届选举", "purpose": "election",
            "seats": 2, **DATES}  # fmt: skip
    no_council = post(client, "/api/v1/micro-calls", body, micro.manager)
    assert no_council.status_code == 400 and no_council.json()["field"] == "council"
    assert post(client, "/api/v1/micro-calls", {**body, "council": council.pk},
                loop.outsider).status_code == 404  # fmt: skip
    made = post(client, "/api/v1/micro-calls", {**body, "council": council.pk}, micro.manager)
    assert made.status_code == 201, made.json()
    call = made.json()
    assert (call["purpose"], call["council"], call["max_choices"]) == ("election", council.pk, 2)
    monkeypatch.setattr(timezone, "localdate", lambda *a: PROPOSING)
    url = f"/api/v1/micro-calls/{call['id']}/nominations"
    r = micro.residents
    nomination = {"nominator": {"name": r[0][1], "id_number": r[0][2]},
                  "candidate_name": r[1][1], "candidate_id_number": r[1][2]}  # fmt: skip
    done = post(client, url, nomination, loop.resident)
    assert done.status_code == 201 and done.json() == {"call": call["id"], "candidate": r[1][1]}
    outsider = {**nomination, "candidate_name": micro.outsider[1],
                "candidate_id_number": micro.outsider[2]}  # fmt: skip
    refused = post(client, url, outsider, loop.resident)
    assert refused.status_code == 400 and refused.json()["field"] == "candidate_id_number"
    projects = f"/api/v1/micro-calls/{call['id']}/options"
    assert post(client, projects, {"title": "x", "description": "x"},
                micro.manager).status_code == 404  # not an option vote  # fmt: skip
    public = client.get(f"/api/v1/micro-calls/{call['id']}", **bearer(loop.resident)).json()
    assert public["proposals"] == []  # nominated, not yet on the ballot: not named


def test_an_option_vote_through_the_api(client, tree, micro, loop, monkeypatch):
    body = {"area": tree.community.code, "title": "3号院整治还是征迁", "purpose": "options",
            "majority": 50, **DATES}  # fmt: skip
    made = post(client, "/api/v1/micro-calls", body, micro.manager)
    assert made.status_code == 201 and made.json()["budget"] == 0
    url = f"/api/v1/micro-calls/{made.json()['id']}/options"
    monkeypatch.setattr(timezone, "now", lambda: VOTING.replace(month=3, day=20))
    assert post(client, url, {"title": "整治", "description": "原址改造"},
                loop.outsider).status_code == 404  # fmt: skip
    empty = post(client, url, {"title": "整治", "description": ""}, micro.manager)
    assert empty.status_code in (400, 422)
    keep = post(client, url, {"title": "整治", "description": "原址改造"}, micro.manager).json()
    move = post(client, url, {"title": "征迁", "description": "拆除安置"}, micro.manager).json()
    monkeypatch.setattr(timezone, "now", lambda: VOTING)
    ballots = f"/api/v1/micro-calls/{made.json()['id']}/ballots"
    for n, (_p, name, number) in enumerate(micro.residents[:5]):
        choice = keep["id"] if n < 3 else move["id"]
        cast = post(client, ballots, {"name": name, "id_number": number, "choices": [choice]},
                    loop.resident)  # fmt: skip
        assert cast.status_code == 200
    _p, name, number = micro.residents[5]
    both = post(client, ballots, {"name": name, "id_number": number,
                                  "choices": [keep["id"], move["id"]]}, loop.resident)  # fmt: skip
    assert both.status_code == 400 and both.json()["field"] == "choices"
    monkeypatch.setattr(timezone, "now", lambda: CLOSED)
    counted = post(client, f"/api/v1/micro-calls/{made.json()['id']}/tally", {}, micro.manager)
    result = counted.json()
    assert (result["roll"], result["ballots"], result["stands"]) == (6, 5, True)
    assert {p["title"]: p["status"] for p in result["proposals"]} == {"整治": "won", "征迁": "lost"}
    assert result["projects"] == []
    assert SH  # the fixtures' zone: the dates above are Shanghai's
