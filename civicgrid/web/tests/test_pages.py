from pathlib import Path

import polib
import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import ApiToken
from civicgrid.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_pages_need_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_home_for_register_role_and_for_resident(client, tree):
    client.force_login(user_with_role("gl", tree.street, Role.GRID_LEADER))
    assert client.get(reverse("home")).status_code == 200
    client.force_login(user_with_role("res", tree.community, Role.RESIDENT))
    home = client.get(reverse("home"))  # a resident's home is their own area
    assert home.status_code == 302 and home["Location"] == reverse("portal:area")
    assert client.get(home["Location"]).status_code == 200


def test_area_pages_in_and_out_of_scope(client, tree):
    client.force_login(user_with_role("gl", tree.street, Role.GRID_LEADER))
    assert client.get(reverse("areas:tree")).status_code == 200
    assert client.get(reverse("areas:detail", args=[tree.community.code])).status_code == 200
    geo = client.get(reverse("areas:map", args=[tree.community.code])).json()
    assert {f["properties"]["code"] for f in geo["features"]} == {
        tree.community.code,
        tree.grid1.code,
        tree.grid2.code,
    }
    assert client.get(reverse("areas:export", args=[tree.street.code])).status_code == 200
    for name in ("areas:detail", "areas:map", "areas:export"):
        assert client.get(reverse(name, args=[tree.other_community.code])).status_code == 404


def test_login_lockout_per_username_and_address(client, django_user_model, settings):
    django_user_model.objects.create_user("ann", password="right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "ann", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "ann", "password": "right-password-1"})
    assert locked.status_code == 429
    assert (
        "Too many failed logins" in locked.content.decode() or "登录失败" in locked.content.decode()
    )


def test_login_logout(client, django_user_model):
    django_user_model.objects.create_user("bob", password="right-password-1")
    response = client.post(reverse("login"), {"username": "bob", "password": "right-password-1"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # no staff role: their own area
    assert client.get(reverse("portal:area")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_tokens_page_creates_shows_once_and_revokes(client, django_user_model):
    user = django_user_model.objects.create_user("cat", password="right-password-1")
    client.force_login(user)
    client.post(reverse("accounts:token_create"), {"name": "script"})
    first = client.get(reverse("accounts:tokens")).content.decode()
    token = ApiToken.objects.get()
    assert token.hint in first and "cg_" in first
    assert "user-select-all" not in client.get(reverse("accounts:tokens")).content.decode()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    other = django_user_model.objects.create_user("dan", password="right-password-1")
    client.force_login(other)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404


def test_language_switch_to_english(client, tree):
    client.force_login(user_with_role("gl", tree.street, Role.GRID_LEADER))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert "Persons" in body and "Log out" in body


def test_session_expires(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST


def test_default_language_is_simplified_chinese(client, tree):
    client.force_login(user_with_role("gl2", tree.street, Role.GRID_LEADER))
    body = client.get(reverse("home")).content.decode()
    assert 'lang="zh-hans"' in body and "人员" in body and "退出" in body


def test_catalogue_is_complete_and_compiled():
    locale = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
    po = polib.pofile(str(locale / "django.po"))
    assert po.percent_translated() == 100
    compiled = {  # a msgid may carry a context (pgettext): "minutes" of a meeting or a mediation
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.mofile(str(locale / "django.mo"))
        if not e.msgid_plural
    }
    assert all(
        compiled.get((e.msgctxt, e.msgid)) == e.msgstr for e in po if not e.msgid_plural and e.msgid
    )


def test_an_english_browser_still_gets_chinese_until_it_switches(client, tree):
    client.force_login(user_with_role("gl3", tree.street, Role.GRID_LEADER))
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "人员" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Persons" in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_the_api_follows_accept_language(client, tree):
    assert "Log in or send" in client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en").json()["message"]


def test_nul_characters_are_refused_naming_the_parameter(client, db):
    response = client.get("/api/v1/cases", {"q": "垃\x00圾"})
    assert response.status_code == 400 and response.json()["field"] == "q"
    assert client.post("/portal/", {"description": "a\x00b"}).status_code == 400
    # in a JSON body: the path to the string (or key) is named
    body = '{"areas": [{"code": "310104001", "name": "a\\u0000b"}]}'
    response = client.post("/api/v1/areas", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "areas.0.name"
    response = client.patch("/api/v1/units/x", '{"k\\u0000": 1}', content_type="application/json")
    assert response.json()["field"] == "k"
    # an escaped backslash before "u0000" is no NUL
    fine = client.post("/api/v1/areas", '{"x": "\\\\u0000"}', content_type="application/json")
    assert fine.status_code != 400 or fine.json()["field"] != "x"


def test_an_unreadable_multipart_body_is_bad_input(client, db):
    response = client.generic(
        "POST", "/api/v1/cases", b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "multipart" in response.json()["message"]
