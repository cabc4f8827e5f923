"""The admission procedure (准入): a department applies to add a task or an assessment for
communities; the review office decides within its working days; an admitted item joins a new
version of the list from the day it starts, and leaves it (a new version again) when withdrawn.
Every step is on the record.

Clocks in working days (the district's calendar): an application must come at least
``CIVICGRID_ADMISSION_NOTICE_DAYS`` (30) working days before the work would start, and its
decision is due ``CIVICGRID_ADMISSION_DECISION_DAYS`` (15) working days after it was made.
A department's people see and act on its own applications; the review office (the district's
administrators) sees and decides all of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.burden.errors import BurdenError
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.text import shortened
from civicgrid.core.working_time import current_calendar
from civicgrid.duties.models import CommunityKind, ListType
from civicgrid.duties.services import NOTE_MAX, in_force
from civicgrid.evaluation.models import Scheme

from .choices import ApplicationAction
from .lists import copied, list_save
from .models import Application
from .workflow import application_filed, application_transition

DEPARTMENTS = (UnitKind.DEPARTMENT, UnitKind.STATIONED_TEAM)


def working_days_between(first: dt.date, last: dt.date, *, calendar=None) -> int:
    """Working days from ``first`` (included) to ``last`` (excluded)."""
    cal = calendar or current_calendar()
    days, day = 0, first
    while day < last:
        days += cal.is_working_day(day)
        day += dt.timedelta(days=1)
    return days


def add_working_days(start: dt.date, days: int, *, calendar=None) -> dt.date:
    """The working day ``days`` working days after ``start``."""
    cal = calendar or current_calendar()
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        days -= cal.is_working_day(day)
    return day


def departments_of(user) -> list[OrgUnit]:
    """The active departments the user works in: those they apply and push tasks for."""
    units = {g.unit_id for g in permissions.grants(user)}
    return list(OrgUnit.objects.filter(pk__in=units, kind__in=DEPARTMENTS, active=True))


def application_list(*, user) -> QuerySet[Application]:
    """All applications for the review office; a department's own for its people."""
    qs = Application.objects.select_related("department").prefetch_related("kinds")
    if permissions.can_review_admission(user):
        return qs
    units = {g.unit_id for g in permissions.grants(user)}
    return qs.filter(department_id__in=units)


@transaction.atomic
def application_apply(
    *,
    actor,
    department: OrgUnit,
    kinds: list[CommunityKind],
    list_type: str,
    title: str,
    reason: str,
    basis: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    hours_per_month: Decimal = Decimal(0),
    reports_per_year: int = 0,
    meetings_per_year: int = 0,
    funding_per_year: Decimal = Decimal(0),
    scheme: Scheme | None = None,
) -> Application:
    """File an application for ``department`` (the actor must work there)."""
    if department.kind not in DEPARTMENTS:
        raise DomainError(
            _("Only a department applies."), code=ErrorCode.INVALID, field="department"
        )
    if not permissions.works_for(actor, department.pk):
        raise DomainError(
            _("You apply for your own department only."),
            code=ErrorCode.FORBIDDEN,
            field="department",
        )
    if list_type not in (ListType.ASSISTING, ListType.ASSESSMENT):
        raise DomainError(
            _("Apply for a task or an assessment."), code=ErrorCode.INVALID, field="list_type"
        )
    if not kinds:
        raise DomainError(
            _("Choose the kinds of community."), code=ErrorCode.REQUIRED, field="kinds"
        )
    for name, value in (("title", title), ("reason", reason), ("basis", basis)):
        if not value.strip():
            raise DomainError(_("Required."), code=ErrorCode.REQUIRED, field=name)
    if list_type == ListType.ASSISTING and not funding_per_year:
        raise DomainError(
            _("Say what the department pays the communities a year (费随事转)."),
            code=ErrorCode.REQUIRED,
            field="funding_per_year",
        )
    if list_type == ListType.ASSESSMENT and not scheme:
        raise DomainError(_("Name the assessment scheme."), code=ErrorCode.REQUIRED, field="scheme")
    today = timezone.localdate()
    notice = settings.CIVICGRID_ADMISSION_NOTICE_DAYS
    if working_days_between(today, starts_on) < notice:
        raise DomainError(
            _("Apply at least %(n)s working days before the work starts (%(day)s or later).")
            % {"n": notice, "day": add_working_days(today, notice)},
            code=BurdenError.TOO_LATE,
            field="starts_on",
        )
    application = Application.objects.create(
        department=department,
        list_type=list_type,
        applied_by=actor,
        decision_due=add_working_days(today, settings.CIVICGRID_ADMISSION_DECISION_DAYS),
        title=title,
        reason=reason,
        basis=basis,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_month=hours_per_month,
        reports_per_year=reports_per_year,
        meetings_per_year=meetings_per_year,
        funding_per_year=funding_per_year,
        scheme=scheme,
    )
    application.kinds.set(kinds)
    application_filed(application=application, actor=actor, at=timezone.now(), note=reason)
    return application


def _next_code(list_type: str, items) -> str:
    prefixes: dict[str, str] = {ListType.ASSISTING: "A", ListType.ASSESSMENT: "K"}
    prefix = prefixes[list_type]
    numbers = [int(i.code.split("-")[-1]) for i in items if i.code.split("-")[-1].isdigit()]
    return f"{prefix}-{max(numbers, default=0) + 1:02d}"


def _item(application: Application, code: str) -> dict:
    """The list item an admitted application becomes."""
    return {
        "code": code,
        "title": application.title,
        "basis": application.basis,
        "department": application.department,
        "hours_per_month": application.hours_per_month,
        "reports_per_year": application.reports_per_year,
        "meetings_per_year": application.meetings_per_year,
        "funding_per_year": application.funding_per_year,
        "effective_from": application.starts_on,
        "effective_to": application.ends_on,
        "scheme": application.scheme,
        "score_card": None,
    }


def _admit(application: Application, actor) -> None:
    """A new list version for each kind, with the application's item, from its start."""
    code = ""
    note = shortened(
        _("Admitted: %(title)s (%(department)s)")
        % {"title": application.title, "department": application.department.name},
        NOTE_MAX,
    )
    for kind in application.kinds.all():
        current = in_force(kind, application.list_type, dt.date.max)
        items = list(current.items.all()) if current else []
        code = code or _next_code(application.list_type, items)
        list_save(
            kind=kind,
            list_type=application.list_type,
            items=[*copied(items), _item(application, code)],
            effective_from=max(application.starts_on, current.effective_from)
            if current
            else application.starts_on,
            note=note,
            actor=actor,
        )
    application.item_code = code


def _remove(application: Application, actor, on: dt.date) -> None:
    """The admitted item leaves each kind's list: a new version from ``on``."""
    note = shortened(_("Withdrawn: %(title)s") % {"title": application.title}, NOTE_MAX)
    for kind in application.kinds.all():
        current = in_force(kind, application.list_type, dt.date.max)
        if current is None:
            continue
        list_save(
            kind=kind,
            list_type=application.list_type,
            items=copied([i for i in current.items.all() if i.code != application.item_code]),
            effective_from=max(on, current.effective_from),
            note=note,
            actor=actor,
        )


def application_decide(
    *, application: Application, admit: bool, reasons: str, actor
) -> Application:
    """Admit (a new list version for each kind, from the start date) or refuse, with reasons."""
    if not permissions.can_review_admission(actor):
        raise DomainError(
            _("Only the review office decides."), code=ErrorCode.FORBIDDEN, field="decision"
        )
    reasons = reasons.strip()
    if not reasons:
        raise DomainError(_("Give the reasons."), code=ErrorCode.REQUIRED, field="decision")

    def decided(locked: Application) -> list[str]:
        if admit:
            _admit(locked, actor)
        locked.decision = reasons
        return ["decision", "item_code"]

    return application_transition(
        application_id=application.pk,
        action=ApplicationAction.ADMIT if admit else ApplicationAction.REFUSE,
        actor=actor,
        now=timezone.now(),
        note=reasons,
        effect=decided,
    )


def application_withdraw(
    *, application: Application, actor, note: str = "", on: dt.date | None = None
) -> Application:
    """The work has ended: the item leaves the lists (a new version from ``on``, today)."""
    mine = permissions.works_for(actor, application.department_id)
    if not (permissions.can_review_admission(actor) or mine):
        raise DomainError(
            _("You do not withdraw this."), code=ErrorCode.FORBIDDEN, field="application"
        )

    def withdrawn(locked: Application) -> list[str]:
        if locked.status == Application.Status.ADMITTED:
            _remove(locked, actor, on or timezone.localdate())
        return []

    return application_transition(
        application_id=application.pk,
        action=ApplicationAction.WITHDRAW,
        actor=actor,
        now=timezone.now(),
        note=note,
        effect=withdrawn,
    )
