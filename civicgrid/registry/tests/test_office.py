"""The grid leader's work (issue 18 §5): the householder in lists, the look-up by name, ID
number, phone or address (scoped, audited when a number names someone, never decrypting to
search), and the printed household card's header."""

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.core import pii
from civicgrid.registry.choices import StaffPostKind
from civicgrid.registry.models import Household, PiiAccess
from civicgrid.registry.services import staff_post_assign
from civicgrid.registry.tests.factories import person

pytestmark = pytest.mark.django_db
LOOKUP = "/register/lookup/"


def test_the_lookup_is_named_for_the_phone_page():
    assert reverse("registry:lookup") == LOOKUP


def test_household_list_shows_the_householder(gl_client, world):
    person("张小三", world["tree"].grid1, n=7, household=world["h1"], relation="child")
    rows = gl_client.get(reverse("registry:households")).content.decode().split("<tbody>")[1]
    assert "张三" in rows  # the head, shown beside the household number
    assert "张小三" not in rows  # a member who is not the householder
    assert "李四" not in rows  # out of scope


def test_lookup_by_id_number_opens_the_card_and_is_audited(gl_client, world, monkeypatch):
    number = world["p1"].reveal("id_number")
    monkeypatch.setattr(pii, "decrypt", _no_decrypt)  # the search never decrypts
    response = gl_client.post(LOOKUP, {"q": f" {number.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household", args=[world["h1"].pk])
    audit = PiiAccess.objects.get()
    assert audit.person == world["p1"] and audit.fields == "lookup:id_number"
    assert number not in audit.subject + audit.request_path  # the number is not kept


def _no_decrypt(_value):
    raise AssertionError("a look-up decrypted a stored number")


def test_lookup_by_phone_finds_the_household_in_scope_only(gl_client, world):
    # both test persons have the same phone; the other one lives outside the leader's scope
    response = gl_client.post(LOOKUP, {"q": "+86 138-1234-5678"})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household", args=[world["h1"].pk])
    assert list(PiiAccess.objects.values_list("person", "fields")) == [
        (world["p1"].pk, "lookup:phone")
    ]


def test_lookup_by_name_lists_households_with_the_householder(gl_client, world):
    h3 = Household.objects.create(number="H3", grid=world["tree"].grid1)
    person("张三丰", world["tree"].grid1, n=9, household=h3, relation="head", phone="13900000000")
    body = gl_client.post(LOOKUP, {"q": "张三"}).content.decode()
    assert "H1" in body and "H3" in body and "张三丰" in body
    assert not PiiAccess.objects.exists()  # a name shows only what the lists show


def test_lookup_by_address_and_room(gl_client, world):
    response = gl_client.post(LOOKUP, {"q": "示范路B1号 101"})
    assert response["Location"] == reverse("registry:household", args=[world["h1"].pk])


def test_lookup_out_of_scope_finds_nothing_and_its_card_is_404(gl_client, world):
    number = world["p2"].reveal("id_number")
    card = reverse("registry:household", args=[world["h2"].pk])
    response = gl_client.post(LOOKUP, {"q": number})
    assert response.status_code == 200
    # look for the household's link and name, not for "H2", which a random CSRF token can hold
    assert "李四" not in response.content.decode() and card not in response.content.decode()
    assert not PiiAccess.objects.exists()
    for q in ("李四", "示范路B2号"):
        body = gl_client.post(LOOKUP, {"q": q}).content.decode()
        assert card not in body and ">H2<" not in body
    assert gl_client.get(card).status_code == 404


def test_lookup_refuses_an_empty_box_and_hostile_text(gl_client, world):
    response = gl_client.post(LOOKUP, {"q": "   "})
    assert response.status_code == 400
    response = gl_client.post(LOOKUP, {"q": "<script>x</script>" * 20})
    assert response.status_code == 200 and "<script>x" not in response.content.decode()


def test_lookup_is_for_register_users_only(client, world, tree):
    resident = user_with_role("res", tree.grid1, Role.RESIDENT)
    client.force_login(resident)
    assert client.get(LOOKUP).status_code == 404
    assert client.post(LOOKUP, {"q": "张三"}).status_code == 404


def test_number_lookups_are_limited_per_hour(gl_client, world, settings):
    settings.CIVICGRID_REGISTER_LOOKUPS_PER_HOUR = 2
    for _ in range(2):
        gl_client.post(LOOKUP, {"q": "13800000000"})
    response = gl_client.post(LOOKUP, {"q": "13800000000"})
    assert response.status_code == 429
    assert "查" in response.content.decode() or "search" in response.content.decode()


def test_the_printed_card_has_the_community_header_the_grid_leader_and_the_date(
    gl_client, world, tree
):
    staff_post_assign(
        kind=StaffPostKind.GRID_LEADER, area=tree.grid1, name="王网格", phone="13700001111"
    )
    worker = user_with_role("worker1", tree.grid1, Role.SUPERVISOR)
    worker.display_name = "赵网格员"
    worker.save()
    body = gl_client.get(reverse("registry:household", args=[world["h1"].pk])).content.decode()
    head = body.split('class="print-sheet')[1]
    assert "东街道" in head and "东一社区" in head and "东一网格1" in head
    assert "王网格" in head and "13700001111" in head and "赵网格员" in head
    assert timezone.localdate().isoformat() in head
    assert 'style="' not in body.split("<main")[1]  # the policy forbids nothing, but keep it clean


def test_lookup_by_an_address_as_it_is_said_uses_the_address_index(gl_client, world):
    from civicgrid.registry.addresses.index import reindex_buildings

    reindex_buildings([world["b1"].pk, world["b2"].pk])
    # out of order: the plain match on the stored address finds nothing; the index places it (the
    # same on PostgreSQL's pg_trgm and SQLite's FTS5)
    response = gl_client.post(LOOKUP, {"q": "B1号示范路"})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household", args=[world["h1"].pk])
    # the other street's building is in the index, but out of the leader's scope
    card = reverse("registry:household", args=[world["h2"].pk])
    assert card not in gl_client.post(LOOKUP, {"q": "B2号示范路"}).content.decode()
