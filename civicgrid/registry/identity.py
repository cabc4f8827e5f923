"""Who someone says they are, checked against the register: a name and an ID number, looked up by
the register's blind index (the number is never searched in the clear). The callers word the
refusal for their purpose and say the same thing whether the number is unknown, the name does
not match or the person lives elsewhere, so no form becomes an oracle of who lives where; they
also limit how often an account may ask."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from civicgrid.core import idnumber, pii
from civicgrid.core.errors import DomainError, ErrorCode

from .models import Person

ID_NUMBER_LENGTH = 18  # a resident ID number's characters


@dataclass(frozen=True)
class Proof:
    """Who a resident says they are: their name and ID number, checked against the register."""

    name: str
    id_number: str


def proven(proof: Proof, *, under: str = "", today: dt.date | None = None,
           field: str = "id_number") -> tuple[Person | None, idnumber.IdNumber]:  # fmt: skip
    """The active person of the register with the proof's name and ID number (living under the
    area path ``under``), or None, with the parsed number. A blank name or a malformed number is
    refused naming its field (``name``, ``field``)."""
    if not proof.name.strip():
        raise DomainError(_("Give your name."), code=ErrorCode.REQUIRED, field="name")
    try:
        parsed = idnumber.parse(proof.id_number, today=today)
    except idnumber.IdNumberError as exc:
        raise DomainError(str(exc), code=ErrorCode.INVALID, field=field) from None
    found = (
        Person.objects.filter(
            id_number_index=pii.blind_index(parsed.value),
            active=True,
            grid__path__startswith=under,
        )
        .select_related("grid")
        .first()
    )
    if found is None or found.name.strip() != proof.name.strip():
        return None, parsed
    return found, parsed
