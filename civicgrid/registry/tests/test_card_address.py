"""A household's address names the building only when its name adds something to the address."""

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.registry.models import Building, House, Household

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("示范路569号", "示范区示范路569号 1-101"),
        ("幸福苑2号楼", "示范区示范路569号 幸福苑2号楼 1-101"),
    ],
)
def test_the_card_does_not_say_the_road_twice(client, tree, name, shown):
    building = Building.objects.create(
        code="C-1", name=name, address="示范区示范路569号", grid=tree.grid1
    )
    house = House.objects.create(building=building, entrance="1", room="101")
    household = Household.objects.create(number="H-C-1", grid=tree.grid1, house=house)
    client.force_login(user_with_role("gl-card", tree.grid1, Role.GRID_LEADER))
    page = client.get(reverse("registry:household", kwargs={"pk": household.pk})).content.decode()
    assert " ".join(page.split()).count(shown) >= 1
