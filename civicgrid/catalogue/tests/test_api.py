"""The district's administrators change the catalogue through the API; others read it."""

import pytest

from civicgrid.accounts.tests.factories import admin_of, bearer
from civicgrid.catalogue.models import CaseClass, ClassQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_admin(tree):
    return admin_of(tree.district)


@pytest.fixture
def street_admin(tree):
    return admin_of(tree.street)


def send(client, method, path, auth, body=None):
    return getattr(client, method)(
        f"/api/v1/catalogue{path}", body, content_type="application/json", **auth
    )


NEW = {
    "major_code": "01",
    "name": "共享单车乱停放",
    "sign_limit": "2",
    "handle_limit": "3",
    "check_limit": "4",
}


def test_add_change_and_retire_a_local_class(client, district_admin):
    made = send(
        client, "post", "/classes", district_admin, NEW | {"public": False, "handle_unit": "hours"}
    )
    assert made.status_code == 201, made.content
    code = made.json()["code"]
    assert code == "01999" and made.json()["local"] is True and made.json()["public"] is False
    assert made.json()["handle_limit"] == 3 and made.json()["handle_unit"] == "hours"
    changed = send(
        client,
        "patch",
        f"/classes/{code}",
        district_admin,
        {"handle_limit": "1.5", "priority": "urgent"},
    )
    assert changed.status_code == 200 and changed.json()["handle_limit"] == 1.5
    assert changed.json()["name"] == "共享单车乱停放"  # untouched
    assert send(client, "delete", f"/classes/{code}", district_admin).status_code == 204
    assert CaseClass.objects.get(code=code).active is False
    # the code is never given again
    assert send(client, "post", "/classes", district_admin, NEW).json()["code"] == "01998"


@pytest.mark.parametrize(
    "body, field",
    [
        (NEW | {"major_code": "77"}, "major_code"),
        (NEW | {"handle_limit": "0"}, "handle_limit"),
        (NEW | {"handle_unit": "weeks"}, "handle_unit"),
        (NEW | {"name": ""}, "name"),
        (NEW | {"priority": None}, "priority"),
    ],
)
def test_bad_classes_name_the_field_and_change_nothing(client, district_admin, body, field):
    before = CaseClass.objects.count()
    refused = send(client, "post", "/classes", district_admin, body)
    assert refused.status_code in (400, 422) and refused.json()["field"] == field
    assert CaseClass.objects.count() == before


def test_code_and_kind_stay(client, district_admin):
    refused = send(client, "patch", "/classes/06010", district_admin, {"code": "06011"})
    # an unknown field is ignored by the schema: nothing changes
    assert refused.status_code == 200 and CaseClass.objects.filter(code="06010").exists()
    assert send(client, "patch", "/classes/99999", district_admin, {"name": "x"}).status_code == 404


def test_only_the_districts_administrators_write(client, loop, street_admin):
    assert send(client, "get", "/classes/06010", bearer(loop.handler)).status_code == 200
    for auth in (bearer(loop.handler), street_admin):
        assert send(client, "post", "/classes", auth, NEW).status_code == 403
        assert send(client, "patch", "/classes/06010", auth, {"name": "x"}).status_code == 403
        assert send(client, "delete", "/classes/06010", auth).status_code == 403
    assert CaseClass.objects.get(code="06010").active


def test_questions(client, district_admin):
    question = {
        "code": "bikes",
        "label": "几辆车？",
        "datatype": "singlevaluelist",
        "required": True,
        "choices": [{"key": "few", "name": "1–5 辆"}, {"key": "many", "name": "5 辆以上"}],
    }
    added = send(client, "post", "/classes/06010/questions", district_admin, question)
    assert added.status_code == 201, added.content
    assert added.json()["choices"][1]["key"] == "many"
    detail = send(client, "get", "/classes/06010", district_admin).json()
    assert detail["questions"][-1]["code"] == "bikes"
    twice = send(client, "post", "/classes/06010/questions", district_admin, question)
    assert twice.status_code == 400 and twice.json()["field"] == "code"
    empty = send(
        client,
        "post",
        "/classes/06010/questions",
        district_admin,
        question | {"code": "b2", "choices": []},
    )
    assert empty.status_code == 400 and empty.json()["field"] == "choices"
    same = question | {
        "code": "b3",
        "choices": [{"key": "a", "name": "x"}, {"key": "a", "name": "y"}],
    }
    assert (
        send(client, "post", "/classes/06010/questions", district_admin, same).json()["field"]
        == "choices"
    )
    text = question | {"code": "b4", "datatype": "string"}
    assert (
        send(client, "post", "/classes/06010/questions", district_admin, text).json()["field"]
        == "choices"
    )
    assert (
        send(client, "delete", "/classes/06010/questions/bikes", district_admin).status_code == 204
    )
    assert not ClassQuestion.objects.filter(code__in=["bikes", "b2", "b3", "b4"]).exists()
    assert (
        send(client, "delete", "/classes/06010/questions/bikes", district_admin).status_code == 404
    )
