"""The API of a worker's daily records (``workforce/daily.py``), for the leaders of the worker's
street or community (anyone else: 404)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from . import daily, selectors
from .models import DailyRecord

router = Router(tags=["community workforce"])


class DailyRecordIn(Schema):
    day: dt.date = Field(..., examples=["2026-12-01"])
    kind: str = Field(
        ...,
        description="duty, visit (0 points); commended (above 0); complaint, absent, lapse "
        "(below 0)",
        examples=["visit"],
    )
    points: Decimal = Field(Decimal(0), ge=-20, le=20, examples=[0])
    note: str = Field(..., max_length=300, examples=["入户走访 12 户"])


class DailyRecordOut(Schema):
    id: int
    worker: int
    day: dt.date
    kind: str
    points: Decimal
    note: str
    struck: bool = Field(..., description="struck out: it no longer counts")
    struck_why: str


def _record(r: DailyRecord) -> dict:
    return {"id": r.pk, "worker": r.worker_id, "day": r.day, "kind": r.kind,
            "points": r.points, "note": r.note, "struck": r.struck_by_id is not None,
            "struck_why": r.struck_why}  # fmt: skip


@router.get(
    "/workforce/workers/{worker_id}/daily-records",
    response=list[DailyRecordOut],
    summary="A worker's daily records, newest first",
)
def record_list(request, worker_id: int):
    entry = get_object_or_404(selectors.workers(request.auth), pk=worker_id)
    return [_record(r) for r in entry.daily_records.all()[:1000]]


@router.post(
    "/workforce/workers/{worker_id}/daily-records",
    response={201: DailyRecordOut},
    summary="Record a day's work",
)
def record_add(request, worker_id: int, payload: DailyRecordIn):
    entry = get_object_or_404(selectors.workers(request.auth), pk=worker_id)
    made = daily.record_add(actor=request.auth, worker=entry, **payload.dict())
    return Status(201, _record(made))


class StrikeIn(Schema):
    why: str = Field(..., max_length=200, examples=["记错了人"])


@router.post(
    "/workforce/daily-records/{record_id}/strike",
    response=DailyRecordOut,
    summary="Strike out a wrong daily record",
)
def record_strike(request, record_id: int, payload: StrikeIn):
    seen = DailyRecord.objects.filter(worker__in=selectors.workers(request.auth).values("pk"))
    entry = get_object_or_404(seen, pk=record_id)
    return _record(daily.record_strike(actor=request.auth, entry=entry, why=payload.why))
