"""Reads of users and units: who holds a role over a place, who handles for a unit."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from . import permissions
from .choices import Role
from .models import OrgUnit, User

LEADS = (Role.ADMIN, Role.LEADER)


def ancestor_paths(path: str) -> list[str]:
    """``a/b/c/`` → ``["a/", "a/b/", "a/b/c/"]``: the paths whose subtree holds ``path``."""
    codes = [c for c in path.split("/") if c]
    return ["/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def subtrees(units) -> dict[int, set[int]]:
    """Each of ``units`` → its id and those of every unit below it (one read of the tree)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in OrgUnit.objects.values_list("id", "parent_id"):
        children[parent].append(pk)
    out = {}
    for unit in units:
        seen, todo = set(), [unit.pk]
        while todo:
            pk = todo.pop()
            if pk not in seen:
                seen.add(pk)
                todo += children.get(pk, [])
        out[unit.pk] = seen
    return out


def users_with_role(role: str, *, covering: str, min_depth: int = 0) -> list[User]:
    """Active users holding ``role`` on a unit whose area covers the path ``covering``.

    ``min_depth`` keeps only grants at least that deep (3: street and below), so that a
    district-wide grant does not receive what is meant for the people on the spot.
    """
    paths = [p for p in ancestor_paths(covering) if p.count("/") >= min_depth]
    return list(
        User.objects.filter(
            is_active=True,
            assignments__role=role,
            assignments__active=True,
            assignments__unit__active=True,
            assignments__unit__area__path__in=paths,
        ).distinct()
    )


def unit_members(unit_ids, role: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            assignments__role=role,
            assignments__active=True,
            assignments__unit_id__in=list(unit_ids),
        ).distinct()
    )


def led_paths(user: User) -> list[str] | None:
    """The paths of the areas the user leads (an administrator's or a leader's grant); None for
    everywhere."""
    if permissions.is_everywhere(user):
        return None
    return sorted({g.path for g in permissions.grants(user) if g.role in LEADS})


def led(qs: QuerySet, user: User, path_field: str) -> QuerySet:
    """The rows of ``qs`` whose area (``path_field``) lies in a place the user leads."""
    paths = led_paths(user)
    if paths is None:
        return qs
    return qs.filter(permissions.under_paths(path_field, paths)) if paths else qs.none()
