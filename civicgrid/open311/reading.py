"""Reading service requests over Open311: ``GET requests``, ``GET requests/{id}``.

Cases of classes open to the public are published without any reporter data, with ID and phone
numbers typed into text masked. Appeals and disputes are about people rather than places: their
status, class and dates are published (so a reporter can follow one), their description,
address and position are not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from civicgrid.cases.choices import State
from civicgrid.cases.models import Case, CaseAttachment, CaseEvent
from civicgrid.cases.transitions import OPEN_STATES
from civicgrid.catalogue.choices import PLACE_KINDS
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.core.redact import redact

from .services import Problems, notice

MAX_SPAN = dt.timedelta(days=90)
MAX_OFFSET = dt.timedelta(hours=14)  # the widest offset in use (Kiribati, UTC+14)
# the moments a window may name (a window beyond them would overflow Python's dates)
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2999, 12, 31, tzinfo=dt.UTC)
MAX_PAGE = 1000
SHOWN = (
    *("number", "state", "description", "address", "lat", "lon", "reported_at", "updated_at"),
    *("closed_at", "handle_due_at", "due_at", "lead_unit__name", "building__code"),
    *("case_class__code", "case_class__kind", "case_class__name", "case_class__name_en"),
    *("case_class__handle_limit", "case_class__handle_unit"),
)


def wants_notes(params) -> bool:
    """``extensions=true``: add each request's public history."""
    return (params.get("extensions") or "").strip().lower() == "true"


def published(*, notes: bool = False):
    last_note = (
        CaseEvent.objects.filter(case=OuterRef("pk"), public=True)
        .exclude(note="")
        .order_by("-seq")
        .values("note")[:1]
    )
    qs = (
        Case.objects.filter(case_class__public=True)
        .select_related("case_class", "lead_unit", "building")
        .only(*SHOWN)  # a list is up to 1,000 rows: read only what is published
        .annotate(last_public_note=Subquery(last_note))
    )
    qs = qs.prefetch_related(
        Prefetch("attachments", queryset=public_photos(), to_attr="public_photos")
    )
    if notes:
        qs = qs.prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(public=True).order_by("seq"),
                to_attr="public_events",
            )
        )
    return qs


def public_photos():
    """Photos staff chose to show (decision 0008); never documents."""
    return (
        CaseAttachment.objects.filter(public=True)
        .exclude(kind=CaseAttachment.Kind.DOCUMENT)
        .only("id", "case_id", "event_id", "content_type")
        .order_by("id")
    )


def media_url(base: str, photo: CaseAttachment | None) -> str | None:
    if photo is None:
        return None
    return f"{base}{reverse('open311:media', args=[photo.pk, EXTENSION.get(photo.content_type, 'jpg')])}"


EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


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
    if abs(moment.utcoffset()) > MAX_OFFSET:
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


@dataclass
class Page:
    cases: list
    notes: bool


def search(params, *, now: dt.datetime | None = None) -> Page:
    """The cases a GET requests asks for; every problem with the arguments at once."""
    now = now or timezone.now()
    problems: list[DomainError] = []
    notes = wants_notes(params)
    qs = published(notes=notes)
    ids = [i.strip() for i in (params.get("service_request_id") or "").split(",") if i.strip()]
    if ids:  # overrides every other argument
        return Page(list(qs.filter(number__in=[i.upper() for i in ids[:MAX_PAGE]])), notes)
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
        ids = CaseClass.objects.filter(code__in=codes).values_list("pk", flat=True)
        qs = qs.filter(case_class_id__in=list(ids))
    if set(statuses) == {"open"}:
        qs = qs.filter(state__in=list(OPEN_STATES))
    elif set(statuses) == {"closed"}:
        qs = qs.exclude(state__in=list(OPEN_STATES))
    if updated["updated_after"]:
        qs = qs.filter(updated_at__gt=updated["updated_after"])
    if updated["updated_before"]:
        qs = qs.filter(updated_at__lt=updated["updated_before"])
    qs = qs.order_by("-reported_at", "-id")
    return Page(list(qs[(page - 1) * size : page * size]), notes)


def listing(params, *, base: str) -> list[dict]:
    """``GET requests``: the items of the cases asked for (``base``: the site's address, for
    photo links)."""
    found = search(params)
    return [item(c, notes=found.notes, base=base) for c in found.cases]


def one(number: str, *, notes: bool = False) -> Case:
    found = published(notes=notes).filter(number=number.upper()).first()
    if found is None:
        raise Problems(
            [DomainError(_("service_request_id “%(id)s” was not found.") % {"id": number})], 404
        )
    return found


def status_of(case: Case) -> str:
    return "open" if case.state in OPEN_STATES else "closed"


def item(case: Case, *, base: str, notes: bool = False) -> dict:
    shown = case.case_class.kind in PLACE_KINDS
    closed = case.state in (State.CLOSED, State.VOIDED)
    out = {
        "service_request_id": case.number,
        "status": status_of(case),
        "status_notes": redact(case.last_public_note) if shown and case.last_public_note else None,
        "service_name": case.case_class.label,
        "service_code": case.case_class.code,
        "description": redact(case.description) if shown else None,
        "agency_responsible": case.lead_unit.name if case.lead_unit_id else None,
        "service_notice": notice(case.case_class),
        "requested_datetime": case.reported_at,
        "updated_datetime": (case.closed_at or case.updated_at) if closed else case.updated_at,
        "expected_datetime": case.handle_due_at or case.due_at,
        "address": case.address if shown else None,
        "address_id": case.building.code if shown and case.building_id else None,
        "zipcode": None,
        "lat": case.lat if shown else None,
        "long": case.lon if shown else None,
        "media_url": media_url(base, case.public_photos[0])
        if shown and case.public_photos
        else None,
    }
    if notes:
        out["notes"] = [
            {
                "datetime": e.at,
                "status": "open" if e.to_state in OPEN_STATES else "closed",
                "action": e.action,
                "description": (redact(e.note) or None) if shown else None,
            }
            for e in case.public_events
        ]
    return out


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
        .select_related("case__case_class")
        .prefetch_related(Prefetch("attachments", queryset=public_photos(), to_attr="photos"))
        .order_by("at", "id")[(page - 1) * size : page * size]
    )
    return [
        {
            "update_id": str(e.pk),
            "service_request_id": e.case.number,
            "status": "open" if e.to_state in OPEN_STATES else "closed",
            "updated_datetime": e.at,
            "description": redact(e.note) if e.case.case_class.kind in PLACE_KINDS else "",
            "media_url": media_url(base, e.photos[0])
            if e.photos and e.case.case_class.kind in PLACE_KINDS
            else None,
        }
        for e in events
    ]
