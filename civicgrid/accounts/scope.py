"""The areas a user's scope holds: the tree as each user sees it.

The area tree lies below the accounts and knows nothing of users; who sees which area is a
question of their grants, answered here (by ``permissions.scope_filter``, as for every scoped
model). Every read of areas for a user starts from ``areas_visible_to`` or ``areas_around``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area

from . import permissions

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Someone = AbstractBaseUser | AnonymousUser


def areas_visible_to(
    user: Someone, capability: str | None = None, *, among: QuerySet[Area] | None = None
) -> QuerySet[Area]:
    """The areas (of ``among``, else of the whole tree) in the user's scope, where they have
    ``capability`` (any of their grants when None)."""
    areas = Area.objects.all() if among is None else among
    return areas.filter(permissions.scope_filter(user, "path", capability))


def areas_around(user: Someone, *, among: QuerySet[Area] | None = None) -> QuerySet[Area]:
    """The areas the user sees, and those holding a grant of theirs (a grid worker's community
    and street): the places they work in. None for a resident only."""
    areas = Area.objects.all() if among is None else among
    if not permissions.is_staff_member(user):
        return areas.none()
    held = {c for g in permissions.grants(user) for c in g.path.strip("/").split("/") if c}
    scope = permissions.scope_filter(user, "path")
    if not scope:  # everywhere: an empty Q would vanish from the "or" below
        return areas.all()
    return areas.filter(scope | Q(code__in=held))


def area_roots(*, user: Someone) -> QuerySet[Area]:
    """The top areas of the user's scope (the roots of their grants, or the tree's roots)."""
    paths = permissions.scope_paths(user)
    if paths is None:
        return Area.objects.filter(parent__isnull=True)
    return Area.objects.filter(path__in=paths)


def top_case_area(user: Someone) -> Area | None:
    """Where the user's case scope starts: their widest area (the district for a superuser);
    None for someone who sees no area's cases."""
    paths = permissions.scope_paths(user, permissions.VIEW_CASES)
    if paths is None:
        return Area.objects.filter(level=AreaLevel.DISTRICT, active=True).order_by("code").first()
    if not paths:
        return None
    return Area.objects.filter(path=min(paths, key=len)).first()


def area_get(*, user: Someone, code: str) -> Area | None:
    """The area ``code`` if the user sees it (with its parent), else None."""
    return areas_visible_to(user).select_related("parent").filter(code=code).first()


def area_children(*, user: Someone, area: Area) -> QuerySet[Area]:
    """The areas right under ``area`` that the user sees, by code."""
    return areas_visible_to(user).filter(parent=area).order_by("code")
