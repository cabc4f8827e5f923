"""API: applications for service items, with the pages' rules (``desk.py``, ``office.py``,
``ratings.py``, who sees what in ``access.py``). The window accepts or gives the one-time
notice; a resident (or a grid worker for a resident, 代办) submits; the office reviews and
decides; the applicant's account rates; the office answers a bad rating. The applicant's ID
number is never returned whole."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import ErrorOut, PageOut
from civicgrid.core.checks import limits
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.registry.api_identity import ProofIn
from civicgrid.registry.choices import AccessChannel

from . import access, office, ratings
from . import desk as front
from .application_models import Application, Rating
from .models import ServiceItem
from .queue_models import Window

router = Router(tags=["one-stop service"])


class AppMaterialOut(Schema):
    material: str
    state: str = Field(..., description="provided, following (容缺) or missing")


class AppStepOut(Schema):
    at: dt.datetime
    action: str
    to_state: str
    note: str


class RatingOut(Schema):
    grade: int = Field(..., description="5 very satisfied … 1 very dissatisfied")
    comment: str
    rated_at: dt.datetime
    answer_due: dt.datetime | None
    answer: str
    answered_at: dt.datetime | None


class ServiceApplicationOut(Schema):
    number: str = Field(..., description="the receipt number")
    item: str = Field(..., description="the service item's code")
    item_name: str
    centre: str
    office: str
    channel: str = Field(..., description="window, portal or proxy (代办)")
    status: str
    applicant: str = Field(..., description="the applicant's name")
    applicant_id_number: str = Field(..., description="masked: 310101********1234")
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    follow_by: dt.date | None
    steps_passed: int
    steps: list[str] = Field(..., description="the item's review steps, in order")
    document: str
    reasons: str
    handed_over: str
    materials: list[AppMaterialOut]
    history: list[AppStepOut]
    rating: RatingOut | None


def _out(a: Application) -> dict:
    rating = Rating.objects.filter(application=a).first()
    return {
        "number": a.number, "item": a.item.code, "item_name": a.item.name,
        "centre": a.centre.code, "office": a.office.code, "channel": a.channel,
        "status": a.status, "applicant": a.applicant.name,
        "applicant_id_number": a.applicant.id_number_masked, "submitted_at": a.submitted_at,
        "accepted_at": a.accepted_at, "due_at": a.due_at, "follow_by": a.follow_by,
        "steps_passed": a.steps_passed, "steps": a.item.steps, "document": a.document,
        "reasons": a.reasons, "handed_over": a.handed_over,
        "materials": [{"material": m.material.name, "state": m.state}
                      for m in a.materials.select_related("material")],
        "history": [{"at": s.at, "action": s.action, "to_state": s.to_state, "note": s.note}
                    for s in a.steps.all()],
        "rating": rating and {f: getattr(rating, f) for f in (
            "grade", "comment", "rated_at", "answer_due", "answer", "answered_at")},
    }  # fmt: skip


def _seen(request, number: str) -> Application:
    found = get_object_or_404(
        Application.objects.select_related("item", "centre", "office", "applicant"), number=number
    )
    if not access.may_see(request.auth, found):
        raise Http404
    return found


class AppFilter(Schema):
    status: str = Field("", max_length=12)
    item: str = Field("", max_length=12, description="a service item's code")


@router.get("/service-applications", response=PageOut[ServiceApplicationOut],
            summary="Applications you see (your centres, offices and submissions)")  # fmt: skip
def application_list(request, filters: Query[AppFilter], paging: Query[PageParams]):
    apps = access.visible(request.auth).select_related("item", "centre", "office", "applicant")
    if filters.status:
        apps = apps.filter(status=filters.status)
    if filters.item:
        apps = apps.filter(item__code=filters.item)
    return page(apps, paging, _out, descending=True)


@router.get("/service-applications/{number}", response=ServiceApplicationOut,
            summary="One application")  # fmt: skip
def application_get(request, number: str):
    return _out(_seen(request, number))


class ChecklistIn(Schema):
    provided: list[int] = Field([], max_length=50, description="ids of the materials brought")
    following: list[int] = Field(
        [], max_length=50, description="ids of materials that follow later (容缺)"
    )
    follow_by: dt.date | None = Field(None, description="the date promised for what follows")
    accept: bool = Field(True, description="false: the one-time notice of what is missing")
    note: str = Field("", max_length=500)


class IntakeIn(ChecklistIn):
    item: str = Field(..., max_length=12, examples=["FW0101"])
    applicant: ProofIn
    window: int | None = Field(None, ge=1, le=999, description="the window's number")


@router.post("/service-centres/{code}/applications", response={201: ServiceApplicationOut, 429: ErrorOut},
             summary="Accept an application at a window, or give the one-time notice")  # fmt: skip
def intake(request, code: str, payload: IntakeIn):
    centre = get_object_or_404(OrgUnit, code=code, kind=UnitKind.SERVICE_CENTRE, active=True)
    if not access.at_desk(request.auth, centre.pk):
        raise Http404
    item = ServiceItem.objects.filter(code=payload.item).first()
    if item is None:
        raise DomainError(_("No such service item."), code=ErrorCode.NOT_FOUND, field="item")
    window = None
    if payload.window is not None:
        window = Window.objects.filter(centre=centre, number=payload.window).first()
        if window is None:
            raise DomainError(_("No such window here."), code=ErrorCode.NOT_FOUND,
                              field="window")  # fmt: skip
    done = front.window_take(
        actor=request.auth, centre=centre, item=item, proof=payload.applicant.proof(),
        provided=payload.provided, following=payload.following, follow_by=payload.follow_by,
        accept=payload.accept, window=window, note=payload.note, channel=AccessChannel.API,
    )  # fmt: skip
    return Status(201, _out(done))


class SubmitIn(Schema):
    applicant: ProofIn = Field(..., description="the resident's own proof (on the portal) or "
                                                "that of the resident a grid worker acts for")  # fmt: skip
    consent: Annotated[str, Field(**limits(Application, "consent"),
                                  examples=["授权委托书（本人签字）"])] = ""  # fmt: skip


@router.post("/service-items/{code}/applications", response={201: ServiceApplicationOut, 429: ErrorOut},
             summary="Apply for an item (a resident; a grid worker for a resident, 代办)")  # fmt: skip
def submit(request, code: str, payload: SubmitIn):
    item = get_object_or_404(ServiceItem, code=code, active=True)
    done = front.submit(actor=request.auth, item=item, proof=payload.applicant.proof(),
                        consent=payload.consent, channel=AccessChannel.API)  # fmt: skip
    return Status(201, _out(done))


class StepIn(Schema):
    action: Literal["accept", "notify", "review", "pass_up", "approve", "refuse", "receive",
                    "hand_over", "withdraw"]  # fmt: skip
    note: str = Field("", max_length=2000, examples=["材料齐全"])
    document: Annotated[str, Field(**limits(Application, "document"))] = ""
    reasons: Annotated[str, Field(**limits(Application, "reasons"))] = ""
    material: int | None = Field(None, description="receive: the material's id")
    how: str = Field(
        "", max_length=12, description="hand_over: pick_up, delivery, post, electronic"
    )
    checklist: ChecklistIn | None = Field(None, description="accept and notify: the materials")


@router.post("/service-applications/{number}/steps", response=ServiceApplicationOut,
             summary="Take a step on an application (the desk, the office, the applicant)")  # fmt: skip
def step(request, number: str, payload: StepIn):
    a, u = _seen(request, number), request.auth
    c = payload.checklist or ChecklistIn.model_validate({})
    acts = {
        "accept": lambda: front.desk_decide(
            actor=u, application=a, provided=c.provided, following=c.following,
            follow_by=c.follow_by, note=payload.note),
        "notify": lambda: front.desk_decide(
            actor=u, application=a, provided=c.provided, following=c.following,
            accept=False, note=payload.note),
        "review": lambda: office.review(actor=u, application=a, note=payload.note),
        "pass_up": lambda: office.pass_up(actor=u, application=a, note=payload.note),
        "approve": lambda: office.approve(actor=u, application=a, document=payload.document,
                                          note=payload.note),
        "refuse": lambda: office.refuse(actor=u, application=a, reasons=payload.reasons),
        "receive": lambda: office.receive(actor=u, application=a,
                                          material_id=payload.material or 0),
        "hand_over": lambda: office.hand_over(actor=u, application=a, how=payload.how,
                                              note=payload.note),
        "withdraw": lambda: front.withdraw(actor=u, application=a, note=payload.note),
    }  # fmt: skip
    return _out(acts[payload.action]())


class RateIn(Schema):
    grade: int = Field(..., ge=1, le=5, description="5 very satisfied … 1 very dissatisfied")
    comment: Annotated[str, Field(**limits(Rating, "comment"), examples=["办事快，态度好"])] = ""


@router.post("/service-applications/{number}/rating", response={201: RatingOut},
             summary="Rate a finished application (the account that submitted it)")  # fmt: skip
def rate(request, number: str, payload: RateIn):
    a = _seen(request, number)
    if a.submitted_by_id != request.auth.pk or a.channel != "portal":  # the applicant's account
        raise Http404
    return Status(201, ratings.rate(application=a, grade=payload.grade, comment=payload.comment))


class AnswerIn(Schema):
    answer: Annotated[str, Field(**limits(Rating, "answer"), examples=["已电话回访，说明政策"])]


@router.post("/service-applications/{number}/rating/answer", response=RatingOut,
             summary="Answer a bad rating (the office responsible)")  # fmt: skip
def answer(request, number: str, payload: AnswerIn):
    a = _seen(request, number)
    rating = get_object_or_404(Rating, application=a)
    return ratings.answer(actor=request.auth, rating=rating, text=payload.answer)
