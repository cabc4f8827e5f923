"""The service catalogue: the rules of an item (a promised time unless done on the spot, a fee
unless free, somewhere to apply), the guide for everyone (search, category, an item withdrawn is
gone), the API, and the admin for the district's administrators only."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.tests.factories import bearer, unit_for, user_with_role
from civicgrid.onestop.models import Material, ServiceItem

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def items(tree):
    office = unit_for(tree.street, UnitKind.SERVICE_CENTRE)
    permit = ServiceItem.objects.create(
        code="FW0101", name="居住证办理", category="residence", office=office, case_class="SV001",
        conditions="在本区居住半年以上，有合法稳定就业、住所或连续就读", kind="promised",
        promised_days=15, by_proxy=True,
    )  # fmt: skip
    Material.objects.create(item=permit, position=1, name="居民身份证", form="both")
    Material.objects.create(item=permit, position=2, name="居住登记凭证", may_follow=True)
    proof = ServiceItem.objects.create(
        code="FW0701", name=f"{HOSTILE}无犯罪记录证明", category="certificates", office=office,
        conditions="本人申请", kind="instant", online=True,
    )  # fmt: skip
    ServiceItem.objects.create(
        code="FW0901", name="家电维修", category="life", office=office, conditions="辖区居民",
        kind="instant", price="discounted", fee=Decimal("10"), active=False,
    )  # fmt: skip
    return permit, proof


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "instant", "promised_days": 3}, "承诺时限"),
        ({"kind": "promised", "promised_days": 0}, "承诺时限"),
        ({"price": "market", "fee": 0}, "收费"),
        ({"price": "free", "fee": 5}, "收费"),
        ({"at_window": False, "online": False, "by_proxy": False}, "办理渠道"),
        ({"code": "fw01"}, "大写字母"),
    ],
)
def test_an_item_keeps_its_rules(items, changes, message):
    permit = items[0]
    for name, value in changes.items():
        setattr(permit, name, value)
    with pytest.raises(ValidationError) as err:
        permit.full_clean()
    assert message in str(err.value)


def test_the_guide_for_everyone(client, items):
    page = client.get("/services/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "居住证办理" in text and "&lt;script&gt;" in text and "<script>alert" not in text
    assert "家电维修" not in text  # no longer offered
    found = client.get("/services/", {"q": "居住", "category": "residence"}).content.decode()
    assert "居住证办理" in found and "无犯罪记录证明" not in found
    assert "居住证办理" not in client.get("/services/", {"category": "life"}).content.decode()
    assert client.get("/services/", {"category": "<b>"}).status_code == 200  # a wrong one: all
    item = client.get("/services/items/FW0101/").content.decode()
    assert "居住登记凭证" in item and "15" in item
    assert client.get("/services/items/FW0901/").status_code == 404
    assert client.get("/services/items/NOPE/").status_code == 404


def test_the_api(client, items, tree):
    user = user_with_role("api_reader", tree.community, Role.GRID_LEADER)
    got = client.get("/api/v1/service-items", {"q": "居住"}, **bearer(user)).json()
    assert [i["code"] for i in got] == ["FW0101"]
    assert got[0]["materials"][1] == {
        "name": "居住登记凭证", "form": "original", "copies": 1, "may_follow": True, "note": "",
    }  # fmt: skip
    one = client.get("/api/v1/service-items/FW0701", **bearer(user)).json()
    assert one["kind"] == "instant" and one["promised_days"] == 0 and one["online"]
    assert client.get("/api/v1/service-items/FW0901", **bearer(user)).status_code == 404


def test_the_admin_is_the_districts(client, items, tree):
    street = user_with_role("street_admin", tree.street, Role.ADMIN)
    street.is_staff = True
    street.save()
    client.force_login(street)
    assert client.get("/admin/onestop/serviceitem/").status_code == 403
    district = user_with_role("district_admin", tree.district, Role.ADMIN)
    district.is_staff = True
    district.save()
    client.force_login(district)
    assert client.get("/admin/onestop/serviceitem/").status_code == 200
    office = items[0].office
    data = {
        "code": "FW0201", "name": "灵活就业登记", "category": "employment", "office": office.pk,
        "case_class": "SV006", "conditions": "本区户籍或常住", "legal_basis": "", "kind": "promised",
        "promised_days": "0", "price": "free", "fee": "0", "at_window": "on", "active": "on",
        "materials-TOTAL_FORMS": "1", "materials-INITIAL_FORMS": "0",
        "materials-0-position": "1", "materials-0-name": "居民身份证", "materials-0-form": "original",
        "materials-0-copies": "1",
    }  # fmt: skip
    refused = client.post("/admin/onestop/serviceitem/add/", data)
    assert refused.status_code == 200 and not ServiceItem.objects.filter(code="FW0201").exists()
    made = client.post("/admin/onestop/serviceitem/add/", {**data, "promised_days": "5"})
    assert made.status_code == 302
    assert ServiceItem.objects.get(code="FW0201").materials.get().name == "居民身份证"
    assert client.post(f"/admin/onestop/serviceitem/{items[0].pk}/delete/").status_code == 403
