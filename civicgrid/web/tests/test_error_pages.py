"""A user who mistypes a case number, opens a page out of their area or sends a NUL gets a page
of the site, in its language and layout, with a way back — not Django's bare English page nor
the API's JSON."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_page_that_is_not_there_is_the_sites_own(client):
    response = client.get("/portal/cases/SQ2026120600099/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and 'name="viewport"' in page and 'href="/"' in page
    assert "The requested resource was not found" not in page


def test_a_nul_in_a_pages_address_is_a_page_naming_the_field(client):
    response = client.get("/cases/", {"q": "a\x00b"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "“q”" in response.content.decode()
    # the API keeps its JSON
    api = client.get("/api/v1/cases", {"q": "a\x00b"})
    assert api.status_code == 400 and api.json()["field"] == "q"


def test_a_server_error_is_the_sites_own_page():
    page = render_to_string("500.html")
    assert "服务器出错" in page and 'href="/"' in page


def test_a_refused_form_token_is_the_sites_own_page():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/portal/", {"description": "x"})
    assert response.status_code == 403 and "请求被拒绝" in response.content.decode()
