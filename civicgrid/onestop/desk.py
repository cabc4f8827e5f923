"""The front desk (前台一口受理): applications come in, are checked and accepted.

- **At the window** the clerk identifies the applicant against the register (name and ID number
  from the card: the look-up is limited per account and audited), ticks the materials brought,
  and either **accepts** — every material is there, or the missing ones may follow (容缺) and the
  applicant promises a date — or, when something that may not follow is missing, gives the
  **one-time notice** (一次性告知) listing everything missing, so nobody is sent back twice.
  Accepting gives the receipt (受理回执) with its number and, for a promised item, the deadline:
  the item's promised working days on the cases' calendar and clock.
- **On the portal** a resident proves who they are and submits; **a grid worker** submits for a
  resident of their grid with the resident's recorded consent (代办). Either waits at the
  service centre nearest above the applicant's grid, whose clerk checks the materials and
  accepts it or gives the notice, as at the window.
- A notice is taken up again when the applicant comes back: the same number, now accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.core.errors import DomainError, ErrorCode, TooManyAttempts
from civicgrid.core.models import Stamp
from civicgrid.core.ratelimit import Limit
from civicgrid.core.working_time import TimeUnit, add_working_time
from civicgrid.registry.choices import AccessChannel
from civicgrid.registry.identity import Proof, proven
from civicgrid.registry.models import Person
from civicgrid.registry.services import pii_audit

from . import access, workflow
from .application_models import Application, ApplicationMaterial
from .choices import Action, Channel, ItemKind, MaterialState, Status
from .models import Material, ServiceItem
from .queue_models import Window

DESK_LIMIT = "onestop.desk"


def _forbidden(message: str, field: str) -> DomainError:
    return DomainError(message, code=ErrorCode.FORBIDDEN, field=field)


def identify(*, actor: User, proof: Proof, limit: Limit, under: str = "",
             channel: str = AccessChannel.WEB, today: dt.date | None = None,
             within: Callable[[Person], bool] | None = None) -> Person:  # fmt: skip
    """The applicant in the register, by the name and ID number typed (counted against the
    account's hourly limit, and audited as a look-up by ID number). One answer whether the
    number is unknown or the name does not match."""
    if not limit.hit(f"user:{actor.pk}"):
        raise TooManyAttempts(_("Too many look-ups: try again in an hour."))
    person, _parsed = proven(proof, under=under, today=today)
    if person is not None and within is not None and not within(person):
        person = None  # outside where the actor may act: the same answer as nobody at all
    if person is None:
        raise DomainError(
            _("Nobody in the register has this name and ID number: check the card, or have the "
              "community register the applicant first."),
            code=ErrorCode.NOT_FOUND, field="id_number",
        )  # fmt: skip
    pii_audit(user=actor, subject=f"{person.name} {person.id_number_masked}",
              fields="id_number", channel=channel, person=person)  # fmt: skip
    return person


def desk_limit() -> Limit:
    return Limit(DESK_LIMIT, settings.CIVICGRID_DESK_PROOFS_PER_HOUR, 3600)


def applicant_limit() -> Limit:
    return Limit("onestop.applicant", settings.CIVICGRID_APPLICANT_PROOFS_PER_HOUR, 3600)


def _offered(item: ServiceItem, where: str, field: str = "item") -> None:
    allowed = {"window": item.at_window, "portal": item.online, "proxy": item.by_proxy}[where]
    if not item.active or not allowed:
        raise DomainError(
            _("%(item)s is not applied for this way.") % {"item": item.name},
            code=ErrorCode.NOT_ELIGIBLE, field=field,
        )  # fmt: skip


def _receipt_number(now: dt.datetime) -> str:
    """The next receipt number of the day, district-wide: the date and a count (2026120700012).
    Numbers are given one at a time (the counter's row is locked)."""
    Stamp.objects.get_or_create(key="onestop:receipts")
    Stamp.objects.select_for_update().filter(key="onestop:receipts").first()
    prefix = f"{timezone.localdate(now):%Y%m%d}"
    last = Application.objects.filter(number__startswith=prefix).aggregate(n=Max("number"))["n"]
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:05d}"


def _checklist(item: ServiceItem, provided: Iterable[int], following: Iterable[int]
               ) -> dict[Material, str]:  # fmt: skip
    """Each required material's state; materials of another item are refused, and only those
    that may follow can be promised."""
    materials = list(item.materials.all())
    known = {m.pk for m in materials}
    provided, following = set(provided), set(following)
    if not (provided | following) <= known:
        raise DomainError(_("That material is not one this item requires."),
                          code=ErrorCode.INVALID, field="materials")  # fmt: skip
    for m in materials:
        if m.pk in following and m.pk in provided:
            raise DomainError(
                _("%(m)s is either brought or to follow, not both.") % {"m": m.name},
                code=ErrorCode.INVALID, field="following",
            )  # fmt: skip
        if m.pk in following and not m.may_follow:
            raise DomainError(
                _("%(m)s may not follow later: it is needed to accept.") % {"m": m.name},
                code=ErrorCode.INVALID, field="following",
            )  # fmt: skip
    return {
        m: MaterialState.PROVIDED if m.pk in provided
        else MaterialState.FOLLOWING if m.pk in following else MaterialState.MISSING
        for m in materials
    }  # fmt: skip


def _ready(states: dict[Material, str], follow_by: dt.date | None, accept: bool,
           now: dt.datetime) -> None:  # fmt: skip
    """Refused before anything is looked up or written: accepting with something missing that
    may not follow, without the promised date for what follows, or a notice with nothing
    missing."""
    missing = [m.name for m, s in states.items() if s == MaterialState.MISSING]
    if not accept:
        if not missing and MaterialState.FOLLOWING not in states.values():
            raise DomainError(_("Nothing is missing: accept the application."),
                              code=ErrorCode.INVALID, field="materials")  # fmt: skip
        return
    if missing:
        raise DomainError(
            _("Missing: %(list)s. Give the applicant the one-time notice instead.")
            % {"list": "、".join(missing)},
            code=ErrorCode.INVALID, field="materials",
        )  # fmt: skip
    if MaterialState.FOLLOWING in states.values() and (
        follow_by is None or follow_by <= timezone.localdate(now)
    ):
        raise DomainError(
            _("Record the date the applicant promises to bring what follows (after today)."),
            code=ErrorCode.REQUIRED, field="follow_by",
        )  # fmt: skip


def _accepted(application: Application, states: dict[Material, str], follow_by: dt.date | None,
              actor: User, now: dt.datetime) -> list[str]:  # fmt: skip
    """The acceptance written (``_ready`` has checked it): the deadline set, the checklist kept."""
    item = application.item
    follows = MaterialState.FOLLOWING in states.values()
    application.follow_by = follow_by if follows else None
    application.accepted_by, application.accepted_at = actor, now
    application.due_at = (
        None if item.kind == ItemKind.INSTANT
        else add_working_time(now, item.promised_days, TimeUnit.DAYS)
    )  # fmt: skip
    _write_materials(application, states)
    return ["follow_by", "accepted_by", "accepted_at", "due_at"]


def _write_materials(application: Application, states: dict[Material, str]) -> None:
    application.materials.all().delete()
    ApplicationMaterial.objects.bulk_create(
        ApplicationMaterial(application=application, material=m, state=s) for m, s in states.items()
    )


def window_take(*, actor: User, centre: OrgUnit, item: ServiceItem, proof: Proof,
                provided: Iterable[int] = (), following: Iterable[int] = (),
                follow_by: dt.date | None = None, accept: bool = True,
                window: Window | None = None, note: str = "",
                channel: str = AccessChannel.WEB, now: dt.datetime | None = None
                ) -> Application:  # fmt: skip
    """At the window: accept the application (``accept``) or give the one-time notice of what is
    missing. Either way the application is on the record with its number. Everything that does
    not depend on who the applicant is is checked before the look-up, which is counted and
    audited whatever follows."""
    now = now or timezone.now()
    if not access.at_desk(actor, centre.pk):
        raise _forbidden(_("You do not work at this service centre."), "centre")
    if window is not None and window.centre_id != centre.pk:
        raise DomainError(_("Choose a window of this centre."), code=ErrorCode.INVALID,
                          field="window")  # fmt: skip
    _offered(item, "window")
    states = _checklist(item, provided, following)
    _ready(states, follow_by, accept, now)
    person = identify(actor=actor, proof=proof, limit=desk_limit(), channel=channel,
                      today=timezone.localdate(now))  # fmt: skip
    with transaction.atomic():
        application = Application.objects.create(
            number=_receipt_number(now), item=item, centre=centre, office=item.office,
            channel=Channel.WINDOW, applicant=person, window=window, submitted_at=now,
            status=Status.NOTIFIED,
        )  # fmt: skip
        if accept:
            application.status = Status.ACCEPTED
            application.save(update_fields=[*_accepted(application, states, follow_by, actor, now),
                                            "status"])  # fmt: skip
        else:
            _write_materials(application, states)
        workflow.opened(application=application, actor=actor, at=now, note=note,
                        action=Action.ACCEPT if accept else Action.NOTIFY)  # fmt: skip
    return application


def desk_decide(*, actor: User, application: Application, provided: Iterable[int] = (),
                following: Iterable[int] = (), follow_by: dt.date | None = None,
                accept: bool = True, note: str = "", now: dt.datetime | None = None
                ) -> Application:  # fmt: skip
    """A submitted application (portal, 代办) or one told what was missing comes to the desk:
    accepted now, or given the one-time notice."""
    now = now or timezone.now()
    if not access.at_desk(actor, application.centre_id):
        raise _forbidden(_("You do not work at this service centre."), "centre")
    states = _checklist(application.item, provided, following)
    _ready(states, follow_by, accept, now)

    def effect(locked: Application) -> list[str]:
        if accept:
            return _accepted(locked, states, follow_by, actor, now)
        _write_materials(locked, states)
        return []

    return workflow.transition(
        application_id=application.pk, action=Action.ACCEPT if accept else Action.NOTIFY,
        actor=actor, now=now, note=note, effect=effect,
    )  # fmt: skip


def submit(*, actor: User, item: ServiceItem, proof: Proof, consent: str = "",
           channel: str = AccessChannel.WEB, now: dt.datetime | None = None) -> Application:  # fmt: skip
    """A resident applies on the portal for themself (proving who they are), or a grid worker
    applies for a resident of their grid with the resident's consent (代办). The application
    waits at the service centre nearest above the applicant's grid."""
    now = now or timezone.now()
    staff = access.is_grid_worker(actor)
    way = Channel.PROXY if staff else Channel.PORTAL
    _offered(item, way)
    if staff and not consent.strip():
        raise DomainError(
            _("Record how the applicant agreed that you act for them (e.g. the signed form)."),
            code=ErrorCode.REQUIRED, field="consent",
        )  # fmt: skip
    limit = desk_limit() if staff else applicant_limit()
    # a grid worker finds only the residents of their own grids: one answer for anyone else
    person = identify(actor=actor, proof=proof, limit=limit, channel=channel,
                      today=timezone.localdate(now),
                      within=(lambda p: access.acts_for(actor, p.grid)) if staff else None)  # fmt: skip
    centre = access.centre_of(person.grid)
    if centre is None:
        raise DomainError(_("No service centre serves the applicant's area yet."),
                          code=ErrorCode.NOT_ELIGIBLE, field="item")  # fmt: skip
    with transaction.atomic():
        application = Application.objects.create(
            number=_receipt_number(now), item=item, centre=centre, office=item.office,
            channel=way, applicant=person, submitted_by=actor,
            consent=consent.strip() if staff else "", submitted_at=now, status=Status.SUBMITTED,
        )  # fmt: skip
        workflow.opened(application=application, action=Action.SUBMIT, actor=actor, at=now)
    return application


def withdraw(*, actor: User, application: Application, note: str = "",
             now: dt.datetime | None = None) -> Application:  # fmt: skip
    """The applicant withdraws (through the desk, or from the account that submitted it)."""
    if not (
        access.at_desk(actor, application.centre_id) or application.submitted_by_id == actor.pk
    ):
        raise _forbidden(_("You cannot withdraw this application."), "application")
    return workflow.transition(application_id=application.pk, action=Action.WITHDRAW,
                               actor=actor, now=now or timezone.now(), note=note)  # fmt: skip
