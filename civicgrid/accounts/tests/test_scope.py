"""The area tree as each user sees it (accounts.scope)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from civicgrid.accounts import permissions, services
from civicgrid.accounts.choices import Role
from civicgrid.accounts.scope import (
    area_children,
    area_get,
    area_roots,
    areas_around,
    areas_visible_to,
    top_case_area,
)
from civicgrid.accounts.tests.factories import unit_for, user_with_role
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area

pytestmark = pytest.mark.django_db


def codes(areas) -> set[str]:
    return set(areas.values_list("code", flat=True))


def test_a_capability_narrows_the_areas_to_the_grants_that_give_it(tree):
    # given a supervisor on the street and an administrator on one grid
    user = user_with_role("two", tree.street, Role.SUPERVISOR)
    services.role_assign(user=user, unit=unit_for(tree.grid1), role=Role.ADMIN)
    permissions.forget_grants(user)
    # then they see the street's subtree, but manage areas on the grid only
    assert tree.grid2.code in codes(areas_visible_to(user))
    assert codes(areas_visible_to(user, permissions.MANAGE_AREAS)) == {tree.grid1.code}


def test_visible_areas_can_be_taken_among_a_given_queryset(tree):
    user = user_with_role("gl", tree.street, Role.GRID_LEADER)
    grids = areas_visible_to(user, among=Area.objects.grids())
    assert codes(grids) == {tree.grid1.code, tree.grid2.code}


def test_around_adds_the_areas_holding_a_grant_and_is_empty_for_residents(tree):
    # given a grid leader on one grid: they work in its community and street too
    worker = user_with_role("gl", tree.grid1, Role.GRID_LEADER)
    assert codes(areas_around(worker)) == {
        tree.city.code,
        tree.district.code,
        tree.street.code,
        tree.community.code,
        tree.grid1.code,
    }
    communities = Area.objects.filter(level=AreaLevel.COMMUNITY)
    assert codes(areas_around(worker, among=communities)) == {tree.community.code}
    # a resident only works nowhere
    resident = user_with_role("res", tree.community, Role.RESIDENT)
    assert not areas_around(resident).exists()
    assert not areas_around(AnonymousUser()).exists()


def test_around_is_everything_for_a_superuser(tree, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert areas_around(root).count() == Area.objects.count()


def test_roots_and_top_case_area_start_where_the_scope_starts(tree, django_user_model):
    leader = user_with_role("lead", tree.street, Role.LEADER)
    assert list(area_roots(user=leader)) == [tree.street]
    assert top_case_area(leader) == tree.street
    handler = user_with_role("h", tree.street, Role.HANDLER)
    assert top_case_area(handler) is None  # sees the area, not its cases
    root = django_user_model.objects.create_superuser("root", password="x")
    assert list(area_roots(user=root)) == [tree.city]
    assert top_case_area(root) == tree.district


def test_one_area_and_its_children_only_within_scope(tree):
    user = user_with_role("gl", tree.street, Role.GRID_LEADER)
    assert area_get(user=user, code=tree.community.code) == tree.community
    assert area_get(user=user, code=tree.other_community.code) is None
    assert list(area_children(user=user, area=tree.community)) == [tree.grid1, tree.grid2]
    assert not area_children(user=user, area=tree.other_street).exists()
