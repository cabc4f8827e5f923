"""Saving a filter: a value that cannot be kept is refused with a message naming the field,
and nothing is saved; the user goes back to the list they were on."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from civicgrid.web.forms import SavedFilterForm
from civicgrid.web.models import SavedFilter

pytestmark = pytest.mark.django_db


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def label(field: str) -> str:
    with translation.override("zh-hans"):
        return str(SavedFilterForm.base_fields[field].label)


@pytest.mark.parametrize(
    ("values", "field"),
    [({"name": "<b>" * 21}, "name"), ({"name": "红牌", "query": "q=" + "=1+1" * 300}, "query")],
)
def test_a_name_or_query_too_long_is_refused_naming_it(client, loop, values, field):
    client.force_login(loop.dispatcher)
    response = client.post(
        reverse("filters:save"), {"list_name": "cases:list", "query": "state=open", **values}
    )
    assert response.status_code == 302 and response["Location"].startswith("/cases/?")
    assert any(m.startswith(label(field)) for m in told(response))
    assert not SavedFilter.objects.exists()


def test_the_same_name_twice_is_refused_with_the_rule(client, loop):
    client.force_login(loop.dispatcher)
    data = {"list_name": "cases:list", "query": "state=open", "name": "在办"}
    client.post(reverse("filters:save"), data)
    with translation.override("zh-hans"):
        response = client.post(reverse("filters:save"), data)
        rule = translation.gettext("You already have a filter of this name on this list.")
    assert rule in told(response)
    assert SavedFilter.objects.count() == 1
