"""Export of scoped register lists to xlsx and csv: masked unless the user may see the data."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.core.spreadsheet import table_bytes

from . import selectors
from .choices import AccessChannel
from .selectors import RegisterFilters
from .services import pii_bulk_audit


def _person_rows(user, qs, unmask: bool, stats: dict) -> Iterator[list]:
    for p in qs.iterator(chunk_size=2000):
        show = unmask and permissions.can_view_pii(user, p.grid.path)
        stats["revealed"] += show
        # the birth date is the masked part of the ID number: a row shows it only with the
        # whole number (the year always; the date column exists only in unmasked exports)
        birth = [p.birth_year or ""]
        if unmask:
            birth.append(p.birth_date.isoformat() if show and p.birth_date else "")
        yield [
            p.name,
            p.reveal("id_number") if show else p.id_number_masked,
            p.get_gender_display(),
            *birth,
            p.reveal("phone") if show else p.phone_masked,
            p.get_residence_type_display(),
            p.grid.code,
            p.grid.name,
            p.household.number if p.household_id else "",
            p.get_relation_display(),
        ]


EXPORTS = {
    "persons": (
        lambda unmask: [
            pgettext("person", "Name"),
            _("ID number"),
            _("Gender"),
            _("Year of birth"),
            *([_("Birth date")] if unmask else []),
            _("Phone"),
            _("Residence type"),
            _("Grid code"),
            _("Grid"),
            _("Household number"),
            _("Relation to householder"),
        ],
        selectors.person_list,
        _person_rows,
    ),
    "buildings": (
        lambda unmask: [
            _("Code"),
            _("Name"),
            _("Address"),
            _("Type"),
            _("Floors"),
            _("Grid code"),
            _("Longitude"),
            _("Latitude"),
        ],
        selectors.building_list,
        lambda user, qs, unmask, stats: (
            [
                b.code,
                b.name,
                b.address,
                b.get_building_type_display(),
                b.floors,
                b.grid.code,
                b.lon,
                b.lat,
            ]
            for b in qs.iterator(chunk_size=2000)
        ),
    ),
    "households": (
        lambda unmask: [
            _("Household number"),
            _("Grid code"),
            _("Building"),
            _("Room"),
            _("Needs"),
        ],
        selectors.household_list,
        lambda user, qs, unmask, stats: (
            [
                h.number,
                h.grid.code,
                h.house.building.code if h.house_id else "",
                h.house.room if h.house_id else "",
                h.needs,
            ]
            for h in qs.iterator(chunk_size=2000)
        ),
    ),
}


def register_export(
    *,
    kind: str,
    user: User,
    filters: RegisterFilters | None = None,
    fmt: str = "xlsx",
    unmask: bool = False,
    request: HttpRequest | None = None,
    channel: str = AccessChannel.EXPORT,
) -> bytes:
    """The scoped list as xlsx or csv bytes. Unmasked exports are audited once, with a count."""
    header_fn, selector, rows_fn = EXPORTS[kind]
    qs = selector(user=user, filters=filters)
    stats = {"revealed": 0}
    rows = list(rows_fn(user, qs, unmask, stats))
    if stats["revealed"]:
        n = stats["revealed"]
        pii_bulk_audit(
            user=user,
            subject=_("export of %(n)s persons") % {"n": n},
            count=n,
            channel=channel,
            request=request,
        )
    return table_bytes(header_fn(unmask), rows, fmt=fmt, sheet=kind)
