"""Open311 GeoReport v2 discovery, service list and service definitions, parsed the way common
clients parse them (xmltodict for XML)."""

import json

import pytest
import xmltodict

from civicgrid.catalogue import services as catalogue_services
from civicgrid.catalogue.models import CaseClass
from civicgrid.catalogue.selectors import public_classes

pytestmark = pytest.mark.django_db
XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


def xml(response):
    assert response["Content-Type"] == XML_TYPE
    body = response.content.decode("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>') and "xmlns" not in body
    return xmltodict.parse(
        body,
        force_list=(
            "service",
            "attribute",
            "value",
            "endpoint",
            "format",
            "error",
            "request",
            "request_update",
        ),
    )


def as_json(response):
    assert response["Content-Type"] == JSON_TYPE
    return json.loads(response.content)


def test_discovery_in_both_formats(client, tree, settings):
    settings.CIVICGRID_OPEN311_CONTACT = "网格化服务管理中心 12345"
    doc = xml(client.get("/open311/v2/discovery.xml"))["discovery"]
    (endpoint,) = doc["endpoints"]["endpoint"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"]["format"] == ["text/xml", "application/json"]
    assert endpoint["type"] == "production" and doc["contact"] == "网格化服务管理中心 12345"
    assert doc["changeset"].endswith("+08:00") and doc["key_service"]
    data = as_json(client.get("/open311/v2/discovery.json"))
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    assert data["changeset"] == doc["changeset"]


def test_every_public_class_is_a_service(client, tree):
    CaseClass.objects.filter(code="06011").update(public=False)
    catalogue_services.class_retire(case_class=CaseClass.objects.get(code="06036"))
    services = xml(client.get("/open311/v2/services.xml"))["services"]["service"]
    codes = [s["service_code"] for s in services]
    assert len(codes) == len(set(codes)) == public_classes().count()
    assert "06011" not in codes and "06036" not in codes
    garbage = next(s for s in services if s["service_code"] == "06010")
    assert garbage["service_name"] == "暴露垃圾" and garbage["metadata"] == "true"
    assert garbage["type"] == "realtime" and garbage["group"] == "市容环境类"
    assert next(s for s in services if s["service_code"] == "01001")["metadata"] == "false"
    data = as_json(client.get("/open311/v2/services.json"))
    assert [s["service_code"] for s in data] == codes  # codes stay strings: "06010", not 6010
    assert data[codes.index("06010")]["metadata"] is True


def test_batch_classes_say_so(client, tree):
    CaseClass.objects.filter(code="06010").update(service_type="batch")
    data = as_json(client.get("/open311/v2/services.json"))
    assert next(s for s in data if s["service_code"] == "06010")["type"] == "batch"


def test_service_definition_lists_the_questions(client, tree):
    doc = xml(client.get("/open311/v2/services/06010.xml"))["service_definition"]
    assert doc["service_code"] == "06010"
    (volume,) = doc["attributes"]["attribute"]
    assert volume["code"] == "volume" and volume["datatype"] == "singlevaluelist"
    assert volume["variable"] == "true" and volume["order"] == "1"
    assert [v["key"] for v in volume["values"]["value"]] == ["small", "medium", "large"]
    data = as_json(client.get("/open311/v2/services/06010.json"))
    assert data["attributes"][0]["values"][0] == {
        "key": "small",
        "name": volume["values"]["value"][0]["name"],
    }
    # a class without questions: an empty list of attributes
    assert as_json(client.get("/open311/v2/services/01001.json"))["attributes"] == []


def test_english_names_on_request(client, tree):
    data = as_json(client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="en"))
    assert (
        next(s for s in data if s["service_code"] == "06010")["service_name"] == "Exposed rubbish"
    )


def test_errors_follow_the_spec(client, tree):
    response = client.get("/open311/v2/services/99999.xml")
    assert response.status_code == 404
    (error,) = xml(response)["errors"]["error"]
    assert error["code"] == "404" and "99999" in error["description"]
    response = client.get("/open311/v2/services/99999.json")
    assert response.status_code == 404 and as_json(response)[0]["code"] == "404"
    assert client.get("/open311/v2/nothing.xml").status_code == 404
    assert as_json(client.get("/open311/v2/services.csv.json"))[0]["code"] == "404"
    assert client.get("/open311/v2/services.csv").status_code == 404


def test_jurisdiction_id(client, tree, settings):
    assert client.get("/open311/v2/services.xml", {"jurisdiction_id": "310104"}).status_code == 200
    response = client.get("/open311/v2/services.xml", {"jurisdiction_id": "sfgov.org"})
    assert response.status_code == 404 and "sfgov.org" in response.content.decode()
    settings.CIVICGRID_OPEN311_JURISDICTIONS = ["xh.gov.cn"]
    assert (
        client.get("/open311/v2/services.json", {"jurisdiction_id": "xh.gov.cn"}).status_code == 200
    )
    # empty means not given (the spec's optional arguments)
    assert client.get("/open311/v2/discovery.xml", {"jurisdiction_id": ""}).status_code == 200
