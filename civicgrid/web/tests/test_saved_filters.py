"""A user names a list's filter and opens it again with one click; nobody else sees it."""

import pytest
from django.urls import reverse

from civicgrid.web.models import SavedFilter

pytestmark = pytest.mark.django_db


def save(client, name, query="state=open&card=red&after=99", list_name="cases:list"):
    return client.post(
        reverse("filters:save"), {"list_name": list_name, "name": name, "query": query}
    )


def test_save_open_and_delete(client, loop):
    client.force_login(loop.dispatcher)
    response = save(client, "红牌在办")
    assert response.status_code == 302 and response["Location"] == "/cases/?state=open&card=red"
    saved = SavedFilter.objects.get(user=loop.dispatcher)
    assert saved.query == "state=open&card=red"  # the page cursor is not kept
    page = client.get(reverse("cases:list"), {"state": "open"}).content.decode()
    assert 'href="/cases/?state=open&amp;card=red">红牌在办</a>' in page
    assert 'name="query" value="state=open"' in page  # offers to save the current one
    # another user sees none of it and cannot delete it
    client.force_login(loop.operator)
    assert "红牌在办" not in client.get(reverse("cases:list")).content.decode()
    assert client.post(reverse("filters:delete", args=[saved.pk])).status_code == 404
    client.force_login(loop.dispatcher)
    client.post(reverse("filters:delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()


def test_bad_saves_change_nothing(client, loop, settings):
    client.force_login(loop.dispatcher)
    save(client, "甲")
    save(client, "甲")  # the same name again
    save(client, "")  # no name
    save(client, "乙", query="q=" + "x" * 1200)  # too long
    assert save(client, "丙", list_name="admin:index").status_code == 404
    assert list(SavedFilter.objects.values_list("name", flat=True)) == ["甲"]
    for n in range(SavedFilter.MAX_PER_LIST):
        save(client, f"f{n}")
    assert SavedFilter.objects.count() == SavedFilter.MAX_PER_LIST


def test_register_lists_have_them_too(client, gl_client):
    save(gl_client, "流动人口", query="residence_type=floating", list_name="registry:persons")
    page = gl_client.get(reverse("registry:persons")).content.decode()
    assert 'href="/register/persons/?residence_type=floating">流动人口</a>' in page
