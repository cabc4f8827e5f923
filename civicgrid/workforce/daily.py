"""A worker's daily records (002: the residents' committee assesses its grid leaders daily and at
year end). Whoever keeps the worker's roster records each day's work: duty done and households
visited are recorded as they are (no points), a commendation adds points, an upheld complaint, an
absence or a task not done takes them off (at most ``DAILY_POINTS_MAX`` a record). A record is
of a day within the worker's service, not a day to come; a wrong one is struck out with a reason
(it stays on the page, struck), and the assessment reads those that stand
(``civicgrid.workforce.figures``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.checks import checked
from civicgrid.core.errors import ErrorCode, refused

from .choices import DAILY_SIGN, DailyKind
from .models import DAILY_POINTS_MAX, DailyRecord, Worker
from .services import _keeper


def _points(kind: str, value) -> Decimal:
    try:
        points = Decimal(str(value if value not in (None, "") else "0"))
    except (InvalidOperation, ValueError):
        raise refused(_("Give the points as a number."), "points") from None
    if not points.is_finite() or abs(points) > DAILY_POINTS_MAX:
        raise refused(
            _("Give at most %(n)s points either way.") % {"n": DAILY_POINTS_MAX}, "points"
        )
    sign = DAILY_SIGN[DailyKind(kind)]
    if sign == 0 and points:
        raise refused(_("This record carries no points: leave them at 0."), "points")
    if sign > 0 and points <= 0:
        raise refused(_("A commendation adds points: give more than 0."), "points")
    if sign < 0 and points >= 0:
        raise refused(_("This record takes points off: give a negative number."), "points")
    return points.quantize(Decimal("0.1"))


@transaction.atomic
def record_add(
    *, actor: User, worker: Worker, day: dt.date | None, kind: str, note: str, points=0
) -> DailyRecord:
    _keeper(actor, worker.area, "worker")
    if kind not in DailyKind.values:
        raise refused(_("Choose what the record is."), "kind", ErrorCode.REQUIRED)
    if day is None:
        raise refused(_("Give the day."), "day", ErrorCode.REQUIRED)
    if day > timezone.localdate():
        raise refused(_("This day has not come yet."), "day")
    if day < worker.term_starts or (worker.left_on is not None and day > worker.left_on):
        raise refused(_("The worker was not serving on this day."), "day")
    if not note.strip():
        raise refused(_("Say what happened."), "note", ErrorCode.REQUIRED)
    entry = DailyRecord(worker=worker, day=day, kind=kind, points=_points(kind, points),
                        note=note.strip(), recorded_by=actor)  # fmt: skip
    checked(entry)
    entry.save()
    return entry


@transaction.atomic
def record_strike(*, actor: User, entry: DailyRecord, why: str) -> DailyRecord:
    """Strike out a wrong record: it stays, struck, with who struck it and why."""
    entry = (
        DailyRecord.objects.select_for_update(of=("self",))
        .select_related("worker__area")
        .get(pk=entry.pk)
    )
    _keeper(actor, entry.worker.area, "entry")
    if entry.struck_by_id is not None:
        raise refused(_("This record is struck out already."), "entry", ErrorCode.CLOSED)
    if not why.strip():
        raise refused(_("Say why the record is struck out."), "why", ErrorCode.REQUIRED)
    entry.struck_why, entry.struck_by = why.strip()[:200], actor
    entry.save(update_fields=["struck_why", "struck_by", "updated_at"])
    return entry
