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

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import UnitKind
from civicgrid.core.errors import DomainError
from civicgrid.core.working_time import current_calendar

from .models import Application, ApplicationStep, ListType
from .services import in_force, version_save

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


def reviews(user) -> bool:
    return permissions.can_manage_rules(user)


def visible(user) -> QuerySet[Application]:
    """All applications for the review office; a department's own for its people."""
    qs = Application.objects.select_related("department").prefetch_related("kinds")
    if reviews(user):
        return qs
    units = {g.unit_id for g in permissions.grants(user)}
    return qs.filter(department_id__in=units)


def _step(application: Application, action: str, actor, note: str = "") -> None:
    ApplicationStep.objects.create(
        application=application, action=action, at=timezone.now(), actor=actor, note=note
    )


@transaction.atomic
def apply(*, actor, department, kinds, list_type: str, fields: dict) -> Application:
    """File an application for ``department`` (the actor must work there)."""
    if department.kind not in DEPARTMENTS:
        raise DomainError(_("Only a department applies."), code="invalid", field="department")
    if not any(g.unit_id == department.pk for g in permissions.grants(actor)):
        raise DomainError(
            _("You apply for your own department only."), code="forbidden", field="department"
        )
    if list_type not in (ListType.ASSISTING, ListType.ASSESSMENT):
        raise DomainError(
            _("Apply for a task or an assessment."), code="invalid", field="list_type"
        )
    if not kinds:
        raise DomainError(_("Choose the kinds of community."), code="required", field="kinds")
    for name in ("title", "reason", "basis"):
        if not str(fields.get(name) or "").strip():
            raise DomainError(_("Required."), code="required", field=name)
    if list_type == ListType.ASSISTING and not fields.get("funding_per_year"):
        raise DomainError(
            _("Say what the department pays the communities a year (费随事转)."),
            code="required",
            field="funding_per_year",
        )
    if list_type == ListType.ASSESSMENT and not fields.get("scheme"):
        raise DomainError(_("Name the assessment scheme."), code="required", field="scheme")
    today = timezone.localdate()
    starts = fields["starts_on"]
    notice = settings.CIVICGRID_ADMISSION_NOTICE_DAYS
    if working_days_between(today, starts) < notice:
        raise DomainError(
            _("Apply at least %(n)s working days before the work starts (%(day)s or later).")
            % {"n": notice, "day": add_working_days(today, notice)},
            code="too_late",
            field="starts_on",
        )
    application = Application.objects.create(
        department=department,
        list_type=list_type,
        applied_by=actor,
        decision_due=add_working_days(today, settings.CIVICGRID_ADMISSION_DECISION_DAYS),
        **fields,
    )
    application.kinds.set(kinds)
    _step(application, "applied", actor, fields.get("reason", ""))
    return application


def _next_code(list_type: str, items) -> str:
    prefix = {ListType.ASSISTING: "A", ListType.ASSESSMENT: "K"}[list_type]
    numbers = [int(i.code.split("-")[-1]) for i in items if i.code.split("-")[-1].isdigit()]
    return f"{prefix}-{max(numbers, default=0) + 1:02d}"


# what an item carries from one list version to the next, and what an application gives it
CARRIED = (
    "code", "title", "basis", "department", "hours_per_month", "reports_per_year",
    "meetings_per_year", "funding_per_year", "effective_from", "effective_to", "scheme",
    "score_card",
)  # fmt: skip


def _item_fields(application: Application, code: str) -> dict:
    given = {name: getattr(application, name, None) for name in CARRIED}
    return {
        **given,
        "code": code,
        "effective_from": application.starts_on,
        "effective_to": application.ends_on,
    }


def _copy(item) -> dict:
    return {
        **{name: getattr(item, name) for name in CARRIED},
        "case_classes": list(item.case_classes.all()),
    }


@transaction.atomic
def decide(*, application: Application, admit: bool, reasons: str, actor) -> Application:
    """Admit (a new list version for each kind, from the start date) or refuse, with reasons."""
    if not reviews(actor):
        raise DomainError(_("Only the review office decides."), code="forbidden", field="decision")
    if application.status != Application.Status.APPLIED:
        raise DomainError(_("This application is decided."), code="decided", field="decision")
    if not reasons.strip():
        raise DomainError(_("Give the reasons."), code="required", field="decision")
    if admit:
        code = ""
        for kind in application.kinds.all():
            current = in_force(kind, application.list_type, dt.date.max)
            items = list(current.items.all()) if current else []
            code = code or _next_code(application.list_type, items)
            version_save(
                kind=kind,
                list_type=application.list_type,
                items=[_copy(i) for i in items] + [_item_fields(application, code)],
                effective_from=max(application.starts_on, current.effective_from)
                if current
                else application.starts_on,
                note=_("Admitted: %(title)s (%(department)s)")
                % {"title": application.title, "department": application.department.name},
                actor=actor,
            )
        application.item_code = code
    application.status = Application.Status.ADMITTED if admit else Application.Status.REFUSED
    application.decision = reasons.strip()
    application.save(update_fields=["status", "decision", "item_code", "updated_at"])
    _step(application, application.status, actor, reasons.strip())
    return application


@transaction.atomic
def withdraw(*, application: Application, actor, note: str = "", on: dt.date | None = None):
    """The work has ended: the item leaves the lists (a new version from ``on``, today)."""
    mine = any(g.unit_id == application.department_id for g in permissions.grants(actor))
    if not (reviews(actor) or mine):
        raise DomainError(_("You do not withdraw this."), code="forbidden", field="application")
    if application.status not in (Application.Status.APPLIED, Application.Status.ADMITTED):
        raise DomainError(_("This application has ended."), code="decided", field="application")
    on = on or timezone.localdate()
    if application.status == Application.Status.ADMITTED:
        for kind in application.kinds.all():
            current = in_force(kind, application.list_type, dt.date.max)
            if current is None:
                continue
            version_save(
                kind=kind,
                list_type=application.list_type,
                items=[_copy(i) for i in current.items.all() if i.code != application.item_code],
                effective_from=max(on, current.effective_from),
                note=_("Withdrawn: %(title)s") % {"title": application.title},
                actor=actor,
            )
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    _step(application, "withdrawn", actor, note)
    return application
