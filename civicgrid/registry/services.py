"""Writes to the register. Imports write in bulk through registry/importing; single records here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core import pii
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError, ErrorCode, NotFound
from civicgrid.core.text import column_length, shortened

from . import validation
from .choices import AccessChannel
from .models import Building, Household, Person, PiiAccess, StaffPost, Unit, Visit
from .selectors import number_searched

PERSON_FIELDS = "id_number,birth_date,phone"  # what an unmasked view of a person shows


def _fitted(value: str, field: str) -> str:
    """An audit row is written however long the request was: shortened visibly to its column."""
    return shortened(value, column_length(PiiAccess, field))


def _path(request: HttpRequest | None, *, query: bool = True) -> str:
    """The request's path for an audit row; without its query where that holds the number
    searched for."""
    if request is None:
        return ""
    return _fitted(request.get_full_path() if query else request.path, "request_path")


@transaction.atomic
def pii_reveal(
    *,
    user: User,
    person: Person,
    channel: str = AccessChannel.WEB,
    request: HttpRequest | None = None,
) -> dict:
    """Unmasked ID number, birth date and phone of one person, if the user may see them;
    audited. The birth date is the ID number's hidden digits: it is shown only with them."""
    if not permissions.can_view_pii(user, person.grid.path):
        raise DomainError(
            _("You may not see this person's personal data."), code=ErrorCode.FORBIDDEN
        )
    pii_audit(
        user=user,
        person=person,
        subject=f"{person.name} {person.id_number_masked}",
        fields=PERSON_FIELDS,
        channel=channel,
        request=request,
    )
    return {
        "id_number": person.reveal("id_number"),
        "birth_date": person.birth_date,
        "phone": person.reveal("phone"),
    }


def pii_lookup_audit(
    *,
    user: User,
    persons: list[Person],
    key: str,
    request: HttpRequest | None = None,
    channel: str = AccessChannel.WEB,
) -> None:
    """A look-up by an exact ID number or phone (``key``) tells whose the number is: one audit
    row for each person it found, naming the key searched by (the number itself is not kept)."""
    PiiAccess.objects.bulk_create(
        PiiAccess(
            user=user,
            person=p,
            subject=_fitted(f"{p.name} {p.id_number_masked}", "subject"),
            fields=f"lookup:{key}",
            channel=channel,
            address=client_address(request),
            request_path=_path(request, query=False),  # the query names the number
        )
        for p in persons
    )


def pii_search_audit(
    *,
    user: User,
    q: str,
    persons,
    request: HttpRequest | None = None,
    channel: str = AccessChannel.WEB,
) -> None:
    """A list searched by a whole ID number or phone says whose the number is: audited like the
    look-up, one row for each person it shows."""
    number = number_searched(q) if q else None
    if number and persons:
        pii_lookup_audit(
            user=user, persons=list(persons), key=number[0], request=request, channel=channel
        )


def pii_audit(
    *,
    user: User,
    subject: str,
    fields: str,
    channel: str,
    request: HttpRequest | None = None,
    count: int = 1,
    person: Person | None = None,
) -> None:
    """The audit row of one unmasked view of personal data (DOMAIN.md §3): who, whose
    (``subject`` as shown, shortened to its column), which ``fields``, how many records, from
    where and by which request."""
    PiiAccess.objects.create(
        user=user,
        person=person,
        subject=_fitted(subject, "subject"),
        fields=fields,
        count=count,
        channel=channel,
        address=client_address(request),
        request_path=_path(request),
    )


def pii_bulk_audit(
    *, user: User, subject: str, count: int, channel: str, request: HttpRequest | None = None
) -> None:
    """One audit row for an unmasked export of many people."""
    pii_audit(
        user=user,
        subject=subject,
        fields=PERSON_FIELDS,
        count=count,
        channel=channel,
        request=request,
    )


@transaction.atomic
def person_set_phone(*, actor: User, person: Person, phone: str) -> Person:
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
    actor: User,
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
    *,
    kind: str,
    area: Area,
    name: str,
    phone: str = "",
    user: User | None = None,
    building: Building | None = None,
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
