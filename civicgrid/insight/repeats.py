"""Repeat demands (高频/重复诉求): a report of a class at a place that others of the same class
have reported within ``CIVICGRID_REPEAT_DAYS`` — at the same building, or the same address in
the same grid — counts towards an alert; at ``CIVICGRID_REPEAT_COUNT`` reports the alert is
raised and the command centre and the street (their leaders, shift leads and dispatchers) are
told, with the cases behind it. Later reports join the open alert (nobody is told twice) until
someone records what was done; a report after that starts a new count. A report with neither a
building nor an address (a point on the map) is left to the hot spots."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import RoleAssignment, User
from civicgrid.cases.choices import State
from civicgrid.cases.models import Case
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.notifications.models import Kind
from civicgrid.notifications.services import notify

from .repeat_models import RepeatAlert

TOLD = (Role.LEADER, Role.SHIFT_LEAD, Role.DISPATCHER)


def _place(case: Case) -> Q | None:
    if case.building_id:
        return Q(building_id=case.building_id)
    if case.address.strip() and case.grid_id:
        return Q(building__isnull=True, address=case.address.strip(), grid_id=case.grid_id)
    return None


def check(case: Case) -> RepeatAlert | None:
    """Count ``case`` towards its place's repeat demand; the alert when there is one."""
    place = _place(case)
    if place is None or case.grid_id is None:
        return None
    since = case.reported_at - dt.timedelta(days=settings.CIVICGRID_REPEAT_DAYS)
    with transaction.atomic():
        # one count at a time for a class: two reports at once raise one alert, not two
        CaseClass.objects.select_for_update().filter(pk=case.case_class_id).first()
        open_alert = (
            RepeatAlert.objects.select_for_update()
            .filter(
                place,
                kind=RepeatAlert.Kind.REPEAT,
                case_class_id=case.case_class_id,
                handled_at__isnull=True,
            )
            .first()
        )
        if open_alert is not None:
            open_alert.cases.add(case)
            open_alert.count = open_alert.cases.count()
            open_alert.last_at = max(open_alert.last_at, case.reported_at)
            open_alert.save(update_fields=["count", "last_at", "updated_at"])
            return open_alert
        after = (
            RepeatAlert.objects.filter(place, kind=RepeatAlert.Kind.REPEAT,
                                       case_class_id=case.case_class_id)
            .order_by("-handled_at").values_list("handled_at", flat=True).first()
        )  # fmt: skip
        same = (
            Case.objects.filter(place, case_class_id=case.case_class_id,
                                reported_at__gte=max(since, after) if after else since,
                                reported_at__lte=case.reported_at)
            .exclude(state=State.VOIDED)
            .order_by("reported_at")
        )  # fmt: skip
        ids = list(same.values_list("pk", "reported_at"))
        if len(ids) < settings.CIVICGRID_REPEAT_COUNT:
            return None
        alert = RepeatAlert.objects.create(
            case_class_id=case.case_class_id, grid_id=case.grid_id, building_id=case.building_id,
            address="" if case.building_id else case.address.strip(), count=len(ids),
            first_at=ids[0][1], last_at=ids[-1][1], raised_at=timezone.now(),
        )  # fmt: skip
        alert.cases.set([pk for pk, _at in ids])
    tell(alert, _("Repeat demand: %(n)s reports of %(cls)s at %(place)s") % {
        "n": alert.count, "cls": alert.case_class.name, "place": alert.place})  # fmt: skip
    return alert


def tell(alert: RepeatAlert, title: str) -> None:
    """The leaders, shift leads and dispatchers of the grid's centres and streets, above it."""
    path = alert.grid.path
    above = [path[:n] for n in range(1, len(path) + 1) if path[n - 1 : n] == "/"] or [path]
    people = User.objects.filter(
        pk__in=RoleAssignment.objects.filter(
            active=True, role__in=TOLD, unit__area__path__in=above
        ).values("user_id")
    )
    notify(people, kind=Kind.REPEAT, title=title, url=reverse("insight:repeat", args=[alert.pk]))


def may_handle(user: User, alert: RepeatAlert) -> bool:
    return permissions.is_everywhere(user) or any(
        g.role in TOLD and g.covers(alert.grid.path) for g in permissions.grants(user)
    )


def handled(*, actor: User, alert: RepeatAlert, note: str,
            now: dt.datetime | None = None) -> RepeatAlert:  # fmt: skip
    """What was done about it (an inspection, a campaign, a talk with the owner): recorded by
    the command centre's or the street's leaders, shift leads and dispatchers (those told)."""
    if not may_handle(actor, alert):
        raise DomainError(_("Not found."), code=ErrorCode.FORBIDDEN, field="alert")
    note = note.strip()
    if not note:
        raise DomainError(_("This field is required."), code=ErrorCode.REQUIRED, field="note")
    if len(note) > 2000:
        raise DomainError(_("At most %(n)s characters.") % {"n": 2000}, code=ErrorCode.INVALID,
                          field="note")  # fmt: skip
    updated = RepeatAlert.objects.filter(pk=alert.pk, handled_at__isnull=True).update(
        handled_at=now or timezone.now(), handled_by=actor, note=note
    )
    if not updated:
        raise DomainError(_("This repeat demand is handled already."), code=ErrorCode.CONFLICT,
                          field="alert")  # fmt: skip
    alert.refresh_from_db()
    return alert
