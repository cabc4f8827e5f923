"""The floors themselves.

- ``POST /floor/cases``: the framework floor for intake. django-ninja parses the same form a
  report posts to ``/api/v1/cases``, a bearer token is authenticated by its hashed key (one
  SELECT of the token row, as civicgrid.accounts.tokens hashes it: SHA-256), and one row of a
  case's width is inserted into ``bench_floor_case`` (a copy of ``cases_case``'s columns, defaults
  and indexes, made by benchmarks/floors.py) in one transaction. Nothing else: no locating, no
  checks of class or answers, no encryption, no event, no duplicate look-up, no audit.
- ``GET /floor/requests.json``: the list floor for Open311's default page. The same 1,000 rows
  (public classes, reported in the last 90 days, newest first) with what that page publishes —
  its columns, the last public note, the first public photo (id and type, for its link) — read
  by ``.values()`` in one query and written as JSON. No redaction, no per-row formatting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.http import JsonResponse
from django.utils import timezone
from ninja import Form, NinjaAPI, Schema
from ninja.security import HttpBearer

from civicgrid.cases.models import Case, CaseAttachment, CaseEvent

TABLE = "bench_floor_case"

# the columns Open311's GET requests publishes (civicgrid/open311/reading.py, SHOWN)
PUBLISHED = (
    *("number", "state", "description", "address", "lat", "lon", "reported_at", "updated_at"),
    *("closed_at", "handle_due_at", "due_at", "lead_unit__name", "building__code"),
    *("case_class__code", "case_class__kind", "case_class__name", "case_class__name_en"),
    *("case_class__handle_limit", "case_class__handle_unit"),
)


class HashedKey(HttpBearer):
    def authenticate(self, request, token):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id FROM accounts_apitoken WHERE key_hash = %s AND revoked_at IS NULL",
                [hashlib.sha256(token.encode()).hexdigest()],
            )
            row = cursor.fetchone()
        return row[0] if row else None


floor_api = NinjaAPI(urls_namespace="floor", auth=HashedKey(), docs_url=None, openapi_url=None)


class ReportIn(Schema):
    """The fields the benchmark's reports carry (a subset of civicgrid.cases.api.CaseIn)."""

    case_class: str
    description: str = ""
    channel: str = "web"
    lon: float | None = None
    lat: float | None = None
    answers: str = "{}"
    reporter_name: str = ""
    reporter_phone: str = ""
    idempotency_key: str = ""


class FloorOut(Schema):
    id: int
    number: str


# ids the row refers to, read once per process (the product keeps its catalogue in a cache too)
_IDS: dict[str, int] = {}


def _id(name: str, sql: str, params: list) -> int:
    if name not in _IDS:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            _IDS[name] = cursor.fetchone()[0]
    return _IDS[name]


@floor_api.post("/cases", response={201: FloorOut})
def floor_case(request, payload: Form[ReportIn]):
    code = payload.case_class
    case_class = _id(f"class:{code}", "SELECT id FROM catalogue_caseclass WHERE code = %s", [code])
    grid = _id("grid", "SELECT min(id) FROM areas_area WHERE level = 5", [])
    now = timezone.now()
    phone = payload.reporter_phone
    row = {
        "created_at": now,
        "updated_at": now,
        "number": f"FL{now:%Y%m%d}{uuid.uuid4().hex[:12]}",
        "kind": "matter",
        "channel": payload.channel,
        "state": "dispatched",
        "priority": "routine",
        "description": payload.description,
        "answers": payload.answers,
        "lon": payload.lon,
        "lat": payload.lat,
        "address": "",
        "anonymous": False,
        "reporter_name": payload.reporter_name,
        "reporter_phone_enc": "",
        "reporter_phone_index": hashlib.sha256(phone.encode()).hexdigest() if phone else "",
        "reporter_phone_masked": f"{phone[:3]}****{phone[-4:]}" if phone else "",
        "reporter_email_enc": "",
        "reporter_email_index": "",
        "reporter_email_masked": "",
        "idempotency_key": payload.idempotency_key,
        "dispatch_level": "district",
        "tier_opened": "grid",
        "tier_current": "grid",
        "tier_resolved": "",
        "due_at": now + dt.timedelta(hours=4),
        "yellow_at": now + dt.timedelta(hours=3),
        "red_at": now + dt.timedelta(hours=4),
        "handle_due_at": now + dt.timedelta(days=1),
        "reported_at": now,
        "registered_at": now,
        "dispatched_at": now,
        "self_handled": False,
        "rating": "",
        "rework_count": 0,
        "return_count": 0,
        "reopen_count": 0,
        "version": 1,
        "case_class_id": case_class,
        "grid_id": grid,
    }
    columns = ", ".join(row)
    marks = ", ".join("%s::jsonb" if c == "answers" else "%s" for c in row)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) VALUES ({marks}) RETURNING id", list(row.values())
        )
        pk = cursor.fetchone()[0]
    return 201, {"id": pk, "number": row["number"]}


def requests_floor(request):
    now = timezone.now()
    last_note = (
        CaseEvent.objects.filter(case=OuterRef("pk"), public=True)
        .exclude(note="")
        .order_by("-seq")
        .values("note")[:1]
    )
    photo = (
        CaseAttachment.objects.filter(case=OuterRef("pk"), public=True)
        .exclude(kind=CaseAttachment.Kind.DOCUMENT)
        .order_by("id")
    )
    rows = list(
        Case.objects.filter(
            case_class__public=True,
            reported_at__gte=now - dt.timedelta(days=90),
            reported_at__lte=now,
        )
        .order_by("-reported_at", "-id")
        .values(
            *PUBLISHED,
            last_public_note=Subquery(last_note),
            photo_id=Subquery(photo.values("id")[:1]),
            photo_type=Subquery(photo.values("content_type")[:1]),
        )[:1000]
    )
    return JsonResponse(rows, safe=False, encoder=DjangoJSONEncoder)
