"""Reading service requests over Open311: ``GET requests``, ``GET requests/{id}``.

Cases of classes open to the public are published without any reporter data, with ID and phone
numbers typed into text masked. Appeals and disputes are about people rather than places: their
status, class and dates are published (so a reporter can follow one), their description,
address and position are not.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from civicgrid.cases.models import CaseEvent
from civicgrid.cases.transitions import OPEN_STATES
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError

from . import items
from .items import published
from .services import Problems

MAX_SPAN = dt.timedelta(days=90)
MAX_OFFSET = dt.timedelta(hours=14)  # the widest offset in use (Kiribati, UTC+14)
# the moments a window may name (a window beyond them would overflow Python's dates)
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2999, 12, 31, tzinfo=dt.UTC)
MAX_PAGE = 1000


def wants_notes(params) -> bool:
    """``extensions=true``: add each request's public history."""
    return (params.get("extensions") or "").strip().lower() == "true"


def _moment(params, name: str, problems: list) -> dt.datetime | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace(" ", "+"))  # a "+" not escaped in a URL is a space
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        problems.append(
            DomainError(
                _(
                    "%(name)s must be a W3C datetime with a time zone, e.g. 2026-11-01T00:00:00+08:00."
                )
                % {"name": name},
                field=name,
            )
        )
        return None
    if abs(moment.utcoffset() or dt.timedelta()) > MAX_OFFSET:  # aware: never None
        problems.append(
            DomainError(
                _("%(name)s has a time zone offset beyond ±14:00.") % {"name": name}, field=name
            )
        )
        return None
    try:  # in UTC: the databases take every offset the range allows
        moment = moment.astimezone(dt.UTC)
    except OverflowError:
        moment = None
    if moment is None or not EARLIEST <= moment <= LATEST:
        problems.append(
            DomainError(
                _("%(name)s must be between %(earliest)s and %(latest)s.")
                % {"name": name, "earliest": EARLIEST.date(), "latest": LATEST.date()},
                field=name,
            )
        )
        return None
    return moment


def _whole(params, name: str, default: int, high: int, problems: list) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        problems.append(
            DomainError(
                _("%(name)s must be a whole number from 1 to %(high)s.")
                % {"name": name, "high": high},
                field=name,
            )
        )
        return default
    return int(raw)


def _window(params, now, problems: list) -> tuple[dt.datetime, dt.datetime]:
    """``start_date``–``end_date``: at most 90 days; the last 90 days when neither is given."""
    start, end = _moment(params, "start_date", problems), _moment(params, "end_date", problems)
    if start and end and end - start > MAX_SPAN:
        problems.append(
            DomainError(
                _("start_date to end_date may not span more than 90 days."), field="end_date"
            )
        )
    if start and end and end < start:
        problems.append(DomainError(_("end_date is before start_date."), field="end_date"))
    end = end or (start + MAX_SPAN if start else now)
    return start or end - MAX_SPAN, end


def search(params, *, now: dt.datetime | None = None) -> QuerySet:
    """The published cases a GET requests asks for (a page of ``published()``); every problem
    with the arguments at once."""
    now = now or timezone.now()
    problems: list[DomainError] = []
    qs = published()
    ids = [i.strip() for i in (params.get("service_request_id") or "").split(",") if i.strip()]
    if len(ids) > MAX_PAGE:  # a page holds at most MAX_PAGE: more are refused, never dropped
        raise Problems(
            [
                DomainError(
                    _("service_request_id lists at most %(count)s ids at once.")
                    % {"count": MAX_PAGE},
                    field="service_request_id",
                )
            ]
        )
    if ids:  # overrides every other argument
        return qs.filter(number__in=[i.upper() for i in ids])
    start, end = _window(params, now, problems)
    statuses = [s.strip() for s in (params.get("status") or "").split(",") if s.strip()]
    if any(s not in ("open", "closed") for s in statuses):
        problems.append(DomainError(_("status is open, closed or both."), field="status"))
    page = _whole(params, "page", 1, 10**6, problems)
    size = _whole(params, "page_size", MAX_PAGE, MAX_PAGE, problems)
    updated = {
        name: _moment(params, name, problems) for name in ("updated_after", "updated_before")
    }
    after, before = updated["updated_after"], updated["updated_before"]
    if after and before and before < after:
        problems.append(
            DomainError(_("updated_before is before updated_after."), field="updated_before")
        )
    if problems:
        raise Problems(problems)
    qs = qs.filter(reported_at__gte=start, reported_at__lte=end)
    codes = [c.strip().upper() for c in (params.get("service_code") or "").split(",") if c.strip()]
    if codes:  # by id, so that the (class, reported_at) index serves "newest first"
        class_ids = CaseClass.objects.filter(code__in=codes).values_list("pk", flat=True)
        qs = qs.filter(case_class_id__in=list(class_ids))
    if set(statuses) == {"open"}:
        qs = qs.filter(state__in=list(OPEN_STATES))
    elif set(statuses) == {"closed"}:
        qs = qs.exclude(state__in=list(OPEN_STATES))
    if updated["updated_after"]:
        qs = qs.filter(updated_at__gt=updated["updated_after"])
    if updated["updated_before"]:
        qs = qs.filter(updated_at__lt=updated["updated_before"])
    qs = qs.order_by("-reported_at", "-id")
    return qs[(page - 1) * size : page * size]


def listing(params, *, base: str) -> list[dict]:
    """``GET requests``: the items of the cases asked for (``base``: the site's address, for
    photo links)."""
    return items.items(search(params), base=base, notes=wants_notes(params))


def one(number: str, *, base: str, notes: bool = False) -> dict:
    """``GET requests/{id}``: the item of one published case."""
    found = items.items(published().filter(number=number.upper())[:1], base=base, notes=notes)
    if not found:
        raise Problems(
            [DomainError(_("service_request_id “%(id)s” was not found.") % {"id": number})], 404
        )
    return found[0]


def updates(params, *, base: str, now: dt.datetime | None = None) -> list[dict]:
    """The public steps of published cases in the window, oldest first (mySociety's
    ``servicerequestupdates`` extension, which FixMyStreet polls)."""
    now = now or timezone.now()
    problems: list[DomainError] = []
    start, end = _window(params, now, problems)
    page = _whole(params, "page", 1, 10**6, problems)
    size = _whole(params, "page_size", MAX_PAGE, MAX_PAGE, problems)
    if problems:
        raise Problems(problems)
    events = (
        CaseEvent.objects.filter(
            public=True, at__gte=start, at__lte=end, case__case_class__public=True
        )
        .exclude(action="report")
        .annotate(**items.first_photo("event"))
        .order_by("at", "id")[(page - 1) * size : page * size]
    )
    return items.updates(events, base=base)
