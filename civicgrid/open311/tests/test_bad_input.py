"""Malformed Open311 requests: each is a 400 naming the argument (405 for a method), in the
spec's error format and the format the path asks for, never a server error."""

import pytest
from django.test import Client

from civicgrid.cases.models import Case
from civicgrid.catalogue.models import CaseClass
from civicgrid.open311 import services

from .test_requests import app, post  # noqa: F401  (fixture)
from .test_services import as_json, xml

pytestmark = pytest.mark.django_db

FAR = "9999-12-31T23:59:59+14:00"
EARLY = "0001-01-01T00:00:00-14:00"


def refused(response, field, status=400):
    """The spec's error array, each error naming ``field``, in JSON."""
    assert response.status_code == status, response.content
    errors = as_json(response)
    assert errors and all(set(e) == {"code", "description"} for e in errors)
    assert all(e["code"] == str(status) for e in errors)
    assert any(field in e["description"] for e in errors), errors
    return errors


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("requests", {"start_date": FAR}, "start_date"),
        ("requests", {"end_date": EARLY}, "end_date"),
        ("requests", {"start_date": EARLY, "end_date": FAR}, "start_date"),
        ("requests", {"updated_after": FAR}, "updated_after"),
        ("requests", {"start_date": "2026-01-01T00:00:00+23:59"}, "start_date"),
        ("requests", {"end_date": "2026-01-01T00:00:00-15:00"}, "end_date"),
        (
            "requests",
            {"start_date": "2026-02-01T00:00:00+08:00", "end_date": "2026-01-01T00:00:00+08:00"},
            "end_date",
        ),
        (
            "requests",
            {"updated_after": "2026-02-01T00:00:00Z", "updated_before": "2026-01-01T00:00:00Z"},
            "updated_before",
        ),
        ("servicerequestupdates", {"start_date": FAR}, "start_date"),
        ("servicerequestupdates", {"end_date": EARLY}, "end_date"),
        ("requests", {"service_code": "06010\x00"}, "service_code"),
        ("requests", {"status": "open\x01"}, "status"),
        ("services", {"jurisdiction_id": "\x00"}, "jurisdiction_id"),
        ("requests", {"jurisdiction_id": "3" * 65}, "jurisdiction_id"),
    ],
)
def test_extreme_and_odd_arguments_are_refused_naming_them(client, loop, path, params, field):
    refused(client.get(f"/open311/v2/{path}.json", params), field)


def test_more_ids_than_a_page_holds_are_refused_not_dropped(client, loop):
    ids = ",".join(f"C{n}" for n in range(1001))
    refused(
        client.get("/open311/v2/requests.json", {"service_request_id": ids}), "service_request_id"
    )
    assert (
        client.get("/open311/v2/requests.json", {"service_request_id": "C1,C2"}).status_code == 200
    )


def test_extreme_dates_in_xml(client, loop):
    response = client.get("/open311/v2/requests.xml", {"start_date": FAR})
    assert response.status_code == 400
    (error,) = xml(response)["errors"]["error"]
    assert error["code"] == "400" and "start_date" in error["description"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("requests/%00", "service_request_id"),
        ("requests/SQ%01X", "service_request_id"),
        ("requests/" + "9" * 65, "service_request_id"),
        ("services/%00", "service_code"),
        ("tokens/%00", "token"),
        ("tokens/" + "a" * 300, "token"),
    ],
)
def test_odd_ids_are_refused_naming_them(client, loop, path, field):
    refused(client.get(f"/open311/v2/{path}.json"), field)
    response = client.get(f"/open311/v2/{path}.xml")
    assert response.status_code == 400 and field in response.content.decode()
    assert xml(response)["errors"]["error"][0]["code"] == "400"


def test_an_unknown_id_of_good_form_is_still_404(client, loop):
    refused(client.get("/open311/v2/requests/SQ2026.json"), "SQ2026", status=404)
    refused(client.get("/open311/v2/requests/%C3%A9.json"), "é", status=404)


@pytest.mark.parametrize(
    "path",
    [
        "discovery",
        "services",
        "services/06010",
        "requests",
        "requests/SQ2026",
        "servicerequestupdates",
        "tokens/abc",
    ],
)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_other_than_posting_a_request_are_405(loop, path, method):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF page in the way
    response = getattr(client, method)(f"/open311/v2/{path}.json")
    errors = refused(response, method.upper(), status=405)
    assert errors[0]["code"] == "405"
    allow = {m.strip() for m in response["Allow"].split(",")}
    assert {"GET", "HEAD"} <= allow and ("POST" in allow) == (path == "requests")
    assert method.upper() not in allow
    xml_response = getattr(client, method)(f"/open311/v2/{path}.xml")
    assert xml_response.status_code == 405 and xml(xml_response)["errors"]["error"]


def test_posting_to_a_read_only_resource_is_405(loop):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/open311/v2/services.json", {})
    refused(response, "GET", status=405)
    assert "POST" not in response["Allow"]
    assert client.put("/open311/v2/media/1.jpg").status_code == 405


def test_account_and_device_ids_are_bounded(client, app):  # noqa: F811
    refused(post(client, app, account_id="a" * 65), "account_id")
    refused(post(client, app, device_id="d" * 65), "device_id")
    refused(post(client, app, account_id="acc\x00"), "account_id")
    refused(post(client, app, description="垃圾\x00"), "description")
    assert Case.objects.count() == 0
    response = post(client, app, account_id="a" * 64, description="多行\n描述\t一")
    assert response.status_code == 201 and as_json(response)[0]["account_id"] == "a" * 64


def test_an_idempotency_key_makes_a_retry_safe(client, app):  # noqa: F811
    key = {"HTTP_IDEMPOTENCY_KEY": "retry-1"}
    first = client.post("/open311/v2/requests.json", _form(app), **key)
    assert first.status_code == 201
    again = client.post("/open311/v2/requests.json", _form(app), **key)
    assert again.status_code == 200
    assert as_json(again)[0]["service_request_id"] == as_json(first)[0]["service_request_id"]
    assert Case.objects.count() == 1
    other = client.post("/open311/v2/requests.json", _form(app), HTTP_IDEMPOTENCY_KEY="retry-2")
    assert other.status_code == 201 and Case.objects.count() == 2
    # the REST API's form field works too; the same key on another channel is another case
    field = client.post("/open311/v2/requests.json", {**_form(app), "idempotency_key": "retry-1"})
    assert field.status_code == 200 and Case.objects.count() == 2
    refused(
        client.post("/open311/v2/requests.json", _form(app), HTTP_IDEMPOTENCY_KEY="x" * 65),
        "Idempotency-Key",
    )
    refused(
        client.post("/open311/v2/requests.json", _form(app), HTTP_IDEMPOTENCY_KEY="中文"),
        "Idempotency-Key",
    )


def test_keys_of_two_applications_never_meet(client, app):  # noqa: F811

    _other, other_key = services.app_issue(name="另一个 App")
    key = {"HTTP_IDEMPOTENCY_KEY": "same"}
    assert client.post("/open311/v2/requests.json", _form(app), **key).status_code == 201
    response = client.post("/open311/v2/requests.json", {**_form(app), "api_key": other_key}, **key)
    assert response.status_code == 201 and Case.objects.count() == 2


def test_a_retried_batch_request_answers_the_same_token(client, app):  # noqa: F811
    CaseClass.objects.filter(code="06010").update(service_type="batch")
    key = {"HTTP_IDEMPOTENCY_KEY": "batch-1"}
    first = as_json(client.post("/open311/v2/requests.json", _form(app), **key))
    again = client.post("/open311/v2/requests.json", _form(app), **key)
    assert again.status_code == 200 and as_json(again)[0]["token"] == first[0]["token"]
    assert Case.objects.get().open311_tokens.count() == 1


def _form(client_app):
    return {
        "api_key": client_app.key,
        "service_code": "06010",
        "lat": "31.12",
        "long": "121.41",
        "attribute[volume]": "small",
        "description": "路口垃圾没人清",
    }


def test_no_resource_is_a_404_in_the_spec_format_whatever_the_method_or_path(loop):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/open311/v2/requests.yaml", {"api_key": "x"})
    assert response.status_code == 404 and xml(response)["errors"]["error"][0]["code"] == "404"
    for path in ("requests.x%0Ay", "a%0Ab.json", "%0A"):
        response = client.get(f"/open311/v2/{path}")
        assert response.status_code == 404 and response["Content-Type"].startswith(
            ("text/xml", "application/json")
        ), path
    refused(client.get("/open311/v2/x%0A.json"), "Open311", status=404)


def test_too_many_arguments_or_too_large_a_body_in_the_spec_format(client, loop, settings):
    many = "&".join(f"f{i}=x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    refused(client.get(f"/open311/v2/requests.json?{many}"), "参数或文件过多")
    response = client.post("/open311/v2/requests.xml", many, "application/x-www-form-urlencoded")
    assert response.status_code == 400 and xml(response)["errors"]["error"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    refused(
        client.post("/open311/v2/requests.json", {"description": "长" * 1000}),
        "请求体过大",
        status=413,
    )
