"""API: the working-time calendar and deadlines computed with it (read-only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from .errors import DomainError
from .models import CalendarDay, CalendarYear
from .working_time import TimeUnit, add_working_time, working_time_between

router = Router(tags=["calendar"])


class DayOut(Schema):
    date: dt.date
    kind: str = Field(..., description="holiday, or workday (a weekend made a working day, 调休)")
    name: str


class CalendarOut(Schema):
    year: int
    complete: bool = Field(
        ..., description="the year's official schedule is entered; else Monday–Friday is assumed"
    )
    days: list[DayOut]


@router.get("/calendar/{year}", response=CalendarOut, summary="A year's holidays and 调休 days")
def calendar_year(request, year: int = Path(..., ge=1900, le=2200)):
    return {
        "year": year,
        "complete": CalendarYear.objects.filter(year=year).exists(),
        "days": list(CalendarDay.objects.filter(date__year=year).order_by("date")),
    }


class DeadlineQuery(Schema):
    start: dt.datetime = Field(..., description="W3C datetime with its offset")
    amount: Decimal = Field(..., ge=0, le=10000)
    unit: TimeUnit = TimeUnit.HOURS


class DeadlineOut(Schema):
    start: dt.datetime
    amount: Decimal
    unit: str
    deadline: dt.datetime


@router.get(
    "/working-time/deadline",
    response=DeadlineOut,
    summary="start + amount of working time (hours or working days)",
)
def deadline(request, q: Query[DeadlineQuery]):
    start = _aware(q.start, "start")
    return {
        "start": start,
        "amount": q.amount,
        "unit": q.unit,
        "deadline": add_working_time(start, q.amount, q.unit),
    }


class BetweenOut(Schema):
    start: dt.datetime
    end: dt.datetime
    working_hours: Decimal


@router.get("/working-time/between", response=BetweenOut, summary="Working hours from start to end")
def between(request, start: dt.datetime, end: dt.datetime):
    start, end = _aware(start, "start"), _aware(end, "end")
    return {"start": start, "end": end, "working_hours": working_time_between(start, end)}


def _aware(moment: dt.datetime, field: str) -> dt.datetime:
    if moment.tzinfo is None:
        raise DomainError(
            _("A datetime needs its offset, e.g. +08:00."), code="invalid", field=field
        )
    if not 1970 <= moment.year <= 2200:  # working time is not kept for other centuries
        raise DomainError(_("Give a date from 1970 to 2200."), code="invalid", field=field)
    return moment
