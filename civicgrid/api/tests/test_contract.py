"""The REST API against its own OpenAPI document, fuzzed by schemathesis: whatever a client
sends, no 5xx, no status the document does not declare, and no response that breaks the
documented schema. A bounded number of examples per operation keeps it in CI's time."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from civicgrid.accounts import services as accounts

from .wsgi import keep_connection  # noqa: F401  (fixture)

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", __import__("config.wsgi").wsgi.application
)


@pytest.fixture
def superuser_token(loop, world, keep_connection):  # noqa: F811
    user = accounts.user_create(username="contract", password="pw-for-tests-123", is_superuser=True)
    _token, key = accounts.token_create(user=user, name="contract")
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("CIVICGRID_CONTRACT_EXAMPLES", 6)),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=not os.environ.get("CIVICGRID_CONTRACT_RANDOM"),
)
def test_api_contract(case, superuser_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {superuser_token}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )


@pytest.mark.django_db
def test_an_id_beyond_the_database_is_bad_input_naming_the_field(client, superuser_token):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {superuser_token}"}
    response = client.get(f"/api/v1/cases/{2**70}", **auth)
    assert response.status_code == 422 and response.json()["field"] == "case_id"
    response = client.get("/api/v1/cases", {"after": 2**70}, **auth)
    assert response.status_code == 422 and response.json()["field"] == "after"
    assert client.get("/api/v1/cases/12345", **auth).status_code == 404
