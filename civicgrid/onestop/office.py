"""The back office (后台分类处置): the office responsible takes an accepted application through
the item's review steps, one at a time, to a result — approved with the document produced, or
refused with reasons; an item passed up (上报件) is decided by the higher office and its answer
recorded. An item done on the spot (即办件) has no review: the window decides it. Materials that
follow (容缺) are received on the way; nothing is approved while one is outstanding. The
applicant is told of the result (their portal account, and a text message to the register's
phone), and how the result was handed over closes it (办结)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.notifications.models import Kind
from civicgrid.notifications.services import notify, send_sms

from . import access, workflow
from .application_models import Application, ApplicationMaterial
from .choices import Action, HandOver, ItemKind, MaterialState

MAX_TEXT = 2000


def _forbidden() -> DomainError:
    return DomainError(_("You do not decide this application."), code=ErrorCode.FORBIDDEN,
                       field="application")  # fmt: skip


def may_decide(user: User, application: Application) -> bool:
    """The office responsible (and the leaders over it); the window too for an item done on the
    spot."""
    return access.in_office(user, application.office) or (
        application.item.kind == ItemKind.INSTANT and access.at_desk(user, application.centre_id)
    )


def _decides(user: User, application: Application) -> None:
    if not may_decide(user, application):
        raise _forbidden()


def text_of(value: str, field: str, *, required: bool = True) -> str:
    """A typed text stripped, refused naming ``field`` when required and empty or too long."""
    value = value.strip()
    if required and not value:
        raise DomainError(_("This field is required."), code=ErrorCode.REQUIRED, field=field)
    if len(value) > MAX_TEXT:
        raise DomainError(_("At most %(n)s characters.") % {"n": MAX_TEXT},
                          code=ErrorCode.INVALID, field=field)  # fmt: skip
    return value


def review(*, actor: User, application: Application, note: str = "",
           now: dt.datetime | None = None) -> Application:  # fmt: skip
    """The next review step passed (its name goes on the record, with the note)."""
    _decides(actor, application)
    note = text_of(note, "note", required=False)
    steps, at = application.item.steps, application.steps_passed
    if at >= len(steps):
        raise DomainError(_("Every review step is passed: decide the application."),
                          code=ErrorCode.CONFLICT, field="application")  # fmt: skip

    def effect(locked: Application) -> list[str]:
        if locked.steps_passed != at:  # someone passed it meanwhile
            raise DomainError(_("Someone has just passed this step: look again."),
                              code=ErrorCode.CONFLICT, field="application")  # fmt: skip
        locked.steps_passed += 1
        return ["steps_passed"]

    return workflow.transition(
        application_id=application.pk, action=Action.REVIEW, actor=actor,
        now=now or timezone.now(), note=f"{steps[at]}{'：' + note if note else ''}", effect=effect,
    )  # fmt: skip


def pass_up(*, actor: User, application: Application, note: str,
            now: dt.datetime | None = None) -> Application:  # fmt: skip
    """An item passed up (上报件) goes to the higher office once reviewed here; ``note`` says to
    whom and with what."""
    _decides(actor, application)
    note = text_of(note, "note")
    if application.item.kind != ItemKind.UPWARD:
        raise DomainError(_("Only an item passed up goes to a higher office."),
                          code=ErrorCode.NOT_ELIGIBLE, field="application")  # fmt: skip

    def effect(locked: Application) -> list[str]:
        _reviewed(locked)
        return []

    return workflow.transition(application_id=application.pk, action=Action.PASS_UP,
                               actor=actor, now=now or timezone.now(), note=note,
                               effect=effect)  # fmt: skip


def _reviewed(application: Application) -> None:
    left = len(application.item.steps) - application.steps_passed
    if left > 0:
        raise DomainError(
            _("%(n)s review step(s) to pass first: %(steps)s.")
            % {"n": left, "steps": "、".join(application.item.steps[application.steps_passed:])},
            code=ErrorCode.CONFLICT, field="application",
        )  # fmt: skip


def approve(*, actor: User, application: Application, document: str, note: str = "",
            now: dt.datetime | None = None) -> Application:  # fmt: skip
    """Approved, with the document or certificate produced (its name and number); every review
    step passed and every material that followed received."""
    now = now or timezone.now()
    _decides(actor, application)
    document = text_of(document, "document")[:200]
    note = text_of(note, "note", required=False)

    def ready(locked: Application) -> None:
        if locked.status != "passed_up":
            _reviewed(locked)
        owed = list(
            locked.materials.filter(state=MaterialState.FOLLOWING).values_list(
                "material__name", flat=True
            )
        )
        if owed:
            raise DomainError(
                _("Still to follow: %(list)s. Receive it before approving.")
                % {"list": "、".join(owed)},
                code=ErrorCode.CONFLICT, field="application",
            )  # fmt: skip

    told = _("Approved: %(doc)s. Collect it as the receipt says.") % {"doc": document}
    return _decided(application, Action.APPROVE, actor, now, note, {"document": document}, told,
                    ready)  # fmt: skip


def refuse(*, actor: User, application: Application, reasons: str,
           now: dt.datetime | None = None) -> Application:  # fmt: skip
    """Refused, with the reasons the applicant is given."""
    now = now or timezone.now()
    _decides(actor, application)
    reasons = text_of(reasons, "reasons")
    return _decided(application, Action.REFUSE, actor, now, reasons, {"reasons": reasons},
                    _("Refused: %(why)s") % {"why": reasons})  # fmt: skip


def _decided(application: Application, action: str, actor: User, now: dt.datetime, note: str,
             result: dict[str, str], told: str, check=None) -> Application:  # fmt: skip
    """Approved or refused: the result, who decided and when written with the step (after
    ``check`` of the locked row), and the applicant told."""

    def effect(locked: Application) -> list[str]:
        if check is not None:
            check(locked)
        for name, value in result.items():
            setattr(locked, name, value)
        locked.decided_by, locked.decided_at = actor, now
        return [*result, "decided_by", "decided_at"]

    done = workflow.transition(application_id=application.pk, action=action, actor=actor,
                               now=now, note=note, effect=effect)  # fmt: skip
    _tell(done, told)
    return done


def _handles(actor: User, application: Application) -> None:
    """The desk or the office: who receives what follows and hands the result over."""
    if not (access.at_desk(actor, application.centre_id) or may_decide(actor, application)):
        raise _forbidden()


def receive(*, actor: User, application: Application, material_id: int,
            now: dt.datetime | None = None) -> Application:  # fmt: skip
    """A material that was to follow (容缺) is brought: at the desk or in the office."""
    now = now or timezone.now()
    _handles(actor, application)
    owed = (
        ApplicationMaterial.objects.select_related("material")
        .filter(application=application, material_id=material_id, state=MaterialState.FOLLOWING)
        .first()
    )
    if owed is None:
        raise DomainError(_("That material is not one still to follow."),
                          code=ErrorCode.INVALID, field="material")  # fmt: skip

    def effect(locked: Application) -> list[str]:
        if not ApplicationMaterial.objects.filter(pk=owed.pk, state=MaterialState.FOLLOWING).update(
            state=MaterialState.PROVIDED, received_at=now
        ):
            raise DomainError(_("That material is not one still to follow."),
                              code=ErrorCode.INVALID, field="material")  # fmt: skip
        return []

    return workflow.transition(application_id=application.pk, action=Action.RECEIVE,
                               actor=actor, now=now, effect=effect,
                               note=_("Received: %(m)s") % {"m": owed.material.name})  # fmt: skip


def hand_over(*, actor: User, application: Application, how: str, note: str = "",
              now: dt.datetime | None = None) -> Application:  # fmt: skip
    """The result handed over: picked up, delivered, posted or sent electronically (办结)."""
    now = now or timezone.now()
    _handles(actor, application)
    if how not in HandOver.values:
        raise DomainError(_("Choose how it was handed over."), code=ErrorCode.REQUIRED,
                          field="how")  # fmt: skip
    note = text_of(note, "note", required=False)

    def effect(locked: Application) -> list[str]:
        locked.handed_over, locked.handed_at = how, now
        return ["handed_over", "handed_at"]

    return workflow.transition(application_id=application.pk, action=Action.HAND_OVER,
                               actor=actor, now=now, note=note, effect=effect)  # fmt: skip


def _tell(application: Application, what: str) -> None:
    """The applicant is told: their portal account's inbox, and a text to the register's phone."""
    title = _("Your application %(n)s (%(item)s)") % {
        "n": application.number, "item": application.item.name}  # fmt: skip
    if application.submitted_by_id and application.channel == "portal":
        notify([application.submitted_by], kind=Kind.APPLICATION, title=title, body=what,
               url=f"/services/applications/{application.number}/")  # fmt: skip
    phone = application.applicant.reveal("phone")
    if phone:
        send_sms(phone, f"{title}: {what}")
