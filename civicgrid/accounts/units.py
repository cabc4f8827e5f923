"""Writes for organisation units: an administrator creates and moves units within their scope,
and a unit is never placed under itself."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError, NotFound

from . import permissions
from .errors import AccountsError
from .managed import held_to_scope, managed_units, unit_in_scope
from .models import OrgUnit
from .scope import areas_visible_to


def _unit_check(actor, unit: OrgUnit) -> None:
    if not held_to_scope(actor):
        return
    if not areas_visible_to(actor, permissions.MANAGE_USERS).filter(pk=unit.area_id):
        raise NotFound(
            _("No area “%(code)s” in your scope.") % {"code": unit.area.code}, field="area"
        )
    unit_in_scope(actor, unit.parent, "parent")


def descends(unit: OrgUnit, ancestor: OrgUnit) -> bool:
    """Is ``ancestor`` above ``unit`` (a loop already in the data stops the walk)?"""
    seen: set[int] = set()
    node: OrgUnit | None = unit
    while node is not None and node.parent_id is not None and node.parent_id not in seen:
        if node.parent_id == ancestor.pk:
            return True
        seen.add(node.parent_id)
        node = node.parent
    return False


def orgunit_create(
    *, kind: str, name: str, code: str, area, parent: OrgUnit | None = None, actor=None
) -> OrgUnit:
    unit = OrgUnit(kind=kind, name=name, code=code, area=area, parent=parent)
    return orgunit_save(unit=unit, actor=actor)


def orgunit_check(*, unit: OrgUnit, actor=None) -> None:
    """A unit is never under itself or its own descendant, and (for an administrator) stays in
    their scope, under a parent in their scope."""
    if unit.pk and held_to_scope(actor) and not managed_units(actor).filter(pk=unit.pk):
        raise NotFound(_("No unit “%(code)s” in your scope.") % {"code": unit.code})
    if (
        unit.parent is not None
        and unit.pk
        and (unit.parent.pk == unit.pk or descends(unit.parent, unit))
    ):
        raise DomainError(
            _("A unit cannot be placed under itself."), code=AccountsError.CYCLE, field="parent"
        )
    _unit_check(actor, unit)


@transaction.atomic
def orgunit_save(*, unit: OrgUnit, actor=None) -> OrgUnit:
    """Save a new or changed unit (see ``orgunit_check``)."""
    orgunit_check(unit=unit, actor=actor)
    unit.full_clean()
    unit.save()
    return unit
