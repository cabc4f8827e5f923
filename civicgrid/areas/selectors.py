"""Reads of the area tree that need no user (the scoped ones are in ``accounts.scope``)."""

from __future__ import annotations

from .models import Area


def area_trail(area: Area, top: Area) -> list[Area]:
    """The areas from ``top`` down to ``area`` (a breadcrumb that stays within ``top``)."""
    codes = area.path.strip("/").split("/")
    found = Area.objects.filter(code__in=codes, path__startswith=top.path)
    return sorted(found, key=lambda a: len(a.path))


def grid_ids_under(area: Area) -> list[int]:
    """The ids of every grid in ``area``'s subtree (retired ones too: their cases stay).

    Filtering cases by this list, rather than by a sub-query on the paths, lets PostgreSQL
    estimate how many cases it will meet and read them from the right index."""
    return list(
        Area.objects.grids().filter(path__startswith=area.path).values_list("id", flat=True)
    )
