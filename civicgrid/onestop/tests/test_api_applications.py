"""The API of applications: the window's intake, the office's steps, the portal's submission and
rating, the office's answer — the pages' rules, the field named on a refusal, 404 outside."""

import json

import pytest

from civicgrid.accounts.tests.factories import bearer, user_with_role
from civicgrid.onestop.models import Application, Rating

pytestmark = pytest.mark.django_db


def post(client, user, path, body):
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json",
                       **bearer(user))  # fmt: skip


def get(client, user, path):
    return client.get(f"/api/v1{path}", **bearer(user))


def test_the_window_accepts_and_the_office_decides_through_the_api(client, desk):
    d = desk
    applicant = {"name": d.proof.name, "id_number": d.proof.id_number}
    refused = post(client, d.clerk, f"/service-centres/{d.centre.code}/applications",
                   {"item": d.promised.code, "applicant": applicant, "provided": [d.photo.pk]})  # fmt: skip
    assert refused.status_code in (400, 422) and "materials" in refused.content.decode()
    assert not Application.objects.exists()
    made = post(client, d.clerk, f"/service-centres/{d.centre.code}/applications",
                {"item": d.promised.code, "applicant": applicant, "window": 1,
                 "provided": [d.card.pk, d.photo.pk]})  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    number = body["number"]
    assert body["status"] == "accepted" and body["steps"] == ["初审", "审批"]
    assert body["applicant_id_number"] == d.resident.id_number_masked
    assert d.proof.id_number not in made.content.decode()
    assert post(client, d.stranger, f"/service-centres/{d.centre.code}/applications",
                {"item": d.promised.code, "applicant": applicant}).status_code == 404  # fmt: skip
    steps = f"/service-applications/{number}/steps"
    assert post(client, d.clerk, steps, {"action": "review"}).status_code == 404  # the office's
    assert Application.objects.get().steps_passed == 0
    assert post(client, d.handler, steps, {"action": "review", "note": "齐"}).status_code == 200
    assert post(client, d.handler, steps, {"action": "review"}).status_code == 200
    bad = post(client, d.handler, steps, {"action": "approve", "document": ""})
    assert bad.status_code in (400, 422) and "document" in bad.content.decode()
    done = post(client, d.handler, steps, {"action": "approve", "document": "证书 No.1"})
    assert done.json()["status"] == "approved"
    assert post(client, d.handler, steps, {"action": "teleport"}).status_code == 422
    handed = post(client, d.clerk, steps, {"action": "hand_over", "how": "pick_up"})
    assert handed.json()["status"] == "handed_over"
    assert [h["action"] for h in handed.json()["history"]] == [
        "accept", "review", "review", "approve", "hand_over"]  # fmt: skip
    assert get(client, d.stranger, f"/service-applications/{number}").status_code == 404
    assert get(client, d.handler, f"/service-applications/{number}").status_code == 200
    listed = get(client, d.handler, "/service-applications?status=handed_over").json()
    assert [a["number"] for a in listed["items"]] == [number]
    assert get(client, d.stranger, "/service-applications").json()["items"] == []


def test_a_resident_submits_and_rates_and_the_office_answers_through_the_api(client, desk, tree):
    d = desk
    resident = user_with_role("api_resident", tree.community, "resident")
    applicant = {"name": d.proof.name, "id_number": d.proof.id_number}
    wrong = post(client, resident, f"/service-items/{d.promised.code}/applications",
                 {"applicant": {"name": "王大明", "id_number": d.proof.id_number}})  # fmt: skip
    assert wrong.status_code in (400, 404, 422) and "id_number" in wrong.content.decode()
    made = post(client, resident, f"/service-items/{d.promised.code}/applications",
                {"applicant": applicant})  # fmt: skip
    assert made.status_code == 201 and made.json()["channel"] == "portal"
    number = made.json()["number"]
    rating = f"/service-applications/{number}/rating"
    early = post(client, resident, rating, {"grade": 5})  # not finished yet
    assert early.status_code == 400 and early.json()["code"] == "conflict"
    app = Application.objects.get()
    from civicgrid.onestop import desk as front
    from civicgrid.onestop import office

    front.desk_decide(actor=d.clerk, application=app, provided=[d.card.pk, d.photo.pk])
    post(client, d.handler, f"/service-applications/{number}/steps",
         {"action": "refuse", "reasons": "不符合条件"})  # fmt: skip
    assert Application.objects.get().status == "refused"
    assert post(client, resident, rating, {"grade": 0}).status_code == 422
    assert post(client, d.clerk, rating, {"grade": 5}).status_code == 404  # not the applicant
    assert (
        post(client, resident, rating, {"grade": 2, "comment": "=HYPERLINK(1)"}).status_code == 201
    )
    assert Rating.objects.get().comment == "=HYPERLINK(1)"  # kept as text
    answer = f"/service-applications/{number}/rating/answer"
    assert post(client, d.clerk, answer, {"answer": "x"}).status_code == 404  # the office's
    assert Rating.objects.get().answered_at is None
    assert post(client, d.handler, answer, {"answer": "已回访"}).status_code == 200
    assert Rating.objects.get().answer == "已回访"
    assert office.may_decide(d.handler, app)
