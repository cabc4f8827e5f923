"""Each case action is an operation of the API with its own body, made from the action's
schema: the OpenAPI document describes its fields, typed fields are checked as the schema checks
them, and the older body (the fields as one JSON object in ``data``) keeps working."""

import json

import pytest

from civicgrid.api.api import api
from civicgrid.cases.choices import Action

from .fixtures import walk
from .test_api import client_for, seeded

pytestmark = pytest.mark.django_db


def body_of(doc, action):
    operation = doc["paths"][f"/api/v1/cases/{{case_id}}/actions/{action}"]["post"]
    return operation["requestBody"]["content"]["multipart/form-data"]["schema"]


def test_the_document_describes_each_action_body():
    doc = api.get_openapi_schema(path_prefix="/api/v1")
    assert "/api/v1/cases/{case_id}/actions/{action}" not in doc["paths"]
    for action in Action.values:
        assert {"note", "expected_version", "photos"} <= set(body_of(doc, action)["properties"])
    escalate = body_of(doc, "escalate")
    assert set(escalate["required"]) == {"note", "to_tier"}
    assert escalate["properties"]["to_tier"]["enum"] == ["community", "street", "district"]
    assert "rule" not in escalate["properties"]  # the sweep's, not a client's
    dispatch = body_of(doc, "dispatch")
    assert "required" not in dispatch and dispatch["properties"]["cooperating"]["type"] == "array"
    assert body_of(doc, "rate")["required"] == ["rating"]
    hours = body_of(doc, "request_extension")["properties"]["hours"]
    assert hours["anyOf"][0]["maximum"] == 2000


def test_typed_fields_are_checked_and_used(client, loop):
    case = walk(seeded(loop)[0], loop, until="sign")
    c = client_for(client, loop.handler)
    url = f"/api/v1/cases/{case.pk}/actions/request_extension"
    bad = c.post(url, {"hours": "=1+1", "note": "材料未到"})
    assert bad.status_code == 422 and bad.json()["field"].endswith("hours")
    missing = c.post(url, {"note": "材料未到"})
    assert missing.status_code == 400 and missing.json()["field"] == "hours"
    assert missing.json()["code"] == "required"
    done = c.post(url, {"hours": "4", "note": "材料未到"})
    assert done.status_code == 200 and case.requests.get().hours == 4


def test_the_older_body_still_works_and_a_field_sent_alone_wins(client, loop):
    case = walk(seeded(loop)[0], loop, until="register")
    c = client_for(client, loop.dispatcher)
    url = f"/api/v1/cases/{case.pk}/actions/dispatch"
    older = json.dumps({"unit": loop.other_department.pk})
    refused = c.post(url, {"data": json.dumps({"unit": "x"})})
    assert refused.status_code == 400 and refused.json()["field"] == "unit"
    assert c.post(url, {"data": "[1]"}).json()["field"] == "data"
    done = c.post(url, {"data": older, "unit": str(loop.department.pk)})
    assert done.status_code == 200 and done.json()["lead_unit"] == loop.department.name


def test_what_only_the_platform_sets_is_not_taken_from_a_client(client, loop):
    case = walk(seeded(loop)[0], loop)
    c = client_for(client, loop.operator)
    url = f"/api/v1/cases/{case.pk}/actions/rate"
    done = c.post(url, {"rating": "satisfied", "data": json.dumps({"by": "reporter"})})
    assert done.status_code == 200
    assert "by" not in case.events.get(action="rate").data
