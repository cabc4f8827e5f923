"""Published cases and their public steps as Open311 items, from rows rather than models.

A list is up to 1,000 requests and, when cases change all the time, is rendered for each poll
(documents.py). So a list reads exactly the columns it publishes as tuples (no model
instances), makes what is the same for many rows once per request (each class's name, code and
notice; the time zone; the photo links' prefix), and writes datetimes as W3C strings at once, so
that the JSON and XML writers (render.py) meet only strings, floats and None. What each item
says, and in which order, is decision 0007's; tests/test_golden.py holds it byte for byte.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases.choices import State
from civicgrid.cases.models import Case, CaseAttachment, CaseEvent
from civicgrid.cases.transitions import OPEN_STATES
from civicgrid.catalogue.choices import PLACE_KINDS
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.redact import redact

from .services import notice

OPEN = frozenset(s.value for s in OPEN_STATES)
ENDED = frozenset({State.CLOSED.value, State.VOIDED.value})  # closed_at tells when
PLACES = frozenset(k.value for k in PLACE_KINDS)  # what, where and photos are published
EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
# the columns of a published case, in the order _item reads them
COLUMNS = (
    *("id", "number", "state", "description", "address", "lat", "lon", "reported_at"),
    *("updated_at", "closed_at", "handle_due_at", "due_at", "lead_unit__name"),
    *("building__code", "case_class_id", "last_public_note", "photo_id", "photo_type"),
)


def published() -> QuerySet:
    """Cases of classes open to the public, with their latest public note and their first
    public photo (each read through its index on the case: a few rows per case)."""
    last_note = (
        CaseEvent.objects.filter(case=OuterRef("pk"), public=True)
        .exclude(note="")
        .order_by("-seq")
        .values("note")[:1]
    )
    return Case.objects.filter(case_class__public=True).annotate(
        last_public_note=Subquery(last_note), **first_photo("case")
    )


def public_photos() -> QuerySet:
    """Photos staff chose to show (decision 0008); never documents."""
    return (
        CaseAttachment.objects.filter(public=True)
        .exclude(kind=CaseAttachment.Kind.DOCUMENT)
        .only("id", "case_id", "event_id", "content_type")
        .order_by("id")
    )


def _media_prefix(base: str) -> str:
    """``{base}/open311/v2/media/``: a photo's link is this, its id, a dot and its extension."""
    probe = reverse("open311:media", args=[1, "jpg"])
    assert probe.endswith("/1.jpg")
    return base + probe[: -len("1.jpg")]


def first_photo(owner: str) -> dict:
    """Annotations of a case (``owner="case"``) or event query: the id and content type of
    its first public photo (the lowest id), None when it has none."""
    photo = public_photos().filter(**{owner: OuterRef("pk")})
    return {
        "photo_id": Subquery(photo.values("id")[:1]),
        "photo_type": Subquery(photo.values("content_type")[:1]),
    }


def _classes(ids: set[int]) -> dict[int, tuple[bool, str, str, str]]:
    """Per class on the page: whether what and where are shown, its name in the active
    language, its code and its notice — made once per request, not once per item."""
    found = CaseClass.objects.filter(pk__in=ids).only(
        "code", "kind", "name", "name_en", "handle_limit", "handle_unit"
    )
    return {c.pk: (c.kind in PLACES, c.label, c.code, notice(c)) for c in found}


def _notes(case_ids: list[int], zone) -> dict[int, list[tuple]]:
    """Each case's public steps, in order: (datetime, status, action, note)."""
    out: dict[int, list[tuple]] = {pk: [] for pk in case_ids}
    rows = (
        CaseEvent.objects.filter(public=True, case_id__in=case_ids)
        .order_by("case_id", "seq")
        .values_list("case_id", "at", "to_state", "action", "note")
    )
    for case_id, at, to_state, action, note in rows:
        status = "open" if to_state in OPEN else "closed"
        out[case_id].append(
            (at.astimezone(zone).isoformat(timespec="seconds"), status, action, note)
        )
    return out


def items(qs: QuerySet, *, base: str, notes: bool = False) -> list[dict]:
    """The Open311 items of the published cases ``qs`` (from ``published()``), in its order.
    ``base``: the site's address, for photo links; ``notes``: add each one's public history."""
    rows = list(qs.values_list(*COLUMNS))
    if not rows:
        return []
    zone = timezone.get_current_timezone()
    classes = _classes({r[14] for r in rows})
    media = _media_prefix(base)
    history = _notes([r[0] for r in rows], zone) if notes else {}
    out = []
    for row in rows:
        (pk, number, state, description, address, lat, lon, reported, updated) = row[:9]
        (closed_at, handle_due, due, agency, building, class_id, note, photo, kind) = row[9:]
        place, label, code, notice_text = classes[class_id]
        if state in ENDED and closed_at:
            updated = closed_at
        expected = handle_due or due
        item = {
            "service_request_id": number,
            "status": "open" if state in OPEN else "closed",
            "status_notes": redact(note) if place and note else None,
            "service_name": label,
            "service_code": code,
            "description": redact(description) if place else None,
            "agency_responsible": agency,
            "service_notice": notice_text,
            "requested_datetime": reported.astimezone(zone).isoformat(timespec="seconds"),
            "updated_datetime": updated.astimezone(zone).isoformat(timespec="seconds"),
            "expected_datetime": expected.astimezone(zone).isoformat(timespec="seconds")
            if expected
            else None,
            "address": address if place else None,
            "address_id": building if place else None,
            "zipcode": None,
            "lat": lat if place else None,
            "long": lon if place else None,
            "media_url": f"{media}{photo}.{EXTENSION.get(kind, 'jpg')}"
            if place and photo
            else None,
        }
        if notes:
            item["notes"] = [
                {
                    "datetime": at,
                    "status": status,
                    "action": action,
                    "description": (redact(text) or None) if place else None,
                }
                for at, status, action, text in history[pk]
            ]
        out.append(item)
    return out


def updates(events: QuerySet, *, base: str) -> list[dict]:
    """The items of public steps (``servicerequestupdates``), in the order of ``events``
    (annotated with ``first_photo("event")``)."""
    rows = events.values_list(
        "id",
        "case__number",
        "to_state",
        "at",
        "note",
        "case__case_class__kind",
        "photo_id",
        "photo_type",
    )
    zone = timezone.get_current_timezone()
    media = _media_prefix(base)
    return [
        {
            "update_id": str(pk),
            "service_request_id": number,
            "status": "open" if to_state in OPEN else "closed",
            "updated_datetime": at.astimezone(zone).isoformat(timespec="seconds"),
            "description": redact(note) if kind in PLACES else "",
            "media_url": f"{media}{photo}.{EXTENSION.get(content_type, 'jpg')}"
            if photo and kind in PLACES
            else None,
        }
        for pk, number, to_state, at, note, kind, photo, content_type in rows
    ]
