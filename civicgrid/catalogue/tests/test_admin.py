"""The catalogue and routing rules in the admin: district administrators only."""

import pytest

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.catalogue.models import CaseClass, MajorClass
from civicgrid.routing.models import ResponsibilityRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_admin(client, tree):
    user = user_with_role("dadmin", tree.district, Role.ADMIN)
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def test_district_admin_adds_a_local_class_with_the_next_code(district_admin):
    major = MajorClass.objects.get(code="06")
    data = {
        "major": major.pk,
        "name": "共享充电宝乱放",
        "name_en": "Power banks left around",
        "active": "on",
        "keywords": "",
        "description": "",
        "registration_condition": "",
        "closing_condition": "",
        "sign_limit": "1",
        "sign_unit": "hours",
        "handle_limit": "1",
        "handle_unit": "days",
        "check_limit": "4",
        "check_unit": "hours",
        "priority": "routine",
        "duplicate_radius_m": "100",
        "public": "on",
        "service_type": "batch",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-order": "1",
        "questions-0-code": "count",
        "questions-0-label": "数量",
        "questions-0-label_en": "How many",
        "questions-0-datatype": "number",
        "questions-0-choices": "[]",
    }
    response = district_admin.post("/admin/catalogue/caseclass/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = CaseClass.objects.get(name="共享充电宝乱放")
    assert created.code == "06999" and created.local and created.initials == "gxcdblf"
    assert created.public and created.service_type == "batch"
    assert [q.code for q in created.questions.all()] == ["count"]


def test_bad_limit_is_a_form_error(district_admin):
    rubbish = CaseClass.objects.get(code="06010")
    response = district_admin.get(f"/admin/catalogue/caseclass/{rubbish.pk}/change/")
    assert response.status_code == 200
    assert district_admin.get("/admin/catalogue/caseclass/?q=bllj").status_code == 200


def test_tying_rule_is_a_form_error(district_admin, tree):
    unit = unit_for(tree.street, UnitKind.STREET_OFFICE)
    major = MajorClass.objects.get(code="06")
    ResponsibilityRule.objects.create(major=major, lead_unit=unit)
    response = district_admin.post(
        "/admin/routing/responsibilityrule/add/",
        {"major": major.pk, "lead_unit": unit.pk, "level": "", "active": "on", "note": ""},
    )
    assert response.status_code == 200
    assert "Another active rule" in response.content.decode() or "已有" in response.content.decode()
    assert ResponsibilityRule.objects.count() == 1


def test_street_admin_cannot_edit_rules(client, tree):
    user = user_with_role("sadmin", tree.street, Role.ADMIN)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/catalogue/caseclass/").status_code == 403
    assert client.get("/admin/routing/responsibilityrule/").status_code == 403
