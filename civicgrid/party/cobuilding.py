"""Co-building (共驻共建): agreements between a party organisation and a stationed unit with what
each side commits to, and the three lists they run on — the community's needs, the units'
resources, and the projects that meet a need with resources.

Whoever leads the area keeps them (``services.may_keep``). A need with a live project is
"matched", with a delivered one "met"; a cancelled project gives its need back to the open list
unless another project still carries it. Resources and agreements must belong to the project's
place: a unit stationed in the community or in the street above it, an agreement of a party
organisation serving it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.money import yuan

from .choices import AgreementStatus, NeedStatus
from .models import Agreement, Commitment, Need, PartyOrganisation, Resource, StationedUnit
from .services import _keeper, not_after_today, street_or_community


def related(one: str, other: str) -> bool:
    """Two areas' paths on one line of the tree (the same area, or one above the other)."""
    return one.startswith(other) or other.startswith(one)


@dataclass(frozen=True)
class Promise:
    """One commitment as a form or a client sends it."""

    side: str
    text: str
    due_on: dt.date | None = None


def _commitments(agreement: Agreement, promises: Sequence[Promise]) -> list[Commitment]:
    made = []
    for n, p in enumerate(promises):
        c = Commitment(agreement=agreement, side=p.side, text=p.text.strip(), due_on=p.due_on)
        checked(c, exclude=["agreement"], prefix=f"commitments.{n}.")
        if c.due_on is not None and not agreement.starts_on <= c.due_on <= agreement.ends_on:
            raise DomainError(
                _("A commitment falls due while the agreement is in force."),
                code=ErrorCode.INVALID,
                field=f"commitments.{n}.due_on",
            )
        made.append(c)
    return made


@transaction.atomic
def agreement_draft(
    *,
    actor: User,
    party_organisation: PartyOrganisation,
    stationed_unit: StationedUnit,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    commitments: Sequence[Promise] = (),
) -> Agreement:
    """Draft an agreement with what each side commits to; it binds once signed."""
    area = _keeper(actor, party_organisation.unit.area, "party_organisation")
    if not related(stationed_unit.area.path, area.path) or not stationed_unit.active:
        raise DomainError(
            _("This unit is not stationed where the party organisation serves."),
            code=ErrorCode.INVALID,
            field="stationed_unit",
        )
    agreement = Agreement(
        party_organisation=party_organisation, stationed_unit=stationed_unit,
        title=title.strip(), starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip
    checked(agreement)
    if ends_on < starts_on:
        raise DomainError(
            _("An agreement ends after it starts."), code=ErrorCode.INVALID, field="ends_on"
        )
    made = _commitments(agreement, commitments)
    agreement.save()
    for c in made:
        c.agreement = agreement
    Commitment.objects.bulk_create(made)
    return agreement


def _agreement_for_change(actor: User, agreement: Agreement) -> Agreement:
    locked = (
        Agreement.objects.select_for_update()
        .select_related("party_organisation__unit__area")
        .get(pk=agreement.pk)
    )
    _keeper(actor, locked.party_organisation.unit.area, "agreement")
    return locked


@transaction.atomic
def agreement_sign(*, actor: User, agreement: Agreement, signed_on: dt.date) -> Agreement:
    agreement = _agreement_for_change(actor, agreement)
    if agreement.status != AgreementStatus.DRAFT:
        raise DomainError(_("Only a draft is signed."), code=ErrorCode.CLOSED, field="status")
    if not agreement.commitments.exists():
        raise DomainError(
            _("An agreement is signed with at least one commitment."),
            code=ErrorCode.REQUIRED,
            field="commitments",
        )
    not_after_today(signed_on, "signed_on")
    if signed_on > agreement.ends_on:
        raise DomainError(
            _("It is signed before it ends."), code=ErrorCode.INVALID, field="signed_on"
        )
    agreement.status, agreement.signed_on = AgreementStatus.SIGNED, signed_on
    agreement.save(update_fields=["status", "signed_on", "updated_at"])
    return agreement


@transaction.atomic
def agreement_terminate(*, actor: User, agreement: Agreement, on: dt.date, why: str) -> Agreement:
    agreement = _agreement_for_change(actor, agreement)
    if agreement.status != AgreementStatus.SIGNED:
        raise DomainError(
            _("Only a signed agreement is terminated."), code=ErrorCode.CLOSED, field="status"
        )
    if not why.strip():
        raise DomainError(_("Say why."), code=ErrorCode.REQUIRED, field="why")
    if not agreement.starts_on <= on <= agreement.ends_on:
        raise DomainError(
            _("It is terminated while it is in force: not before it starts, not after it ends."),
            code=ErrorCode.INVALID,
            field="on",
        )
    agreement.status, agreement.ended_on = AgreementStatus.TERMINATED, on
    agreement.ended_why = why.strip()
    checked(agreement, only=["ended_why"])
    agreement.save(update_fields=["status", "ended_on", "ended_why", "updated_at"])
    return agreement


@transaction.atomic
def commitment_add(*, actor: User, agreement: Agreement, promise: Promise) -> Commitment:
    agreement = _agreement_for_change(actor, agreement)
    if agreement.status == AgreementStatus.TERMINATED:
        raise DomainError(
            _("This agreement was terminated."), code=ErrorCode.CLOSED, field="agreement"
        )
    (made,) = _commitments(agreement, [promise])
    made.save()
    return made


@transaction.atomic
def commitment_done(*, actor: User, commitment: Commitment, on: dt.date) -> Commitment:
    agreement = _agreement_for_change(actor, commitment.agreement)
    if agreement.status != AgreementStatus.SIGNED:
        raise DomainError(
            _("Commitments are kept under a signed agreement."),
            code=ErrorCode.CLOSED,
            field="commitment",
        )
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    not_after_today(on, "on")
    if on < agreement.starts_on:
        raise DomainError(
            _("A commitment is kept under the agreement: not before it starts."),
            code=ErrorCode.INVALID,
            field="on",
        )
    if commitment.done_on is not None:
        raise DomainError(
            _("Already recorded as done."), code=ErrorCode.DECIDED, field="commitment"
        )
    commitment.done_on = on
    commitment.save(update_fields=["done_on", "updated_at"])
    return commitment


# --- the three lists ------------------------------------------------------------------------


@transaction.atomic
def need_raise(
    *, actor: User, area: Area | None, title: str, category: str, raised_on: dt.date,
    detail: str = "",
) -> Need:  # fmt: skip
    """Put a need on the community's list."""
    not_after_today(raised_on, "raised_on")
    need = Need(area=street_or_community(_keeper(actor, area, "area")), title=title.strip(), detail=detail.strip(),
                category=category, raised_on=raised_on)  # fmt: skip
    checked(need)
    need.save()
    return need


@transaction.atomic
def need_withdraw(*, actor: User, need: Need) -> Need:
    need = Need.objects.select_for_update().select_related("area").get(pk=need.pk)
    _keeper(actor, need.area, "need")
    if need.status != NeedStatus.OPEN:
        raise DomainError(
            _("Only an open need is withdrawn: a project carries this one."),
            code=ErrorCode.CLOSED,
            field="need",
        )
    need.status = NeedStatus.WITHDRAWN
    need.save(update_fields=["status", "updated_at"])
    return need


@transaction.atomic
def resource_offer(
    *, actor: User, stationed_unit: StationedUnit, title: str, kind: str, category: str,
    detail: str = "", value: Decimal | str | None = None, resource: Resource | None = None,
    available: bool = True,
) -> Resource:  # fmt: skip
    """Put what a unit offers on the resources list, or change an entry (``resource``)."""
    _keeper(actor, stationed_unit.area, "stationed_unit")
    if resource is not None:  # read again, locked: the entry as it stands
        locked = Resource.objects.select_for_update().select_related("stationed_unit__area")
        resource = locked.get(pk=resource.pk)
        _keeper(actor, resource.stationed_unit.area, "resource")
    entry = resource or Resource()
    entry.stationed_unit, entry.title, entry.detail = stationed_unit, title.strip(), detail.strip()
    entry.kind, entry.category, entry.available = kind, category, available
    entry.value = None if value in (None, "") else yuan(value, "value")
    checked(entry)
    entry.save()
    return entry


def matches(
    need: Need, *, today: dt.date, among: QuerySet[Resource] | None = None
) -> list[Resource]:
    """Resources that could meet ``need``: available, serving its category, offered by a unit
    stationed in its community or the street above; those of units with an agreement in force
    ``today`` with a party organisation there first."""
    ancestors = ancestor_paths(need.area.path)
    base = Resource.objects.all() if among is None else among
    found = list(
        base.filter(
            available=True, category=need.category, stationed_unit__active=True,
        ).filter(
            Q(stationed_unit__area__path__in=ancestors)
            | Q(stationed_unit__area__path__startswith=need.area.path)
        ).select_related("stationed_unit")
    )  # fmt: skip
    bound = set(
        Agreement.objects.filter(
            status=AgreementStatus.SIGNED,
            starts_on__lte=today,
            ends_on__gte=today,
            party_organisation__unit__area__path__in=ancestors,
        ).values_list("stationed_unit_id", flat=True)
    )
    found.sort(key=lambda r: (r.stationed_unit_id not in bound, r.stationed_unit.name, r.title))
    return found
