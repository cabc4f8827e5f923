"""The register of social organisations and the hub, and subsidies.

The area's leaders and administrators (``can_lead``) register organisations, place them in the
hub, and decide subsidies; an organisation's own people (any role on its unit) apply for them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from civicgrid.accounts import permissions
from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import UnitKind
from civicgrid.core import pii
from civicgrid.core.errors import DomainError
from civicgrid.core.money import yuan
from civicgrid.core.phone import PhoneError, normalise

from .models import HubNode, Organisation, Subsidy


def money(value, name: str, *, positive: bool = True) -> Decimal:
    return yuan(value, name, positive=positive)


def works_for(user, organisation: Organisation) -> bool:
    return any(g.unit_id == organisation.unit_id for g in permissions.grants(user))


def leads(user, organisation: Organisation) -> bool:
    return permissions.can_lead(user, organisation.service_area)


def visible(user):
    """Organisations serving the areas the user works in, and their own."""
    from civicgrid.areas.models import Area

    units = {g.unit_id for g in permissions.grants(user)}
    return Organisation.objects.filter(
        Q(service_area__in=Area.objects.around(user)) | Q(unit_id__in=units)
    ).select_related("unit", "service_area", "hub")


def _clean(fields: dict) -> dict:
    org_type = fields.get("type")
    if org_type not in Organisation.Type.values:
        raise DomainError(_("Choose the type."), code="invalid", field="type")
    code = (fields.get("credit_code") or "").strip().upper()
    if code:
        try:
            code = uscc.validate(code)
        except StdnumError:
            raise DomainError(
                _("Not a valid unified social credit code (GB 32100)."),
                code="invalid",
                field="credit_code",
            ) from None
    elif org_type != Organisation.Type.COMMUNITY:
        raise DomainError(
            _("A registered organisation has a unified social credit code."),
            code="required",
            field="credit_code",
        )
    rating = fields.get("rating")
    if rating in (None, ""):
        rating = None
    elif not str(rating).isdigit() or not 1 <= int(rating) <= 5:
        raise DomainError(_("A grade from 1A to 5A."), code="invalid", field="rating")
    if fields.get("incubation", "") not in Organisation.Incubation.values:
        raise DomainError(_("Choose the incubation status."), code="invalid", field="incubation")
    for name in ("staff", "volunteers"):
        if not str(fields.get(name) or 0).isdigit():
            raise DomainError(_("Give whole numbers."), code="invalid", field=name)
    return {
        "type": org_type,
        "credit_code": code,
        "authority": (fields.get("authority") or "").strip()[:100],
        "registered_on": fields.get("registered_on"),
        "party_branch": (fields.get("party_branch") or "").strip()[:100],
        "staff": int(fields.get("staff") or 0),
        "volunteers": int(fields.get("volunteers") or 0),
        "contact_name": (fields.get("contact_name") or "").strip()[:50],
        "hub": fields.get("hub"),
        "incubation": fields.get("incubation", ""),
        "rating": int(rating) if rating is not None else None,
        "honours": (fields.get("honours") or "").strip(),
    }


@transaction.atomic
def register(
    *, actor, name: str, code: str, service_area, phone: str = "", **fields
) -> Organisation:
    """Register an organisation: its unit (for logins and roles) and its register entry."""
    if service_area is None or not permissions.can_lead(actor, service_area):
        raise DomainError(_("You do not register organisations here."), code="forbidden",
                          field="service_area")  # fmt: skip
    if not (name or "").strip():
        raise DomainError(_("Required."), code="required", field="name")
    if not (code or "").strip():
        raise DomainError(_("Required."), code="required", field="code")
    clean = _clean(fields)
    if (
        clean["credit_code"]
        and Organisation.objects.filter(credit_code=clean["credit_code"]).exists()
    ):
        raise DomainError(_("Already registered."), code="duplicate", field="credit_code")
    from civicgrid.accounts.models import OrgUnit

    if OrgUnit.objects.filter(code=code.strip()).exists():
        raise DomainError(_("A unit already has this code."), code="duplicate", field="code")
    unit = accounts.orgunit_create(
        kind=UnitKind.SOCIAL_ORGANISATION, name=name.strip()[:100], code=code.strip()[:40],
        area=service_area,
    )  # fmt: skip
    organisation = Organisation(unit=unit, service_area=service_area, **clean)
    _phone(organisation, phone)
    organisation.save()
    return organisation


def _phone(organisation: Organisation, phone: str) -> None:
    if not (phone or "").strip():
        return
    try:
        organisation.set_pii("contact_phone", normalise(phone), pii.mask_phone)
    except PhoneError as exc:
        raise DomainError(str(exc), code="invalid", field="phone") from None


@transaction.atomic
def update(*, actor, organisation: Organisation, phone: str | None = None, **fields):
    if not leads(actor, organisation):
        raise DomainError(_("You do not register organisations here."), code="forbidden",
                          field="service_area")  # fmt: skip
    for name, value in _clean({**_current(organisation), **fields}).items():
        setattr(organisation, name, value)
    if phone is not None:
        _phone(organisation, phone)
    organisation.save()
    return organisation


def _current(o: Organisation) -> dict:
    return {
        "type": o.type, "credit_code": o.credit_code, "authority": o.authority,
        "registered_on": o.registered_on, "party_branch": o.party_branch, "staff": o.staff,
        "volunteers": o.volunteers, "contact_name": o.contact_name, "hub": o.hub,
        "incubation": o.incubation, "rating": o.rating, "honours": o.honours,
    }  # fmt: skip


def hub_node(*, actor, level: str, name: str, area, parent: HubNode | None = None) -> HubNode:
    if area is None or not permissions.can_lead(actor, area):
        raise DomainError(_("You do not run the hub here."), code="forbidden", field="area")
    if level not in HubNode.Level.values:
        raise DomainError(_("Choose the level."), code="invalid", field="level")
    if level != HubNode.Level.FEDERATION and parent is None:
        raise DomainError(_("Say what it is part of."), code="required", field="parent")
    if not (name or "").strip():
        raise DomainError(_("Required."), code="required", field="name")
    return HubNode.objects.create(level=level, name=name.strip()[:100], area=area, parent=parent)


# -- subsidies ------------------------------------------------------------------------------------


def subsidy_apply(*, actor, organisation: Organisation, purpose: str, reason: str, requested):
    if not works_for(actor, organisation):
        raise DomainError(_("You apply for your own organisation only."), code="forbidden",
                          field="organisation")  # fmt: skip
    for name, value in (("purpose", purpose), ("reason", reason)):
        if not (value or "").strip():
            raise DomainError(_("Required."), code="required", field=name)
    return Subsidy.objects.create(
        organisation=organisation, purpose=purpose.strip()[:200], reason=reason.strip(),
        requested=money(requested, "requested"), applied_by=actor,
    )  # fmt: skip


def _decides(actor, subsidy: Subsidy, expected: tuple) -> None:
    if not leads(actor, subsidy.organisation):
        raise DomainError(_("Only the area's leaders decide."), code="forbidden", field="subsidy")
    if subsidy.status not in expected:
        raise DomainError(
            _("A subsidy that is “%(status)s” cannot go there.")
            % {"status": subsidy.get_status_display()},
            code="conflict",
            field="subsidy",
        )


@transaction.atomic
def subsidy_review(*, actor, subsidy: Subsidy, recommend: bool, review: str) -> Subsidy:
    _decides(actor, subsidy, (Subsidy.Status.APPLIED,))
    if not (review or "").strip():
        raise DomainError(_("Give the review."), code="required", field="review")
    subsidy.review = review.strip()
    subsidy.status = Subsidy.Status.RECOMMENDED if recommend else Subsidy.Status.REFUSED
    subsidy.save(update_fields=["review", "status", "updated_at"])
    return subsidy


@transaction.atomic
def subsidy_decide(
    *, actor, subsidy: Subsidy, approve: bool, amount=None, decision: str
) -> Subsidy:
    _decides(actor, subsidy, (Subsidy.Status.RECOMMENDED,))
    if not (decision or "").strip():
        raise DomainError(_("Give the reasons."), code="required", field="decision")
    if approve:
        amount = money(amount, "amount")
        if amount > subsidy.requested:
            raise DomainError(_("More than was requested."), code="invalid", field="amount")
        subsidy.approved = amount
    subsidy.decision = decision.strip()
    subsidy.status = Subsidy.Status.APPROVED if approve else Subsidy.Status.REFUSED
    subsidy.save(update_fields=["approved", "decision", "status", "updated_at"])
    return subsidy


@transaction.atomic
def subsidy_pay(*, actor, subsidy: Subsidy, paid_on: dt.date | None, reference: str) -> Subsidy:
    _decides(actor, subsidy, (Subsidy.Status.APPROVED,))
    if not (reference or "").strip():
        raise DomainError(_("Give the payment reference."), code="required", field="reference")
    subsidy.paid_on = paid_on or timezone.localdate()
    subsidy.payment_reference = reference.strip()[:60]
    subsidy.status = Subsidy.Status.PAID
    subsidy.save(update_fields=["paid_on", "payment_reference", "status", "updated_at"])
    return subsidy


def recipients():
    """Approved and paid subsidies, for the public list (organisation, purpose, amount, date)."""
    return (
        Subsidy.objects.filter(status__in=(Subsidy.Status.APPROVED, Subsidy.Status.PAID))
        .select_related("organisation__unit")
        .order_by("-paid_on", "-updated_at")
    )
