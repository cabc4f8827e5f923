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


def grid_ids_under(area: Area) -> list[int]:
    """The ids of every grid in ``area``'s subtree (retired ones too: their cases stay).

    Filtering cases by this list, rather than by a sub-query on the paths, lets PostgreSQL
    estimate how many cases it will meet and read them from the right index."""
    return list(
        Area.objects.grids().filter(path__startswith=area.path).values_list("id", flat=True)
    )
