"""The volunteers' API (``workforce/volunteers.py`` says the rules): the roster of the communities
you lead with each volunteer's hours and star level; add a volunteer from the register by ID
number (the look-up is counted), record hours, give incentives, pair with a social worker, record
leaving. Leaders only (404 otherwise)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.areas.models import Area
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.registry.selectors import person_by_id_number

from . import selectors, volunteers
from .models import Volunteer, Worker

router = Router(tags=["community workforce"])


class VolunteerOut(Schema):
    id: int
    community: str
    name: str
    skills: str
    joined_on: dt.date
    left_on: dt.date | None
    social_worker: int | None = Field(..., description="the paired social worker's roster id")
    hours: Decimal = Field(..., description="every hour of service recorded")
    stars: int = Field(..., description="the star level the hours reach (0–5)")


def _out(v: Volunteer) -> dict:
    total = getattr(v, "total", Decimal(0))
    return {"id": v.pk, "community": v.area.code, "name": v.person.name, "skills": v.skills,
            "joined_on": v.joined_on, "left_on": v.left_on, "social_worker": v.social_worker_id,
            "hours": total, "stars": volunteers.stars(total)}  # fmt: skip


def _roster(request):
    if not selectors.sees_workforce(request.auth):
        raise Http404
    return volunteers.roster(request.auth)


@router.get("/workforce/volunteers", response=list[VolunteerOut], summary="Volunteers")
def volunteer_list(request, community: str | None = None):
    qs = _roster(request)
    if community:
        qs = qs.filter(area__code=community)
    return [_out(v) for v in qs.order_by("area__path", "pk")[:1000]]


class VolunteerIn(Schema):
    community: str = Field(..., examples=["310199001001"])
    id_number: str = Field(..., max_length=18, examples=["310101199001011234"])
    joined_on: dt.date = Field(..., examples=["2026-03-05"])
    skills: str = Field("", max_length=200, examples=["助老、平安巡逻"])
    social_worker: int | None = Field(None, description="a social worker's roster id")


def _social_worker(pk: int | None) -> Worker | None:
    """The social worker a body names (the service checks they serve in the community): an id
    that names nobody is refused, never taken as "nobody"."""
    if pk is None:
        return None
    found = Worker.objects.filter(pk=pk).first()
    if found is None:
        raise refused(_("Choose a social worker serving in this community."), "social_worker")
    return found


@router.post("/workforce/volunteers", response={201: VolunteerOut}, summary="Add a volunteer")
def volunteer_add(request, payload: VolunteerIn):
    _roster(request)
    area = Area.objects.filter(code=payload.community, level=4).first()
    if area is None:
        raise refused(_("Choose a community."), "community", ErrorCode.REQUIRED)
    if not permissions.can_lead(request.auth, area):
        raise Http404  # out of scope before the register is searched (and the search counted)
    person = person_by_id_number(request.auth, payload.id_number)
    worker = _social_worker(payload.social_worker)
    made = volunteers.volunteer_add(actor=request.auth, area=area, person=person,
                                    joined_on=payload.joined_on, skills=payload.skills,
                                    social_worker=worker)  # fmt: skip
    return Status(201, _out(_roster(request).get(pk=made.pk)))


class HoursIn(Schema):
    day: dt.date = Field(..., examples=["2026-12-01"])
    hours: Decimal = Field(..., gt=0, le=24, max_digits=4, decimal_places=1, examples=["2.5"])
    activity: str = Field(..., max_length=200, examples=["为独居老人送餐"])


@router.post("/workforce/volunteers/{volunteer_id}/hours", response={201: VolunteerOut},
             summary="Record service hours")  # fmt: skip
def hours_add(request, volunteer_id: int, payload: HoursIn):
    v = get_object_or_404(_roster(request), pk=volunteer_id)
    volunteers.hours_add(actor=request.auth, volunteer=v, **payload.dict())
    return Status(201, _out(_roster(request).get(pk=v.pk)))


class IncentiveIn(Schema):
    kind: str = Field(..., examples=["points"])
    points: int = Field(0, ge=0, le=100000, examples=[50])
    given_on: dt.date = Field(..., examples=["2026-12-01"])
    why: str = Field(..., max_length=200, examples=["全年服务满 100 小时"])


@router.post("/workforce/volunteers/{volunteer_id}/incentives", response={201: VolunteerOut},
             summary="Give an incentive")  # fmt: skip
def incentive_give(request, volunteer_id: int, payload: IncentiveIn):
    v = get_object_or_404(_roster(request), pk=volunteer_id)
    volunteers.incentive_give(actor=request.auth, volunteer=v, **payload.dict())
    return Status(201, _out(_roster(request).get(pk=v.pk)))


class VolunteerPairingIn(Schema):
    social_worker: int | None = Field(
        ..., description="a social worker's roster id, serving in the volunteer's community; "
        "null: paired with nobody", examples=[12],
    )  # fmt: skip


@router.post("/workforce/volunteers/{volunteer_id}/pairing", response=VolunteerOut,
             summary="Pair a volunteer with a social worker")  # fmt: skip
def volunteer_pair(request, volunteer_id: int, payload: VolunteerPairingIn):
    """As on the page: a volunteer on the roster (not one who has left), with a social worker
    serving in their community."""
    v = get_object_or_404(_roster(request), pk=volunteer_id)
    volunteers.pair(actor=request.auth, volunteer=v,
                    social_worker=_social_worker(payload.social_worker))  # fmt: skip
    return _out(_roster(request).get(pk=v.pk))


class VolunteerLeavingIn(Schema):
    left_on: dt.date = Field(..., description="a day that has come, not before they joined",
                             examples=["2026-12-01"])  # fmt: skip


@router.post("/workforce/volunteers/{volunteer_id}/leave", response=VolunteerOut,
             summary="A volunteer leaves the roster")  # fmt: skip
def volunteer_leave(request, volunteer_id: int, payload: VolunteerLeavingIn):
    """Their hours and incentives stay; hours after the day are refused, and they may join
    again later."""
    v = get_object_or_404(_roster(request), pk=volunteer_id)
    volunteers.leave(actor=request.auth, volunteer=v, left_on=payload.left_on)
    return _out(_roster(request).get(pk=v.pk))
