"""The intake page's, the portal's and the rating's forms refuse a hostile value naming the
field and record nothing; the intake service refuses what is too long instead of cutting it."""

import pytest
from django.utils import translation

from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.core.errors import DomainError

from .fixtures import MONDAY, walk
from .test_portal import FORM as PORTAL

pytestmark = pytest.mark.django_db
INTAKE = {
    "case_class": "06010",
    "answer_volume": "large",
    "description": "门口垃圾",
    "channel": "hotline",
    "lon": "121.41",
    "lat": "31.12",
    "reporter_name": "李先生",
    "reporter_phone": "13900001111",
    "idempotency_key": "form-1",
}


def told(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_formula_for_a_coordinate_is_refused_on_the_intake_page(client, loop):
    client.force_login(loop.operator)
    with translation.override("zh-hans"):
        response = client.post("/cases/new/", {**INTAKE, "lon": "=HYPERLINK(1)"})
    assert response.status_code == 400 and not Case.objects.exists()
    (message,) = told(response)
    assert message.startswith("经度")
    # what was typed comes back, and a good form records the case
    assert "门口垃圾" in response.content.decode()
    assert client.post("/cases/new/", INTAKE).status_code == 302


def test_a_channel_the_staff_do_not_take_is_refused(client, loop):
    client.force_login(loop.operator)
    response = client.post("/cases/new/", {**INTAKE, "channel": "<script>"})
    assert response.status_code == 400 and not Case.objects.exists()


def test_a_huge_description_on_the_portal_is_refused(client, loop):
    response = client.post("/portal/", {**PORTAL, "description": "长" * 5000})
    assert response.status_code == 400 and not Case.objects.exists()
    assert len(told(response)) == 1


def test_a_rating_of_html_is_refused_naming_the_field(client, loop):
    client.post("/portal/", PORTAL)
    case = walk(Case.objects.get(), loop)
    with translation.override("zh-hans"):
        response = client.post(
            f"/portal/cases/{case.number}/rate",
            {"rating": "<b>great</b>", "phone": "13812345678"},
            follow=True,
        )
    assert told(response)[-1].startswith("评价")  # after the report's thanks
    assert Case.objects.get().rating == ""


def test_an_address_too_long_is_refused_not_cut(loop):
    with pytest.raises(DomainError) as refused:
        case_report(
            actor=loop.operator,
            report=Report(
                case_class="06010",
                answers={"volume": "small"},
                lon=121.41,
                lat=31.12,
                address="路" * 201,
                reporter_name="王",
                reporter_phone="13812345678",
            ),
            now=MONDAY,
        )
    assert (refused.value.field, refused.value.code) == ("address", "too_long")
    assert not Case.objects.exists()
