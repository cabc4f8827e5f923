"""Reads of the area tree."""

from __future__ import annotations

from django.db.models import QuerySet

from civicgrid.accounts import permissions

from .models import Area


def area_roots(*, user) -> QuerySet[Area]:
    """The top areas of the user's scope (the roots of their grants, or the tree's roots)."""
    paths = permissions.scope_paths(user)
    if paths is None:
        return Area.objects.filter(parent__isnull=True)
    return Area.objects.filter(path__in=paths)


def area_get(*, user, code: str) -> Area | None:
    return Area.objects.visible_to(user).select_related("parent").filter(code=code).first()


def area_children(*, user, area: Area) -> QuerySet[Area]:
    return Area.objects.visible_to(user).filter(parent=area).order_by("code")
