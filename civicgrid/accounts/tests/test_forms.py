"""The account pages' forms: a hostile value is refused with a message naming the field, and
nothing changes."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from civicgrid.accounts.forms import PowerAuditFilterForm, TokenForm
from civicgrid.accounts.models import ApiToken

from . import test_power_audit

pytestmark = pytest.mark.django_db
district_admin = test_power_audit.district_admin  # the fixture


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def label(form, field: str) -> str:
    with translation.override("zh-hans"):
        return str(form.base_fields[field].label)


@pytest.mark.parametrize("name", ["", "x" * 101])
def test_a_token_without_a_name_or_with_a_huge_one_is_refused(client, django_user_model, name):
    client.force_login(django_user_model.objects.create_user("cat", password="right-password-1"))
    response = client.post(reverse("accounts:token_create"), {"name": name})
    assert response.status_code == 302
    assert any(m.startswith(label(TokenForm, "name")) for m in told(response))
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "<script>x</script>"}, "kind"),
        ({"actor": "a" * 151}, "actor"),
        ({"since": "=cmd|' /C calc'!A0"}, "since"),
    ],
)
def test_a_filter_of_the_trail_that_cannot_be_read_is_named_and_lists_nothing(
    client, tree, district_admin, query, field
):
    client.force_login(district_admin)
    page = client.get("/account/audit/", query)
    assert page.status_code == 400
    assert any(m.startswith(label(PowerAuditFilterForm, field)) for m in told(page))
    assert not list(page.context["page"])
    export = client.get("/account/audit/", {**query, "format": "xlsx"})
    assert export.status_code == 400
    assert export.content.decode().startswith(label(PowerAuditFilterForm, field))
