"""API: rosters, members' activities and credit entries, only to whom sees the organisation's
own place (not the places above it): who is a party member is not told further. The area's
leaders write; a member from the register is given by the person's id in the register."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.registry.selectors import person_list

from . import members, selectors
from .models import Activity, CreditEntry, Member

router = Router(tags=["party building"])


class PartyMemberOut(Schema):
    id: int
    organisation: int
    person: int | None = Field(None, description="the person's id in the register")
    name: str
    workplace: str
    kind: str = Field(..., description="registered or reported")
    since: dt.date
    until: dt.date | None


def _member(m: Member) -> dict:
    return {
        "id": m.pk, "organisation": m.organisation_id, "person": m.person_id, "name": m.name,
        "workplace": m.workplace, "kind": m.kind, "since": m.since, "until": m.until,
    }  # fmt: skip


class PartyMemberIn(Schema):
    organisation: int
    kind: str = Field(..., examples=["registered"], description="registered or reported")
    since: dt.date
    person: int | None = Field(
        None, description="a person of the register marked a party member (required when "
        "registered)",
    )  # fmt: skip
    name: str = Field("", max_length=50, description="an in-service member not in the register")
    workplace: str = Field("", max_length=100)


class PartyLeaveIn(Schema):
    until: dt.date = Field(..., examples=["2026-06-30"])


@router.get("/party/members", response=list[PartyMemberOut], summary="The rosters")
def member_list(request, organisation: int | None = None):
    qs = selectors.members(request.auth)
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    return [_member(m) for m in qs[:5000]]


@router.post("/party/members", response={201: PartyMemberOut}, summary="Add a member to a roster")
def member_create(request, payload: PartyMemberIn):
    user = request.auth
    org = get_object_or_404(selectors.rosters(user), pk=payload.organisation)
    person = None
    if payload.person is not None:
        person = get_object_or_404(person_list(user=user), pk=payload.person)
    made = members.member_add(
        actor=user, organisation=org, person=person,
        **payload.dict(exclude={"organisation", "person"}),
    )  # fmt: skip
    return Status(201, _member(made))


@router.post(
    "/party/members/{member_id}/leave", response=PartyMemberOut, summary="Take off the roster"
)
def member_left(request, member_id: int, payload: PartyLeaveIn):
    member = get_object_or_404(selectors.members(request.auth), pk=member_id)
    return _member(members.member_leave(actor=request.auth, member=member, until=payload.until))


class PartyActivityOut(Schema):
    id: int
    organisation: int
    kind: str
    title: str
    held_on: dt.date
    participants: list[int] = Field(..., description="roster members' ids")


def _activity(a: Activity) -> dict:
    return {
        "id": a.pk, "organisation": a.organisation_id, "kind": a.kind, "title": a.title,
        "held_on": a.held_on, "participants": sorted(m.pk for m in a.participants.all()),
    }  # fmt: skip


class PartyActivityIn(Schema):
    organisation: int
    kind: str = Field(..., examples=["identity_display"])
    title: str = Field(..., max_length=200, examples=["党员亮身份·楼道清洁"])
    held_on: dt.date
    participants: list[int] = Field(..., description="roster members' ids")


@router.get("/party/activities", response=list[PartyActivityOut], summary="Members' activities")
def activity_list(request):
    qs = selectors.activities(request.auth).prefetch_related("participants")
    return [_activity(a) for a in qs[:2000]]


@router.post(
    "/party/activities", response={201: PartyActivityOut}, summary="Log a members' activity"
)
def activity_create(request, payload: PartyActivityIn):
    user = request.auth
    org = get_object_or_404(selectors.rosters(user), pk=payload.organisation)
    wanted = set(payload.participants)
    chosen = list(selectors.members(user).filter(pk__in=wanted))
    if len(chosen) != len(wanted):
        raise Http404
    made = members.activity_log(
        actor=user, organisation=org, participants=chosen,
        **payload.dict(exclude={"organisation", "participants"}),
    )  # fmt: skip
    return Status(201, _activity(made))


class PartyCreditOut(Schema):
    id: int
    member: int
    on: dt.date
    category: str
    points: int
    reason: str


def _credit(c: CreditEntry) -> dict:
    return {"id": c.pk, "member": c.member_id, "on": c.on, "category": c.category,
            "points": c.points, "reason": c.reason}  # fmt: skip


class PartyCreditIn(Schema):
    member: int
    on: dt.date
    category: str = Field(..., examples=["service"])
    points: int = Field(..., ge=-100, le=100, examples=[5])
    reason: str = Field(..., max_length=300, examples=["组织楼道志愿清扫"])


@router.get("/party/credit", response=list[PartyCreditOut], summary="Members' credit entries")
def credit_list(request, member: int | None = None):
    qs = selectors.credit_entries(request.auth)
    if member is not None:
        qs = qs.filter(member_id=member)
    return [_credit(c) for c in qs[:5000]]


@router.post("/party/credit", response={201: PartyCreditOut}, summary="Record a credit entry")
def credit_create(request, payload: PartyCreditIn):
    user = request.auth
    member = get_object_or_404(selectors.members(user), pk=payload.member)
    made = members.credit_add(actor=user, member=member, **payload.dict(exclude={"member"}))
    return Status(201, _credit(made))
