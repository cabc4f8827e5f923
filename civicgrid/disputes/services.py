"""Writes to disputes: record one on its case, mediation sessions, follow-ups, early warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import users_with_role
from civicgrid.cases.choices import Tier
from civicgrid.cases.models import Case
from civicgrid.cases.selectors import case_staff_roles
from civicgrid.cases.services import case_transition
from civicgrid.cases.services.clock import TIER_ORDER
from civicgrid.catalogue.choices import ClassKind
from civicgrid.core import pii
from civicgrid.core.errors import (
    DomainError,
    ErrorCode,
    NotFound,
    NotPermitted,
    errors_from_validation,
)
from civicgrid.core.files import check_document
from civicgrid.core.phone import PhoneError, normalise
from civicgrid.notifications import services as notifications
from civicgrid.notifications.models import Kind
from civicgrid.registry.models import Person

from .committees import committee_of
from .models import Complexity, Dispute, FollowUp, Party, Risk, Session

COMPLEXITY_TIER = {
    Complexity.BUILDING: Tier.GRID,  # stays where it is: the building lies in the grid
    Complexity.SIMPLE: Tier.COMMUNITY,
    Complexity.COMPLEX: Tier.STREET,
    Complexity.DIFFICULT: Tier.DISTRICT,
}
RECORDERS = {Role.MEDIATOR, Role.OPERATOR, Role.SHIFT_LEAD, Role.DISPATCHER}


@dataclass
class PartyIn:
    name: str
    role: str = Party.Role.APPLICANT
    phone: str = ""
    person_id: int | None = None


def _checked(instance, *, exclude: Sequence[str] = (), prefix: str = "") -> None:
    """The model's own checks (choices, lengths, what is required) before a write, refused as a
    DomainError naming the field (``prefix`` places it in a list: "parties.0.name")."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        error = errors_from_validation(exc)[0]
        if prefix and error.field:
            error.field = prefix + error.field
        raise error from None


def require_roles(user: User, case: Case, allowed: set[Role]) -> None:
    if permissions.is_everywhere(user):
        return
    roles = case_staff_roles(user, case)
    if not roles and not permissions.can_view_case(
        user, grid_path=case.grid.path, unit_ids=case.assigned_unit_ids(), reporter_id=None
    ):
        raise NotFound(_("No such case."))
    if not roles & allowed:
        raise NotPermitted(_("Your roles for this case do not allow this."))


def _party(dispute: Dispute, item: PartyIn, index: int, user: User) -> Party:
    field = f"parties.{index}"
    party = Party(dispute=dispute, name=(item.name or "").strip(), role=item.role)
    _checked(party, exclude=["dispute", "person"], prefix=f"{field}.")
    if item.person_id is not None:
        person = Person.objects.visible_to(user).filter(pk=item.person_id).first()
        if person is None:
            raise DomainError(
                _("No such person in your register."),
                code=ErrorCode.INVALID,
                field=f"{field}.person_id",
            )
        party.person = person
    if item.phone:
        try:
            party.set_pii("phone", normalise(item.phone), pii.mask_phone)
        except PhoneError as exc:
            raise DomainError(str(exc), code=ErrorCode.INVALID, field=f"{field}.phone") from None
    return party


@transaction.atomic
def dispute_record(
    *,
    case: Case,
    actor: User,
    risk: str,
    complexity: str,
    summary: str = "",
    leader: User | None = None,
    parties: Sequence[PartyIn] = (),
    now: dt.datetime | None = None,
) -> Dispute:
    """Record the dispute details of a case of a dispute class; the case moves up to the tier
    its complexity calls for, and repeated disputes raise an early warning."""
    now = now or timezone.now()
    require_roles(actor, case, RECORDERS)
    if case.kind != ClassKind.DISPUTE:
        raise DomainError(
            _("This case is not of a dispute class."), code=ErrorCode.INVALID, field="case"
        )
    if Dispute.objects.filter(case=case).exists():
        raise DomainError(
            _("This dispute is already recorded."), code=ErrorCode.DUPLICATE, field="case"
        )
    dispute = Dispute(
        case=case,
        risk=risk,
        complexity=complexity,
        summary=summary.strip(),
        responsible_leader=leader,
    )
    _checked(dispute, exclude=["case", "responsible_leader"])
    if complexity == Complexity.BUILDING and committee_of(case) is None:
        raise DomainError(
            _("This case's building has no mediation committee."),
            code=ErrorCode.INVALID,
            field="complexity",
        )
    if complexity == Complexity.DIFFICULT and leader is None:
        raise DomainError(
            _("A difficult dispute needs a responsible leader (包案)."),
            code=ErrorCode.REQUIRED,
            field="responsible_leader",
        )
    if leader is not None and Role.LEADER not in {g.role for g in permissions.grants(leader)}:
        raise DomainError(
            _("The responsible leader must hold the leader role."),
            code=ErrorCode.INVALID,
            field="responsible_leader",
        )
    if not parties:
        raise DomainError(_("Name at least one party."), code=ErrorCode.REQUIRED, field="parties")
    dispute.save()
    Party.objects.bulk_create([_party(dispute, p, i, actor) for i, p in enumerate(parties)])
    dispute.warnings = early_warnings(dispute, now=now)
    dispute.save(update_fields=["warnings", "updated_at"])
    target = COMPLEXITY_TIER[Complexity(complexity)]
    if case.state not in ("closed", "voided") and TIER_ORDER.index(target) > TIER_ORDER.index(
        Tier(case.tier_current)
    ):
        case_transition(
            case_id=case.pk,
            action="escalate",
            actor=actor,
            now=now,
            note=_("Dispute judged %(c)s.") % {"c": Complexity(complexity).label},
            data={"to_tier": target},
            system=True,
        )
    if dispute.warnings or risk in (Risk.HIGH, Risk.CRITICAL):
        _warn(dispute, case)
    return dispute


def early_warnings(dispute: Dispute, *, now: dt.datetime) -> list[dict]:
    """Other disputes in the warning window with the same parties or at the same address."""
    since = now - dt.timedelta(days=settings.CIVICGRID_DISPUTE_REPEAT_DAYS)
    case = dispute.case
    parties = list(dispute.parties.all())
    phones = [p.phone_index for p in parties if p.phone_index]
    persons = [p.person_id for p in parties if p.person_id]
    others = (
        Dispute.objects.exclude(pk=dispute.pk).filter(created_at__gte=since).select_related("case")
    )
    found: dict[str, dict[str, Any]] = {}
    same_party = others.filter(
        Q(parties__phone_index__in=phones) | Q(parties__person_id__in=persons)
    )
    for other in same_party.distinct() if (phones or persons) else []:
        found.setdefault(other.case.number, {"case": other.case.number, "reasons": set()})[
            "reasons"
        ].add("same_party")
    place = Q()
    if case.building_id:
        place |= Q(case__building_id=case.building_id)
    if case.address:
        place |= Q(case__address=case.address)
    for other in others.filter(place) if place else []:
        found.setdefault(other.case.number, {"case": other.case.number, "reasons": set()})[
            "reasons"
        ].add("same_address")
    return [{"case": k, "reasons": sorted(v["reasons"])} for k, v in sorted(found.items())]


def _warn(dispute: Dispute, case: Case) -> None:
    users = users_with_role(Role.MEDIATOR, covering=case.grid.path) + users_with_role(
        Role.LEADER, covering=case.grid.path
    )
    if dispute.responsible_leader:
        users.append(dispute.responsible_leader)
    title = _("Dispute %(number)s: risk %(risk)s") % {
        "number": case.number,
        "risk": Risk(dispute.risk).label,
    }
    if dispute.warnings:
        title += " · " + _("repeated (%(n)s earlier)") % {"n": len(dispute.warnings)}
    transaction.on_commit(
        lambda: notifications.notify(
            users, kind=Kind.ESCALATED, title=title, url=f"/disputes/{case.pk}/"
        )
    )


@transaction.atomic
def session_add(
    *,
    dispute: Dispute,
    actor: User,
    held_at: dt.datetime,
    minutes: str,
    outcome: str,
    mediators: Iterable[User] = (),
    place: str = "",
    agreement: UploadedFile | None = None,
) -> Session:
    """A mediation session; an agreement reached resolves the dispute and needs the signed
    agreement (a PDF, JPEG or PNG)."""
    require_roles(actor, dispute.case, {Role.MEDIATOR})
    session = Session(
        dispute=dispute,
        held_at=held_at,
        place=place.strip(),
        minutes=(minutes or "").strip(),
        outcome=outcome,
        recorded_by=actor,
    )
    _checked(session, exclude=["dispute", "recorded_by", "agreement"])
    if outcome == Session.Outcome.AGREED and agreement is None:
        raise DomainError(
            _("Attach the signed agreement."), code=ErrorCode.REQUIRED, field="agreement"
        )
    if agreement is not None:
        check_document(agreement, "agreement")
        session.agreement = agreement
    session.save()
    session.mediators.set([actor, *mediators])
    if outcome == Session.Outcome.AGREED:
        dispute.resolved = True
        dispute.save(update_fields=["resolved", "updated_at"])
    return session


@transaction.atomic
def follow_up_add(
    *,
    dispute: Dispute,
    actor: User,
    visited_at: dt.datetime,
    satisfaction: str,
    notes: str = "",
) -> FollowUp:
    """A follow-up visit to the parties, with their satisfaction."""
    require_roles(actor, dispute.case, {Role.MEDIATOR, Role.OPERATOR, Role.GRID_LEADER})
    follow_up = FollowUp(
        dispute=dispute,
        visited_at=visited_at,
        by=actor,
        satisfaction=satisfaction,
        notes=notes.strip(),
    )
    _checked(follow_up, exclude=["dispute", "by"])
    follow_up.save()
    return follow_up
