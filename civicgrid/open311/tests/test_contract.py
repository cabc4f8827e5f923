"""Open311 against its OpenAPI description (open311/openapi.yaml), fuzzed by schemathesis with
the malformed inputs clients send (extreme dates, NUL and other control characters, ids of any
length, unknown jurisdictions): no 5xx, only documented statuses, JSON that matches the
description, and every error in the spec's format (an array of code and description, in XML or
JSON as the path asks). The description is checked against the URL configuration, so that a
resource added to one cannot be missing from the other."""

import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import schemathesis
import yaml
from django.test import Client
from django.urls import resolve
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from civicgrid.api.tests.wsgi import keep_connection  # noqa: F401  (fixture)
from civicgrid.open311 import services, urls

DESCRIPTION = Path(services.__file__).with_name("openapi.yaml")
PREFIX = "/open311/v2"
SAMPLE = {"format": "json", "service_code": "06010", "service_request_id": "SQ1", "token": "t"}
SAMPLE |= {"attachment_id": "1", "ext": "jpg"}

schema = schemathesis.openapi.from_path(DESCRIPTION)
schema.app = __import__("config.wsgi").wsgi.application


def _document() -> dict:
    return yaml.safe_load(DESCRIPTION.read_text(encoding="utf-8"))


def _filled(path: str) -> str:
    for name, value in SAMPLE.items():
        path = path.replace("{" + name + "}", value)
    return PREFIX + path


@pytest.fixture
def client_key(loop, keep_connection):  # noqa: F811
    _app, key = services.app_issue(name="contract", requests_per_hour=0)
    return key


def spec_errors(ctx, response, case):
    """A refusal is the spec's error document, in the format the path asks for."""
    if response.status_code < 400:
        return None
    fmt = case.path_parameters.get("format", "xml")
    kind = response.headers.get("content-type", [""])[0]
    assert kind.startswith("application/json" if fmt == "json" else "text/xml"), kind
    if fmt == "json":
        errors = json.loads(response.content)
        pairs = [(e["code"], e["description"]) for e in errors if set(e) == {"code", "description"}]
        assert len(pairs) == len(errors)
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors", root.tag
        pairs = [(e.findtext("code"), e.findtext("description")) for e in root]
    assert pairs and all(code == str(response.status_code) and text for code, text in pairs)
    return None


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("CIVICGRID_CONTRACT_EXAMPLES", 6)) * 2,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=not os.environ.get("CIVICGRID_CONTRACT_RANDOM"),
)
def test_open311_contract(case, client_key):
    if case.method == "POST" and isinstance(case.body, dict) and not case.body.get("api_key"):
        case.body["api_key"] = client_key  # else every POST stops at the key
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            response_schema_conformance,
            spec_errors,
        ]
    )


def test_the_description_names_every_resource_and_method_served(db):
    described = {}
    for path, item in _document()["paths"].items():
        match = resolve(_filled(path))
        assert match.namespace == "open311" and match.url_name != "root", path
        described[match.url_name] = {m.upper() for m in item}
    served = {p.name for p in urls.urlpatterns}
    assert set(described) == served - {"root", None}
    client = Client()
    for path, item in _document()["paths"].items():
        if "{ext}" in path:
            continue
        allow = client.options(_filled(path))["Allow"]
        assert {m.strip() for m in allow.split(",")} - {"HEAD", "OPTIONS"} == {
            m.upper() for m in item
        }, path
