import pytest

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.scope import areas_visible_to
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.areas.models import Area

pytestmark = pytest.mark.django_db


def test_a_grant_covers_the_unit_subtree_only(tree):
    user = user_with_role("gl", tree.street, Role.GRID_LEADER)
    visible = set(areas_visible_to(user).values_list("code", flat=True))
    assert visible == {"310104001", "310104001001", "310104001001001", "310104001001002"}
    assert permissions.can_view_register(user, tree.grid1)
    assert not permissions.can_view_register(user, tree.other_grid)


def test_roles_without_register_rights_see_areas_but_not_register(tree):
    user = user_with_role("res", tree.community, Role.RESIDENT)
    assert areas_visible_to(user).filter(pk=tree.grid1.pk).exists()
    assert not permissions.can_view_register(user, tree.grid1)
    assert permissions.scope_paths(user, permissions.VIEW_REGISTER) == []


def test_nested_grants_collapse_and_superuser_sees_all(tree, django_user_model):
    user = user_with_role("two", tree.street, Role.LEADER)
    from civicgrid.accounts import services
    from civicgrid.accounts.tests.factories import unit_for

    services.role_assign(user=user, unit=unit_for(tree.grid1), role=Role.GRID_LEADER)
    permissions.forget_grants(user)
    assert permissions.scope_paths(user) == [tree.street.path]
    root = django_user_model.objects.create_superuser("root", password="x")
    assert permissions.scope_paths(root) is None
    assert areas_visible_to(root).count() == Area.objects.count()


def test_pii_and_tag_clearance_follow_the_grant(tree):
    user = user_with_role("pii", tree.community, Role.GRID_LEADER, view_pii=True, tag_clearance=2)
    assert permissions.can_view_pii(user, tree.grid1.path)
    assert not permissions.can_view_pii(user, tree.other_grid.path)
    assert permissions.tag_clearance(user, tree.grid1.path) == 2
    assert permissions.tag_clearance(user, tree.other_grid.path) == -1


def test_anonymous_sees_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not areas_visible_to(AnonymousUser()).exists()
