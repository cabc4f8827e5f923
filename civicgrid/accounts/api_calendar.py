"""API: the working-time calendar and deadlines computed with it; the district's administrators
enter a year's official schedule and correct single days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from civicgrid.core import calendar_services
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError, ErrorCode, NotPermitted
from civicgrid.core.models import CalendarDay, CalendarYear
from civicgrid.core.working_time import TimeUnit, add_working_time, working_time_between

from . import permissions

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


def _year(year: int) -> dict:
    return {
        "year": year,
        "complete": CalendarYear.objects.filter(year=year).exists(),
        "days": list(CalendarDay.objects.filter(date__year=year).order_by("date")),
    }


@router.get("/calendar/{year}", response=CalendarOut, summary="A year's holidays and 调休 days")
def calendar_year(request, year: int = Path(..., ge=1900, le=2200)):
    return _year(year)


def _calendar_admin(user) -> None:
    if not permissions.can_manage_rules(user):
        raise NotPermitted(_("Only the district's administrators change the calendar."))


class DayIn(Schema):
    date: dt.date
    kind: CalendarDay.Kind
    name: str = Field("", max_length=50, examples=["春节"])
    name_en: str = Field("", max_length=50, examples=["Spring Festival"])


class YearIn(Schema):
    days: list[DayIn] = Field(..., max_length=366)
    note: str = Field("", max_length=200, examples=["国务院办公厅 2026 年 11 月通知"])


@router.put(
    "/calendar/{year}",
    response=CalendarOut,
    summary="Enter a year's official schedule whole (replaces its days; marks it complete)",
)
def calendar_year_put(request, payload: YearIn, year: int = Path(..., ge=1970, le=2200)):
    _calendar_admin(request.auth)
    calendar_services.calendar_year_replace(
        year=year,
        days=[CalendarDay(**d.dict()) for d in payload.days],
        note=payload.note,
        actor=request.auth,
        address=client_address(request),
    )
    return _year(year)


class DayPatchIn(Schema):
    kind: CalendarDay.Kind = Field(..., examples=["holiday"])
    name: str = Field("", max_length=50)
    name_en: str = Field("", max_length=50)


@router.put("/calendar/days/{date}", response=DayOut, summary="Mark one date (correction)")
def calendar_day_put(request, date: dt.date, payload: DayPatchIn):
    _calendar_admin(request.auth)
    _aware(dt.datetime.combine(date, dt.time(), dt.UTC), "date")
    day = CalendarDay.objects.filter(date=date).first() or CalendarDay(date=date)
    for name, value in payload.dict().items():
        setattr(day, name, value)
    return calendar_services.calendar_day_save(
        day=day, actor=request.auth, address=client_address(request)
    )


@router.delete(
    "/calendar/days/{date}", response={204: None}, summary="Unmark a date (an ordinary day again)"
)
def calendar_day_delete(request, date: dt.date):
    _calendar_admin(request.auth)
    calendar_services.calendar_day_delete(
        day=get_object_or_404(CalendarDay, date=date),
        actor=request.auth,
        address=client_address(request),
    )
    return Status(204, None)


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
    try:
        deadline = add_working_time(start, q.amount, q.unit)
    except ValueError:  # the calendar holds no working time far enough ahead
        raise DomainError(
            _("The deadline falls more than ten years after the start: give a smaller amount."),
            code=ErrorCode.INVALID,
            field="amount",
        ) from None
    return {"start": start, "amount": q.amount, "unit": q.unit, "deadline": deadline}


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
            _("A datetime needs its offset, e.g. +08:00."), code=ErrorCode.INVALID, field=field
        )
    if not 1970 <= moment.year <= 2200:  # working time is not kept for other centuries
        raise DomainError(_("Give a date from 1970 to 2200."), code=ErrorCode.INVALID, field=field)
    return moment
