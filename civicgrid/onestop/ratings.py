"""好差评: the applicant rates a finished application (refused, or handed over) once, on the
five levels; a bad rating (不满意, 非常不满意) goes back to the office responsible, whose people
are told and answer within ``CIVICGRID_BAD_RATING_ANSWER_DAYS`` working days (差评整改). The
applicant rates from the account that submitted it, or on the public page with the receipt
number and their own name and ID number (limited per client address, like every proof)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import RoleAssignment, User
from civicgrid.core.errors import DomainError, ErrorCode, TooManyAttempts
from civicgrid.core.ratelimit import Limit
from civicgrid.core.working_time import TimeUnit, add_working_time
from civicgrid.notifications.models import Kind
from civicgrid.notifications.services import notify
from civicgrid.registry.identity import Proof, proven

from . import access
from .application_models import Application, Rating
from .choices import Grade
from .office import text_of

MAX_COMMENT = 1000


def follow_limit() -> Limit:
    return Limit("onestop.follow", settings.CIVICGRID_APPLICANT_PROOFS_PER_HOUR, 3600)


def followed(*, number: str, proof: Proof, client: str) -> Application:
    """The application with this receipt number whose applicant has this name and ID number
    (one answer for a wrong number and a wrong person; attempts limited per client)."""
    if not follow_limit().hit(f"client:{client}"):
        raise TooManyAttempts(_("Too many attempts: try again in an hour."))
    person, _parsed = proven(proof)
    found = (
        Application.objects.select_related("item", "centre", "office")
        .filter(number=number.strip(), applicant=person)
        .first()
        if person is not None
        else None
    )
    if found is None:
        raise DomainError(
            _("No application has this receipt number and applicant."),
            code=ErrorCode.NOT_FOUND, field="number",
        )  # fmt: skip
    return found


def rate(*, application: Application, grade: int, comment: str = "",
         now: dt.datetime | None = None) -> Rating:  # fmt: skip
    """The applicant's one rating of a finished application. The caller has established that
    the rater is the applicant (their account, or ``followed``)."""
    now = now or timezone.now()
    if not application.finished:
        raise DomainError(_("An application is rated once it is finished."),
                          code=ErrorCode.CONFLICT, field="application")  # fmt: skip
    if grade not in Grade.values:
        raise DomainError(_("Choose one of the five levels."), code=ErrorCode.INVALID,
                          field="grade")  # fmt: skip
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(_("At most %(n)s characters.") % {"n": MAX_COMMENT},
                          code=ErrorCode.INVALID, field="comment")  # fmt: skip
    bad = grade <= Grade.DISSATISFIED
    due = (
        add_working_time(now, settings.CIVICGRID_BAD_RATING_ANSWER_DAYS, TimeUnit.DAYS)
        if bad else None
    )  # fmt: skip
    try:
        with transaction.atomic():
            rating = Rating.objects.create(application=application, grade=grade,
                                           comment=comment, rated_at=now, answer_due=due)  # fmt: skip
    except IntegrityError:
        raise DomainError(_("This application is rated already."), code=ErrorCode.DUPLICATE,
                          field="application") from None  # fmt: skip
    if bad:
        office_people = User.objects.filter(
            pk__in=RoleAssignment.objects.filter(unit=application.office, active=True)
            .exclude(role__in=access.NOT_STAFF)
            .values("user_id")
        )
        notify(office_people, kind=Kind.BAD_RATING,
               title=_("Bad rating of %(n)s (%(item)s): answer by %(due)s") % {
                   "n": application.number, "item": application.item.name,
                   "due": f"{timezone.localtime(due):%Y-%m-%d %H:%M}"},
               body=comment, url=f"/services/applications/{application.number}/")  # fmt: skip
    return rating


def answer(*, actor: User, rating: Rating, text: str, now: dt.datetime | None = None) -> Rating:
    """The office's answer to a bad rating: what it found and did (差评整改)."""
    now = now or timezone.now()
    if not access.in_office(actor, rating.application.office):
        raise DomainError(_("You do not answer for this office."), code=ErrorCode.FORBIDDEN,
                          field="application")  # fmt: skip
    if not rating.bad:
        raise DomainError(_("Only a bad rating is answered."), code=ErrorCode.NOT_ELIGIBLE,
                          field="answer")  # fmt: skip
    text = text_of(text, "answer")
    with transaction.atomic():
        updated = Rating.objects.filter(pk=rating.pk, answered_at__isnull=True).update(
            answer=text, answered_by=actor, answered_at=now
        )
    if not updated:
        raise DomainError(_("This rating is answered already."), code=ErrorCode.DUPLICATE,
                          field="answer")  # fmt: skip
    rating.refresh_from_db()
    return rating
