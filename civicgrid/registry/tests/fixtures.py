import pytest

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.registry.models import House, Household, PersonTag, Residence, Tag
from civicgrid.registry.tests.factories import building, person


@pytest.fixture
def world(tree):
    """Two grids in one street, one grid in another; a person, household and building in each."""
    b1 = building("B1", tree.grid1)
    b2 = building("B2", tree.other_grid)
    h1 = Household.objects.create(
        number="H1", grid=tree.grid1, house=House.objects.create(building=b1, room="101")
    )
    h2 = Household.objects.create(
        number="H2", grid=tree.other_grid, house=House.objects.create(building=b2, room="201")
    )
    p1 = person("张三", tree.grid1, n=1, household=h1, relation="head")
    p2 = person("李四", tree.other_grid, n=2, household=h2, relation="head")
    Residence.objects.create(person=p1, house=h1.house, kind="own")
    Residence.objects.create(person=p2, house=h2.house, kind="rent")
    PersonTag.objects.create(person=p1, tag=Tag.objects.get(code="party_member"))
    PersonTag.objects.create(person=p1, tag=Tag.objects.get(code="community_correction"))
    return {"b1": b1, "b2": b2, "h1": h1, "h2": h2, "p1": p1, "p2": p2, "tree": tree}


@pytest.fixture
def street_leader(tree):
    """Grid leader on the first street, may see personal data, tag clearance 2."""
    return user_with_role("gl", tree.street, Role.GRID_LEADER, view_pii=True, tag_clearance=2)


@pytest.fixture
def gl_client(client, street_leader):
    client.force_login(street_leader)
    return client
