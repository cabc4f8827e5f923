"""The case API: intake with photos, lists with cards, scope (200 / 404), actions, errors."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report, case_transition

from .fixtures import MONDAY
from .test_intake import jpeg

pytestmark = pytest.mark.django_db
FORM = {
    "case_class": "06010",
    "description": "垃圾成堆",
    "channel": "hotline",
    "lon": "121.41",
    "lat": "31.12",
    "reporter_name": "王女士",
    "reporter_phone": "13812345678",
    "answers": json.dumps({"volume": "small"}),
}


def client_for(client, user):
    client.force_login(user)
    return client


def seeded(loop, n=1, **kw):
    return [
        case_report(
            actor=loop.operator,
            report=Report(
                case_class="06010",
                answers={"volume": "small"},
                lon=121.41,
                lat=31.12,
                reporter_name="王",
                reporter_phone="13812345678",
                **kw,
            ),
            now=MONDAY,
        )
        for _ in range(n)
    ]


def test_create_with_a_photo_and_retry(client, loop):
    c = client_for(client, loop.operator)
    response = c.post("/api/v1/cases", {**FORM, "idempotency_key": "k1", "photos": [jpeg()]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case"]["state"] == "reported" and not body["replayed"]
    # masked: the whole number is revealed, audited, to the one calling back (test_desk)
    assert body["case"]["reporter_phone"] == "138****5678"
    assert "register" not in body["case"]["actions"] and "merge" in body["case"]["actions"]
    again = c.post("/api/v1/cases", {**FORM, "idempotency_key": "k1"})
    assert again.status_code == 200 and again.json()["replayed"]
    assert again.json()["case"]["id"] == body["case"]["id"]
    # a second report nearby offers the first as a duplicate
    third = c.post("/api/v1/cases", FORM).json()
    assert [d["id"] for d in third["duplicates"]] == [body["case"]["id"]]


def test_duplicates_publish_what_the_list_publishes_of_each_case(client, loop):
    c = client_for(client, loop.operator)
    first, second = (c.post("/api/v1/cases", FORM).json()["case"]["id"] for _ in range(2))
    past = timezone.now() - dt.timedelta(minutes=5)
    Case.objects.filter(pk=first).update(yellow_at=past)  # a yellow card, read by both
    listed = {row["id"]: row for row in c.get("/api/v1/cases?limit=50").json()["items"]}
    assert listed[first]["card"] == "yellow"
    asked = c.get(f"/api/v1/cases/{second}/duplicates").json()
    after_report = c.post("/api/v1/cases", FORM).json()["duplicates"]
    assert [d["id"] for d in after_report] == [second, first]  # equally near: newest first
    assert after_report == [listed[second], listed[first]]
    assert asked == [listed[first]]


def test_create_errors_name_the_field(client, loop):
    c = client_for(client, loop.operator)
    response = c.post("/api/v1/cases", {**FORM, "lon": "120.0", "lat": "30.0"})
    assert response.status_code == 400 and response.json()["field"] == "location"
    response = c.post("/api/v1/cases", {**FORM, "answers": "{nope"})
    assert response.status_code == 400 and response.json()["field"] == "answers"
    assert not Case.objects.exists()


def test_list_in_scope_and_out_of_scope(client, loop):
    seeded(loop, 3)
    c = client_for(client, loop.operator)
    with CaptureQueriesContext(connection) as queries:
        response = c.get("/api/v1/cases", {"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert len(body["items"]) == 2 and body["next_after"] is not None
    # session, user, grants, covers-every-grid, the page (plus savepoints around the session)
    assert len([q for q in queries if "SAVEPOINT" not in q["sql"]]) <= 6, queries.captured_queries
    rest = c.get("/api/v1/cases", {"limit": 2, "after": body["next_after"]}).json()
    assert len(rest["items"]) == 1 and rest["next_after"] is None
    ids = [i["id"] for i in body["items"] + rest["items"]]
    assert ids == sorted(ids, reverse=True)
    outsider = client_for(client, loop.outsider)
    assert outsider.get("/api/v1/cases").json()["items"] == []
    assert outsider.get(f"/api/v1/cases/{ids[0]}").status_code == 404
    assert outsider.get(f"/api/v1/cases/{ids[0]}/events").status_code == 404


def test_handler_sees_only_assigned_cases(client, loop):
    first, second = seeded(loop, 2)
    case_transition(case_id=first.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    case_transition(case_id=first.pk, action="dispatch", actor=loop.dispatcher, now=MONDAY)
    c = client_for(client, loop.handler)
    assert [i["id"] for i in c.get("/api/v1/cases").json()["items"]] == [first.pk]
    assert c.get(f"/api/v1/cases/{second.pk}").status_code == 404
    detail = c.get(f"/api/v1/cases/{first.pk}").json()
    assert detail["actions"] == ["sign", "return"]
    assert detail["reporter_phone"] == "138****5678"  # masked for the handler


def test_actions_through_the_api(client, loop):
    (case,) = seeded(loop)
    c = client_for(client, loop.shift_lead)
    response = c.post(f"/api/v1/cases/{case.pk}/actions/register", {"expected_version": 1})
    assert response.status_code == 200 and response.json()["state"] == "registered"
    stale = c.post(f"/api/v1/cases/{case.pk}/actions/void", {"expected_version": 1, "note": "x"})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    c = client_for(client, loop.dispatcher)
    detail = c.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["suggestion"]["unit"] == loop.department.pk and detail["suggestion"]["rule"]
    response = c.post(f"/api/v1/cases/{case.pk}/actions/dispatch", {"data": "{}"})
    assert response.json()["lead_unit"] == loop.department.name
    assert response.json()["due_at"] is not None
    c = client_for(client, loop.handler)
    c.post(f"/api/v1/cases/{case.pk}/actions/sign")
    missing = c.post(f"/api/v1/cases/{case.pk}/actions/report_handled")
    assert missing.status_code == 400 and missing.json()["field"] == "photos"
    done = c.post(f"/api/v1/cases/{case.pk}/actions/report_handled", {"photos": [jpeg()]})
    assert done.json()["state"] == "handled"
    events = c.get(f"/api/v1/cases/{case.pk}/events").json()
    assert [e["action"] for e in events][-1] == "report_handled"
    photo_url = events[-1]["attachments"][0]
    assert photo_url.startswith(f"/cases/{case.pk}/attachments/")
    assert c.get(photo_url)["Content-Type"] == "image/jpeg"
    outsider = client_for(client, loop.outsider)
    assert outsider.get(photo_url).status_code == 404


def test_wrong_role_is_403_and_unknown_action_400(client, loop):
    (case,) = seeded(loop)
    c = client_for(client, loop.operator)
    assert c.post(f"/api/v1/cases/{case.pk}/actions/register").status_code == 403
    assert c.post(f"/api/v1/cases/{case.pk}/actions/fly").status_code == 400


def test_cards_in_the_list(client, loop):
    (case,) = seeded(loop)
    case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
    case_transition(case_id=case.pk, action="dispatch", actor=loop.dispatcher, now=MONDAY)
    c = client_for(client, loop.operator)
    # the sign-for deadline (Monday 11:00) has long passed by now
    item = c.get("/api/v1/cases").json()["items"][0]
    assert item["card"] == "red"
    assert c.get("/api/v1/cases", {"card": "red"}).json()["items"][0]["id"] == case.pk
    assert timezone.now() > MONDAY + dt.timedelta(hours=1)


def test_catalogue_search(client, loop):
    c = client_for(client, loop.operator)
    found = c.get("/api/v1/catalogue/classes", {"q": "bllj"}).json()
    assert found[0]["code"] == "06010"
    detail = c.get("/api/v1/catalogue/classes/06010").json()
    assert detail["questions"][0]["code"] == "volume"
    assert c.get("/api/v1/catalogue/classes/99999").status_code == 404


def test_anonymous_caller_gets_401(client, loop):
    assert client.get("/api/v1/cases").status_code == 401


def test_returns_by_rule(client, loop):
    first, second = seeded(loop, 2)
    for case in (first, second):
        case_transition(case_id=case.pk, action="register", actor=loop.shift_lead, now=MONDAY)
        case_transition(case_id=case.pk, action="dispatch", actor=loop.dispatcher, now=MONDAY)
    case_transition(
        case_id=first.pk, action="return", actor=loop.handler, now=MONDAY, note="非本单位"
    )
    c = client_for(client, loop.dispatcher)
    (row,) = c.get("/api/v1/cases/returns-by-rule").json()
    assert (row["dispatched"], row["returned"], row["share"]) == (2, 1, 0.5)
    assert client_for(client, loop.outsider).get("/api/v1/cases/returns-by-rule").json() == []
