"""What an administrator manages: the units, users and accounts of their scope.

The system (``actor`` None) and superusers are held to no scope; an administrator is held to the
subtree their admin grants cover.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicgrid.core.errors import NotFound

from . import permissions
from .models import OrgUnit, RoleAssignment, User


def held_to_scope(actor) -> bool:
    """Whether ``actor`` is held to their own scope (the system and superusers are not)."""
    return actor is not None and not permissions.is_everywhere(actor)


def managed_units(actor):
    """The units an administrator manages (and may grant roles on, and place units under)."""
    return OrgUnit.objects.visible_to(actor, permissions.MANAGE_USERS)


def users_in_scope(actor):
    """Users holding a grant (active or ended) on a unit the administrator manages; never a
    superuser for an administrator who is not one."""
    if not held_to_scope(actor):
        return User.objects.all()
    held = RoleAssignment.objects.visible_to(actor, permissions.MANAGE_USERS).values("user_id")
    return User.objects.filter(pk__in=held, is_superuser=False)


def users_managed(actor):
    """Users whose account (password, activity, staff status) an administrator may change: in
    scope, and holding no active grant outside it (else a street administrator could take over
    the account of a district official who also works in the street)."""
    if not held_to_scope(actor):
        return User.objects.all()
    outside = RoleAssignment.objects.filter(active=True).exclude(
        pk__in=RoleAssignment.objects.visible_to(actor, permissions.MANAGE_USERS).values("pk")
    )
    return users_in_scope(actor).exclude(pk__in=outside.values("user_id"))


def unit_in_scope(actor, unit: OrgUnit | None, field: str) -> None:
    """Refuse (as not found) a unit outside the administrator's scope."""
    if unit is not None and held_to_scope(actor) and not managed_units(actor).filter(pk=unit.pk):
        raise NotFound(_("No unit “%(code)s” in your scope.") % {"code": unit.code}, field=field)


def new_or_in_scope(actor, user: User) -> bool:
    """The user holds no grant yet (an account just made), or is in the administrator's scope."""
    return not user.assignments.exists() or users_in_scope(actor).filter(pk=user.pk).exists()
