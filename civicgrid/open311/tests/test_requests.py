"""Posting Open311 service requests: keys, attributes, locations, media, errors, batch tokens."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import Role
from civicgrid.cases.models import Case
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.cases.tests.test_photo_limits import png_header
from civicgrid.catalogue.models import CaseClass
from civicgrid.open311 import services
from civicgrid.open311.models import ClientApp

from .test_services import as_json, xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(loop):
    app, key = services.app_issue(name="城市服务 App", requests_per_hour=100)
    app.key = key
    return app


def post(client, app, fmt="json", **fields):
    data = {
        "api_key": app.key,
        "service_code": "06010",
        "lat": "31.12",
        "long": "121.41",
        "attribute[volume]": "small",
        "description": "路口垃圾没人清",
        **fields,
    }
    return client.post(
        f"/open311/v2/requests.{fmt}", {k: v for k, v in data.items() if v is not None}
    )


def test_a_realtime_request_enters_the_loop(client, app):
    response = post(
        client,
        app,
        first_name="小明",
        last_name="王",
        phone="13812345678",
        email="wang@example.cn",
        device_id="dev-1",
        account_id="acc-9",
        media_url="https://img.example.cn/1.jpg",
    )
    assert response.status_code == 201
    (item,) = as_json(response)
    case = Case.objects.get()
    assert item["service_request_id"] == case.number and "token" not in item
    assert item["account_id"] == "acc-9" and item["service_notice"]
    assert case.channel == "open311" and case.state == "reported" and case.reporter_user is None
    assert case.reporter_name == "王小明" and case.answers == {"volume": "small"}
    assert case.reveal("reporter_phone") == "13812345678"
    first = case.events.get()
    assert first.data["client"] == "城市服务 App" and first.data["device_id"] == "dev-1"
    assert first.data["media_url"] == "https://img.example.cn/1.jpg"
    app.refresh_from_db()
    assert app.last_used_at is not None


def test_xml_multipart_with_media_and_multiple_choice(client, app):
    CaseClass.objects.get(code="06010").questions.create(
        code="kinds",
        label="种类",
        datatype="multivaluelist",
        order=2,
        choices=[{"key": "food", "name": "厨余"}, {"key": "box", "name": "纸箱"}],
    )
    response = post(
        client,
        app,
        fmt="xml",
        media=jpeg(),
        **{"attribute[kinds][]": ["food", "box"]},
    )
    assert response.status_code == 201
    (request,) = xml(response)["service_requests"]["request"]
    case = Case.objects.get(number=request["service_request_id"])
    assert case.answers["kinds"] == ["food", "box"]
    assert case.attachments.filter(kind="report").count() == 1


def test_address_id_is_a_building_of_the_register(client, app, world):
    building = world["b1"]
    building.lon, building.lat = 121.41, 31.12
    building.save()
    response = post(client, app, lat=None, long=None, address_id=building.code)
    assert response.status_code == 201
    assert Case.objects.get().building == building


def test_batch_services_answer_with_a_token(client, app):
    CaseClass.objects.filter(code="06010").update(service_type="batch")
    (item,) = as_json(post(client, app))
    assert "service_request_id" not in item and item["token"]
    (found,) = as_json(client.get(f"/open311/v2/tokens/{item['token']}.json"))
    assert found == {"service_request_id": Case.objects.get().number, "token": item["token"]}
    doc = xml(client.get(f"/open311/v2/tokens/{item['token']}.xml"))
    assert doc["service_requests"]["request"][0]["token"] == item["token"]
    assert client.get("/open311/v2/tokens/nope.json").status_code == 404


def test_keys_are_required_valid_and_not_revoked(client, app):
    response = post(client, app, api_key=None)
    assert response.status_code == 403 and "api_key" in as_json(response)[0]["description"]
    assert post(client, app, api_key="o311_wrong").status_code == 403
    services.app_revoke(app=app)
    assert post(client, app).status_code == 403
    assert Case.objects.count() == 0
    assert ClientApp.objects.get().key_hash != app.key  # only the hash is kept


def test_an_application_is_held_to_its_hourly_limit(client, app):
    ClientApp.objects.filter(pk=app.pk).update(requests_per_hour=2)
    assert post(client, app).status_code == 201
    assert post(client, app).status_code == 201
    response = post(client, app)
    assert response.status_code == 429 and as_json(response)[0]["code"] == "429"
    assert Case.objects.count() == 2


def test_every_problem_is_reported_at_once_and_nothing_is_written(client, app):
    response = post(client, app, service_code="", lat="north", long=None, fmt="xml")
    assert response.status_code == 400
    errors = xml(response)["errors"]["error"]
    text = " ".join(e["description"] for e in errors)
    assert len(errors) >= 3 and "service_code" in text and "lat" in text
    assert all(e["code"] == "400" for e in errors)
    assert post(client, app, service_code="99999").status_code == 404
    outside = post(client, app, lat="30.0", long="120.0")
    assert outside.status_code == 400 and "location" in as_json(outside)[0]["description"]
    html = post(client, app, description="<script>alert(1)</script>")
    assert html.status_code == 400 and "description" in as_json(html)[0]["description"]
    assert post(client, app, description="长" * 4001).status_code == 400
    missing = post(client, app, **{"attribute[volume]": ""})
    assert missing.status_code == 400 and "answers.volume" in as_json(missing)[0]["description"]
    assert Case.objects.count() == 0


def test_a_class_closed_to_the_public_is_not_a_service(client, app):
    CaseClass.objects.filter(code="06010").update(public=False)
    assert post(client, app).status_code == 404


def test_admin_issues_and_revokes_keys(client, loop):
    admin = accounts.user_create(
        username="district_admin", password="pw-for-tests-123", is_staff=True
    )
    accounts.role_assign(user=admin, unit=loop.department, role=Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        "/admin/open311/clientapp/add/",
        {"name": "热线系统", "contact": "ops@example.cn", "requests_per_hour": "500"},
        follow=True,
    )
    created = ClientApp.objects.get(name="热线系统")
    shown = [str(m) for m in response.context["messages"]]
    (key,) = [k for m in shown for k in re.findall(r"o311_[A-Za-z0-9_-]+", m)]
    assert ClientApp.hash_key(key) == created.key_hash
    client.post(
        "/admin/open311/clientapp/",
        {"action": "revoke", "_selected_action": [created.pk]},
    )
    created.refresh_from_db()
    assert created.revoked_at is not None
    client.force_login(loop.handler)
    assert client.get("/admin/open311/clientapp/").status_code in (302, 403)


def test_a_decompression_bomb_is_refused_naming_media(client, app):
    bomb = SimpleUploadedFile("bomb.png", png_header(12000, 12000), content_type="image/png")
    response = post(client, app, media=bomb)
    assert response.status_code == 400
    (error,) = response.json()
    assert error["description"].startswith("media:")
    assert not Case.objects.exists()
