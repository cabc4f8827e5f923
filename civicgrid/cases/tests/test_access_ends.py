"""An action that ends the actor's access to the case answers success with where the case went,
never 404 (a handler's successful return once answered 404)."""

import pytest

from civicgrid.cases.models import Case

from .fixtures import walk
from .test_views import seeded

pytestmark = pytest.mark.django_db


def test_a_return_through_the_api_answers_where_the_case_went(client, loop):
    case = walk(seeded(loop), loop, until="dispatch")
    client.force_login(loop.handler)
    response = client.post(f"/api/v1/cases/{case.pk}/actions/return", {"note": "非本单位职责"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == case.pk and body["number"] == case.number
    assert body["state"] == "registered" and body["lead_unit"] is None
    assert body["visible"] is False and body["action"] == "return"
    assert "description" not in body and "reporter_phone" not in body  # nothing more than that
    assert Case.objects.get(pk=case.pk).state == "registered"
    # the case is out of the handler's reach now
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404


def test_an_action_that_keeps_access_answers_the_case_as_before(client, loop):
    case = walk(seeded(loop), loop, until="register")
    client.force_login(loop.dispatcher)
    response = client.post(f"/api/v1/cases/{case.pk}/actions/dispatch", {"data": "{}"})
    assert response.status_code == 200
    assert response.json()["state"] == "dispatched" and "description" in response.json()


def test_a_return_from_the_page_goes_to_the_list_and_says_where_the_case_went(client, loop):
    case = walk(seeded(loop), loop, until="dispatch")
    client.force_login(loop.handler)
    response = client.post(f"/cases/{case.pk}/act/return", {"note": "非本单位职责"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/cases/")
    assert response.redirect_chain[-1][0] != f"/cases/{case.pk}/"
    text = response.content.decode()
    assert case.number in text and "已立案" in text  # where it went: back to dispatch
