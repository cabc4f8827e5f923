"""API: the community workforce, with the rules and scope of the pages: the leaders of a street or
community see and keep its roster (anyone else: not found, 404); who keeps the district's rules
keeps the pay scale. A resident worker is given by the person's id in the register; phones are
masked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.areas.models import Area
from civicgrid.core.errors import refused
from civicgrid.registry.models import Building
from civicgrid.registry.selectors import person_list

from . import selectors, services
from .models import AllowanceEntry, GradeChange, PayGrade, Worker
from .selections import term_renew

router = Router(tags=["community workforce"])


class TrainingOut(Schema):
    id: int
    worker: int
    title: str
    provider: str
    taken_on: dt.date
    hours: Decimal


class WorkerGradeChangeOut(Schema):
    grade: int = Field(..., description="the pay grade's number")
    level: int
    since: dt.date
    reason: str


class WorkerOut(Schema):
    id: int
    area: str = Field(..., description="the street's or community's code")
    name: str
    person: int | None = Field(None, description="the person's id in the register")
    phone: str = Field(..., description="masked")
    post: str
    grids: list[str] = Field(..., description="grid codes")
    buildings: list[str] = Field(..., description="building codes")
    term_starts: dt.date
    term_ends: dt.date | None
    funding: str
    allowance: Decimal = Field(..., description="yuan a month")
    grade: int | None = Field(None, description="the pay grade's number")
    left_on: dt.date | None
    left_as: str
    left_why: str
    grade_history: list[WorkerGradeChangeOut] = Field(
        ..., description="each grade held, from a day: the latest first"
    )
    training: list[TrainingOut] = Field(..., description="the training taken: the latest first")


def _training(t) -> dict:
    return {"id": t.pk, "worker": t.worker_id, "title": t.title, "provider": t.provider,
            "taken_on": t.taken_on, "hours": t.hours}  # fmt: skip


def _worker(w: Worker) -> dict:
    return {
        "id": w.pk, "area": w.area.code, "name": w.name, "person": w.person_id,
        "phone": w.phone_masked, "post": w.post,
        "grids": sorted(g.code for g in w.grids.all()),
        "buildings": sorted(b.code for b in w.buildings.all()),
        "term_starts": w.term_starts, "term_ends": w.term_ends, "funding": w.funding,
        "allowance": w.allowance, "grade": w.grade.grade if w.grade else None,
        "left_on": w.left_on, "left_as": w.left_as, "left_why": w.left_why,
        "grade_history": [{"grade": g.grade.grade, "level": g.grade.level, "since": g.since,
                           "reason": g.reason} for g in w.grade_history.all()],
        "training": [_training(t) for t in w.training.all()],
    }  # fmt: skip


class WorkerIn(Schema):
    area: str = Field(..., description="a street's or community's code", examples=["310104001001"])
    post: str = Field(..., examples=["grid_leader"])
    person: int | None = Field(None, description="needed for a grid leader or building head")
    name: str = Field("", max_length=50, description="when not a person of the register")
    phone: str = Field("", max_length=20)
    grids: list[str] = Field([], description="grid codes in the area")
    buildings: list[str] = Field([], description="building codes in the grids or the area")
    term_starts: dt.date
    term_ends: dt.date | None = None
    funding: str = Field(..., examples=["district"])
    allowance: Decimal | None = Field(None, ge=0, description="yuan a month; default: the post's")


class LeaveIn(Schema):
    on: dt.date
    left_as: str = Field("other", examples=["term_ended"], description="term_ended, not_renewed, "
                         "resigned, dismissed, post_merged or other")  # fmt: skip
    why: str = Field(..., max_length=200, examples=["任期届满"])


class GradeIn(Schema):
    grade: int = Field(..., description="a grade's number on the pay scale", examples=[3])
    since: dt.date
    reason: str = Field("", max_length=200)


class RenewIn(Schema):
    until: dt.date = Field(..., examples=["2029-12-31"])


class TrainingIn(Schema):
    title: str = Field(..., max_length=200, examples=["网格员业务培训"])
    provider: str = Field("", max_length=100)
    taken_on: dt.date
    hours: Decimal = Field(..., gt=0, le=999)


class AllowanceOut(Schema):
    worker: int
    month: dt.date
    amount: Decimal


def _allowance(e: AllowanceEntry) -> dict:
    return {"worker": e.worker_id, "month": e.month, "amount": e.amount}


class RunIn(Schema):
    area: str = Field(..., description="a street's or community's code")
    month: dt.date = Field(..., description="any day of the month", examples=["2026-04-01"])


class PayGradeOut(Schema):
    level: int
    grade: int
    monthly_pay: Decimal
    active: bool


class PayGradeIn(Schema):
    level: int = Field(..., ge=1, le=20, examples=[2])
    grade: int = Field(..., ge=1, le=99, examples=[5])
    monthly_pay: Decimal = Field(..., ge=0)
    active: bool = True


def _pay_grade(g: PayGrade) -> dict:
    return {"level": g.level, "grade": g.grade, "monthly_pay": g.monthly_pay, "active": g.active}


def _places(request, payload: WorkerIn) -> dict:
    kept = {a.code: a for a in selectors.areas_kept(request.auth)}
    area = kept.get(payload.area)
    if area is None:
        raise Http404
    grids = list(Area.objects.filter(code__in=payload.grids, level=5))
    buildings = list(Building.objects.filter(code__in=payload.buildings))
    if len(grids) != len(set(payload.grids)) or len(buildings) != len(set(payload.buildings)):
        raise Http404
    person = None
    if payload.person is not None:
        person = get_object_or_404(person_list(user=request.auth), pk=payload.person)
    return {"area": area, "grids": grids, "buildings": buildings, "person": person}


def _workers(request):
    # a fixed number of queries for any number of workers: their places and their history
    history = GradeChange.objects.select_related("grade")
    return selectors.workers(request.auth).prefetch_related(
        "grids", "buildings", Prefetch("grade_history", queryset=history), "training"
    )


def _kept_worker(request, worker_id: int) -> Worker:
    """The worker a write names, in scope or 404 (without the history the answer reads)."""
    return get_object_or_404(selectors.workers(request.auth), pk=worker_id)


@router.get("/workforce/workers", response=list[WorkerOut], summary="The roster")
def worker_list(request, area: str | None = None, post: str | None = None, left: bool = False):
    qs = _workers(request)
    if area:
        qs = qs.filter(area__code=area)
    if post:
        qs = qs.filter(post=post)
    if not left:
        qs = qs.filter(left_on=None)
    return [_worker(w) for w in qs[:5000]]


@router.get("/workforce/workers/{worker_id}", response=WorkerOut, summary="A worker")
def worker_detail(request, worker_id: int):
    return _worker(get_object_or_404(_workers(request), pk=worker_id))


@router.post("/workforce/workers", response={201: WorkerOut}, summary="Add a worker")
def worker_create(request, payload: WorkerIn):
    made = services.worker_save(
        actor=request.auth, **_places(request, payload),
        **payload.dict(exclude={"area", "grids", "buildings", "person"}),
    )  # fmt: skip
    return Status(201, _worker(_workers(request).get(pk=made.pk)))


@router.post(
    "/workforce/workers/{worker_id}", response=WorkerOut, summary="Change a worker's entry"
)
def worker_update(request, worker_id: int, payload: WorkerIn):
    entry = _kept_worker(request, worker_id)
    services.worker_save(
        actor=request.auth, worker=entry, **_places(request, payload),
        **payload.dict(exclude={"area", "grids", "buildings", "person"}),
    )  # fmt: skip
    return _worker(_workers(request).get(pk=worker_id))


@router.post("/workforce/workers/{worker_id}/leave", response=WorkerOut, summary="A worker left")
def worker_left(request, worker_id: int, payload: LeaveIn):
    entry = _kept_worker(request, worker_id)
    services.worker_leave(actor=request.auth, worker=entry, **payload.dict())
    return _worker(_workers(request).get(pk=worker_id))


@router.post("/workforce/workers/{worker_id}/grade", response=WorkerOut, summary="Set the grade")
def worker_grade(request, worker_id: int, payload: GradeIn):
    entry = _kept_worker(request, worker_id)
    grade = PayGrade.objects.filter(grade=payload.grade).first()
    if grade is None:  # bad input, not a missing page
        raise refused(_("There is no such grade on the pay scale."), "grade")
    services.grade_set(actor=request.auth, worker=entry, grade=grade, since=payload.since,
                       reason=payload.reason)  # fmt: skip
    return _worker(_workers(request).get(pk=worker_id))


@router.post("/workforce/workers/{worker_id}/renew", response=WorkerOut, summary="Renew the term")
def worker_renew(request, worker_id: int, payload: RenewIn):
    entry = _kept_worker(request, worker_id)
    term_renew(actor=request.auth, worker=entry, until=payload.until)
    return _worker(_workers(request).get(pk=worker_id))


@router.post(
    "/workforce/workers/{worker_id}/training", response={201: TrainingOut}, summary="Training taken"
)
def worker_training(request, worker_id: int, payload: TrainingIn):
    entry = _kept_worker(request, worker_id)
    made = services.training_add(actor=request.auth, worker=entry, **payload.dict())
    return Status(201, _training(made))


class LedgerQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    worker: int | None = None


@router.get("/workforce/allowances", response=list[AllowanceOut], summary="The allowance ledger")
def allowance_list(request, q: Query[LedgerQuery]):
    qs = selectors.allowances(request.auth).filter(month__year=q.year)
    if q.worker is not None:
        qs = qs.filter(worker_id=q.worker)
    return [_allowance(e) for e in qs[:20000]]


@router.post(
    "/workforce/allowances", response={201: list[AllowanceOut]}, summary="Run a month's allowances"
)
def allowance_run(request, payload: RunIn):
    kept = {a.code: a for a in selectors.areas_kept(request.auth)}
    if payload.area not in kept:
        raise Http404
    made = services.allowances_run(actor=request.auth, area=kept[payload.area], month=payload.month)
    return Status(201, [_allowance(e) for e in made])


@router.get("/workforce/pay-scale", response=list[PayGradeOut], summary="The pay scale")
def pay_scale(request):
    if not selectors.sees_workforce(request.auth):
        raise Http404
    return [_pay_grade(g) for g in selectors.pay_scale()]


@router.post("/workforce/pay-scale", response={201: PayGradeOut}, summary="Add or change a grade")
def pay_grade_save(request, payload: PayGradeIn):
    entry = selectors.pay_scale().filter(grade=payload.grade).first()
    made = services.pay_grade_save(actor=request.auth, entry=entry, **payload.dict())
    return Status(201, _pay_grade(made))
