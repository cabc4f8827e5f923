"""The OpenAPI document describes each operation with its own schemas and real error statuses."""

import json

from ninja.openapi import schema as openapi

from civicgrid.accounts import services as accounts
from civicgrid.api.api import api


def _generated(monkeypatch) -> tuple[dict, dict[str, set[str]]]:
    """The document, and each component name with every distinct definition offered for it
    (ninja keeps the last one silently: two schemas of one name describe one of them wrongly)."""
    offered: dict[str, set[str]] = {}
    keep = openapi.OpenAPISchema.add_schema_definitions

    def recording(self, definitions):
        for name, definition in definitions.items():
            offered.setdefault(name, set()).add(json.dumps(definition, sort_keys=True))
        keep(self, definitions)

    monkeypatch.setattr(openapi.OpenAPISchema, "add_schema_definitions", recording)
    return openapi.get_schema(api, path_prefix="/api/v1"), offered


def test_no_two_schemas_share_a_component_name(monkeypatch):
    _doc, offered = _generated(monkeypatch)
    shared = {name: len(d) for name, d in offered.items() if len(d) > 1}
    assert not shared, f"schemas of one name with different definitions: {shared}"


def _ref(operation: dict, status: int) -> str:
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    return schema["$ref"].rsplit("/", 1)[-1]


def test_each_operation_is_described_with_its_own_schemas(monkeypatch):
    doc, _offered = _generated(monkeypatch)
    paths, schemas = doc["paths"], doc["components"]["schemas"]
    ranking = paths["/api/v1/score-cards/{card_id}/ranking"]["get"]
    assert "card" in schemas[_ref(ranking, 200)]["properties"]
    burden = _ref(paths["/api/v1/community-burden"]["get"], 200)
    assert burden != _ref(ranking, 200) and "card" not in schemas[burden]["properties"]
    duty_import = schemas[_ref(paths["/api/v1/duty-lists/{kind}/{list_type}"]["post"], 400)]
    assert {"written", "list", "errors"} == set(duty_import["properties"])
    register_import = schemas[_ref(paths["/api/v1/register/imports"]["post"], 200)]
    assert "created" in register_import["properties"]


def test_every_operation_declares_the_errors_it_can_answer():
    doc = api.get_openapi_schema(path_prefix="/api/v1")
    assert doc["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message"]
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            declared = {int(s) for s in operation["responses"]}
            if operation.get("security"):
                assert 401 in declared, (method, path)
            if "{" in path:
                assert {404, 422} <= declared, (method, path)
            if method != "get":
                assert {400, 403, 404, 409, 422} <= declared, (method, path)
    ballots = doc["paths"]["/api/v1/micro-calls/{call_id}/ballots"]["post"]
    assert 429 in ballots["responses"]
    cases = doc["paths"]["/api/v1/cases"]["get"]["responses"]
    assert {400, 401, 404, 422} <= set(cases) and 409 not in cases  # a filter names a unit …
    # a view's own 400 (an import's report) or the one mapping's error
    refused = doc["paths"]["/api/v1/duty-lists/{kind}/{list_type}"]["post"]["responses"][400]
    either = refused["content"]["application/json"]["schema"]["anyOf"]
    assert {"$ref": "#/components/schemas/ErrorOut"} in either and len(either) == 2


def test_a_body_ninja_cannot_parse_is_refused_in_the_api_shape(client, db):
    user = accounts.user_create(username="parse", password="pw-for-tests-123")
    _token, key = accounts.token_create(user=user, name="parse")
    response = client.post(
        "/api/v1/tokens",
        b"\xff\xfe{",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"code", "field", "message"}
