"""Writes to the register. Imports write in bulk through registry/importing; single records here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.core import pii
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError, NotFound

from . import validation
from .choices import AccessChannel
from .models import Household, Person, PiiAccess, StaffPost, Unit, Visit


@transaction.atomic
def pii_reveal(*, user, person: Person, channel: str = AccessChannel.WEB, request=None) -> dict:
    """Unmasked ID number, birth date and phone of one person, if the user may see them;
    audited. The birth date is the ID number's hidden digits: it is shown only with them."""
    if not permissions.can_view_pii(user, person.grid.path):
        raise DomainError(_("You may not see this person's personal data."), code="forbidden")
    PiiAccess.objects.create(
        user=user,
        person=person,
        subject=f"{person.name} {person.id_number_masked}",
        fields="id_number,birth_date,phone",
        channel=channel,
        address=client_address(request),
        request_path=(request.get_full_path()[:200] if request is not None else ""),
    )
    return {
        "id_number": person.reveal("id_number"),
        "birth_date": person.birth_date,
        "phone": person.reveal("phone"),
    }


def pii_bulk_audit(*, user, subject: str, count: int, channel: str, request=None) -> None:
    """One audit row for an unmasked export of many people."""
    PiiAccess.objects.create(
        user=user,
        subject=subject[:120],
        fields="id_number,birth_date,phone",
        count=count,
        channel=channel,
        address=client_address(request),
        request_path=(request.get_full_path()[:200] if request is not None else ""),
    )


@transaction.atomic
def person_set_phone(*, actor, person: Person, phone: str) -> Person:
    if not permissions.can_edit_register(actor, person.grid):
        raise NotFound(_("No such person."))
    try:
        value = validation.clean_phone(phone)
    except validation.FieldError as exc:
        raise DomainError(exc.message, field=exc.field) from None
    person.set_pii("phone", value, pii.mask_phone)
    person.save(update_fields=["phone_enc", "phone_index", "phone_masked", "updated_at"])
    return person


@transaction.atomic
def visit_record(
    *,
    actor,
    household: Household,
    visited_on: dt.date,
    notes: str = "",
    needs_found: str = "",
    today: dt.date | None = None,
) -> Visit:
    """A grid worker records a household visit (走访)."""
    if not permissions.can_record_visit(actor, household.grid):
        raise NotFound(_("No such household."))
    today = today or dt.date.today()
    if visited_on > today:
        raise DomainError(_("A visit cannot be in the future."), field="visited_on")
    visit = Visit(
        household=household,
        worker=actor,
        visited_on=visited_on,
        notes=notes.strip(),
        needs_found=needs_found.strip(),
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def units_create(*, rows: list[dict]) -> int:
    """Create actual units (实有单位) in bulk; each row holds Unit fields and ``contact_phone``."""
    units = []
    for row in rows:
        row = dict(row)
        contact_phone = validation.clean_phone(row.pop("contact_phone", ""), "contact_phone")
        unit = Unit(**row)
        unit.set_pii("contact_phone", contact_phone, pii.mask_phone)
        unit.full_clean(validate_unique=False, validate_constraints=False)
        units.append(unit)
    Unit.objects.bulk_create(units, batch_size=2000)
    return len(units)


@transaction.atomic
def staff_post_assign(
    *, kind: str, area, name: str, phone: str = "", user=None, building=None
) -> StaffPost:
    """Who holds a grid or building post; one holder per post and place."""
    post, _ = StaffPost.objects.get_or_create(
        kind=kind, area=area, building=building, defaults={"name": name}
    )
    post.name, post.user = name, user
    post.set_pii("phone", validation.clean_phone(phone), pii.mask_phone)
    post.full_clean()
    post.save()
    return post
