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


def top_case_area(user) -> Area | None:
    """Where the user's case scope starts: their widest area (the district for a superuser);
    None for someone who sees no area's cases."""
    paths = permissions.scope_paths(user, permissions.VIEW_CASES)
    if paths is None:
        return Area.objects.filter(level=2, active=True).order_by("code").first()
    if not paths:
        return None
    return Area.objects.filter(path=min(paths, key=len)).first()


def area_trail(area: Area, top: Area) -> list[Area]:
    """The areas from ``top`` down to ``area`` (a breadcrumb that stays within ``top``)."""
    codes = area.path.strip("/").split("/")
    found = Area.objects.filter(code__in=codes, path__startswith=top.path)
    return sorted(found, key=lambda a: len(a.path))


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
