"""The register of social organisations and the hub, and subsidies.

The area's leaders and administrators (``can_lead``) register organisations, place them in the
hub, and decide subsidies; an organisation's own people (any role on its unit) apply for them.
A subsidy's steps go through the one writer (``orgs/workflow.py``), which records each.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts import services as accounts
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core import pii
from civicgrid.core.checks import checked, credit_code, refusal
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.money import yuan
from civicgrid.core.phone import PhoneError, normalise

from . import workflow
from .choices import SubsidyAction
from .models import HubNode, Organisation, Subsidy


def _credit_code(org_type: str, code: str) -> str:
    """The unified social credit code checked (GB 32100); only a community organisation that is
    merely filed may have none."""
    code = credit_code(code)
    if code:
        return code
    if org_type in Organisation.Type.values and org_type != Organisation.Type.COMMUNITY:
        raise DomainError(
            _("A registered organisation has a unified social credit code."),
            code=ErrorCode.REQUIRED,
            field="credit_code",
        )
    return ""


def _phone(organisation: Organisation, phone: str) -> None:
    if not phone.strip():
        return
    try:
        organisation.set_pii("contact_phone", normalise(phone), pii.mask_phone)
    except PhoneError as exc:
        raise DomainError(str(exc), code=ErrorCode.INVALID, field="phone") from None


@transaction.atomic
def organisation_register(
    *,
    actor: User,
    name: str,
    code: str,
    service_area: Area | None,
    type: str,
    credit_code: str = "",
    authority: str = "",
    registered_on: dt.date | None = None,
    party_branch: str = "",
    staff: int = 0,
    volunteers: int = 0,
    contact_name: str = "",
    hub: HubNode | None = None,
    incubation: str = "",
    rating: int | None = None,
    honours: str = "",
    phone: str = "",
) -> Organisation:
    """Register an organisation: its unit (for logins and roles) and its register entry."""
    if service_area is None or not permissions.can_lead(actor, service_area):
        raise DomainError(_("You do not register organisations here."), code=ErrorCode.FORBIDDEN,
                          field="service_area")  # fmt: skip
    organisation = Organisation(
        service_area=service_area, type=type, credit_code=_credit_code(type, credit_code),
        authority=authority.strip(), registered_on=registered_on,
        party_branch=party_branch.strip(), staff=staff, volunteers=volunteers,
        contact_name=contact_name.strip(), hub=hub, incubation=incubation, rating=rating,
        honours=honours.strip(),
    )  # fmt: skip
    checked(organisation, exclude=["unit"], unique=True)
    if (
        organisation.credit_code
        and Organisation.objects.filter(credit_code=organisation.credit_code).exists()
    ):
        raise DomainError(_("Already registered."), code=ErrorCode.DUPLICATE, field="credit_code")
    if OrgUnit.objects.filter(code=code.strip()).exists():
        raise DomainError(
            _("A unit already has this code."), code=ErrorCode.DUPLICATE, field="code"
        )
    try:
        organisation.unit = accounts.orgunit_create(
            kind=UnitKind.SOCIAL_ORGANISATION, name=name.strip(), code=code.strip(),
            area=service_area,
        )  # fmt: skip
    except ValidationError as exc:
        raise refusal(exc) from None
    _phone(organisation, phone)
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    type: str,
    credit_code: str,
    authority: str,
    party_branch: str,
    staff: int,
    volunteers: int,
    contact_name: str,
    incubation: str,
    rating: int | None,
    honours: str,
    phone: str = "",
) -> Organisation:
    """Change the register entry (an empty ``phone`` keeps the phone on record)."""
    if not permissions.can_lead(actor, organisation.service_area):
        raise DomainError(_("You do not register organisations here."), code=ErrorCode.FORBIDDEN,
                          field="service_area")  # fmt: skip
    organisation.type = type
    organisation.credit_code = _credit_code(type, credit_code)
    organisation.authority, organisation.party_branch = authority.strip(), party_branch.strip()
    organisation.staff, organisation.volunteers = staff, volunteers
    organisation.contact_name, organisation.honours = contact_name.strip(), honours.strip()
    organisation.incubation, organisation.rating = incubation, rating
    checked(organisation, unique=True)
    _phone(organisation, phone)
    organisation.save()
    return organisation


def hub_node_add(
    *, actor: User, level: str, name: str, area: Area | None, parent: HubNode | None = None
) -> HubNode:
    """A node of the hub: the district federation, or a branch or group that is part of one."""
    if area is None or not permissions.can_lead(actor, area):
        raise DomainError(_("You do not run the hub here."), code=ErrorCode.FORBIDDEN, field="area")
    if level != HubNode.Level.FEDERATION and parent is None:
        raise DomainError(_("Say what it is part of."), code=ErrorCode.REQUIRED, field="parent")
    node = HubNode(level=level, name=name.strip(), area=area, parent=parent)
    checked(node, unique=True)
    node.save()
    return node


# -- subsidies ------------------------------------------------------------------------------------


@transaction.atomic
def subsidy_apply(
    *,
    actor: User,
    organisation: Organisation,
    purpose: str,
    reason: str,
    requested: Decimal,
    now: dt.datetime | None = None,
) -> Subsidy:
    if not permissions.works_for(actor, organisation.unit_id):
        raise DomainError(_("You apply for your own organisation only."), code=ErrorCode.FORBIDDEN,
                          field="organisation")  # fmt: skip
    subsidy = Subsidy(
        organisation=organisation, purpose=purpose.strip(), reason=reason.strip(),
        requested=yuan(requested, "requested", positive=True), applied_by=actor,
    )  # fmt: skip
    checked(subsidy, unique=True)
    subsidy.save()
    workflow.subsidy_applied(subsidy=subsidy, actor=actor, at=now or timezone.now())
    return subsidy


def _decides(actor: User, subsidy: Subsidy) -> None:
    if not permissions.can_lead(actor, subsidy.organisation.service_area):
        raise DomainError(
            _("Only the area's leaders decide."), code=ErrorCode.FORBIDDEN, field="subsidy"
        )


def _reasons(text: str, message: str, field: str) -> str:
    """A review, a decision or a payment reference is never empty."""
    if not text.strip():
        raise DomainError(message, code=ErrorCode.REQUIRED, field=field)
    return text.strip()


def subsidy_review(
    *, actor: User, subsidy: Subsidy, recommend: bool, review: str,
    now: dt.datetime | None = None,
) -> Subsidy:  # fmt: skip
    """The review: recommended to the decision, or refused."""
    _decides(actor, subsidy)
    text = _reasons(review, _("Give the review."), "review")

    def effect(locked: Subsidy) -> list[str]:
        locked.review = text
        return ["review"]

    action = SubsidyAction.RECOMMEND if recommend else SubsidyAction.NOT_RECOMMEND
    return workflow.subsidy_transition(subsidy_id=subsidy.pk, action=action, actor=actor,
                                       now=now or timezone.now(), note=text, effect=effect)  # fmt: skip


def subsidy_decide(
    *, actor: User, subsidy: Subsidy, approve: bool, decision: str,
    amount: Decimal | None = None, now: dt.datetime | None = None,
) -> Subsidy:  # fmt: skip
    """The decision on a recommended subsidy: approved (up to what was requested), or refused."""
    _decides(actor, subsidy)
    text = _reasons(decision, _("Give the reasons."), "decision")

    def effect(locked: Subsidy) -> list[str]:
        if approve:
            approved = yuan(amount, "amount", positive=True)
            if approved > locked.requested:
                raise DomainError(
                    _("More than was requested."), code=ErrorCode.INVALID, field="amount"
                )
            locked.approved = approved
        locked.decision = text
        return ["approved", "decision"]

    action = SubsidyAction.APPROVE if approve else SubsidyAction.REFUSE
    return workflow.subsidy_transition(subsidy_id=subsidy.pk, action=action, actor=actor,
                                       now=now or timezone.now(), note=text, effect=effect)  # fmt: skip


def subsidy_pay(
    *, actor: User, subsidy: Subsidy, paid_on: dt.date | None, reference: str,
    now: dt.datetime | None = None,
) -> Subsidy:  # fmt: skip
    """The payment of an approved subsidy (on ``paid_on``, today when not given)."""
    _decides(actor, subsidy)
    text = _reasons(reference, _("Give the payment reference."), "reference")

    def effect(locked: Subsidy) -> list[str]:
        locked.paid_on = paid_on or timezone.localdate()
        locked.payment_reference = text
        checked(locked, exclude=["status"], unique=True)
        return ["paid_on", "payment_reference"]

    return workflow.subsidy_transition(
        subsidy_id=subsidy.pk, action=SubsidyAction.PAY, actor=actor, now=now or timezone.now(),
        note=text, effect=effect,
    )  # fmt: skip
