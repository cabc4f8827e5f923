"""The commercial buildings API (``commercial/services.py`` says the rules): profiles with their
co-governance body, signed responsibilities, joint activities, inspections and hazards (each
made a case once) and the building's mediation committee. For the leaders of the building's
community and those above; anyone else: 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts.models import OrgUnit
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.disputes import committees
from civicgrid.disputes.models import BuildingCommittee, CommitteeMember
from civicgrid.party.models import PartyOrganisation

from . import selectors, services
from .models import CommercialBuilding, Hazard, Inspection, Member

router = Router(tags=["commercial buildings"])


class CbMemberOut(Schema):
    id: int
    kind: str = Field(..., description="party, department, owner, property, tenant, "
                                       "association or other")  # fmt: skip
    organisation: str
    unit: str | None = Field(..., description="the unit's code, when it is one of the district's")
    contact: str
    joined_on: dt.date
    left_on: dt.date | None


class CbAgreementOut(Schema):
    id: int
    member: int
    title: str
    duties: str
    signed_on: dt.date
    until: dt.date | None


class CbActivityOut(Schema):
    id: int
    kind: str = Field(..., description="meeting, training or assessment")
    held_on: dt.date
    subject: str
    attended: int
    outcome: str
    score: Decimal | None


class CbHazardOut(Schema):
    id: int
    installation: str
    severity: str
    description: str
    case: str | None = Field(..., description="the case's number, once it is a case")
    rectified: bool = Field(..., description="its case is closed")


class CbInspectionOut(Schema):
    id: int
    kind: str = Field(..., description="risk (the yearly risk assessment) or joint")
    held_on: dt.date
    inspectors: str
    summary: str
    hazards: list[CbHazardOut]


class CbCommitteeOut(Schema):
    name: str
    established_on: dt.date
    active: bool
    members: int = Field(..., description="members sitting")


class CommercialOut(Schema):
    id: int
    building: str = Field(..., description="the register's building code")
    name: str
    community: str
    party_organisation: str | None = Field(..., description="its unit's code")
    service_point: str
    safety_association: str
    e_service: str
    enterprises: int
    workers: int
    members: list[CbMemberOut]
    agreements: list[CbAgreementOut]
    activities: list[CbActivityOut]
    inspections: list[CbInspectionOut]
    committee: CbCommitteeOut | None


def _hazard(h: Hazard) -> dict:
    return {"id": h.pk, "installation": h.installation, "severity": h.severity,
            "description": h.description, "case": h.case.number if h.case else None,
            "rectified": bool(h.case and h.case.state == "closed")}  # fmt: skip


def _profile(p: CommercialBuilding, committees: dict | None = None) -> dict:
    committee = (committees.get(p.building_id) if committees is not None
                 else _committees([p.building_id]).get(p.building_id))  # fmt: skip
    org = p.party_organisation
    return {
        "id": p.pk, "building": p.building.code, "name": p.building.name,
        "community": p.area.code, "party_organisation": org.unit.code if org else None,
        "service_point": p.service_point, "safety_association": p.safety_association,
        "e_service": p.e_service, "enterprises": p.enterprises, "workers": p.workers,
        "members": [{"id": m.pk, "kind": m.kind, "organisation": m.organisation,
                     "unit": m.unit.code if m.unit else None, "contact": m.contact,
                     "joined_on": m.joined_on, "left_on": m.left_on}
                    for m in p.members.all()],
        "agreements": [{"id": a.pk, "member": a.member_id, "title": a.title, "duties": a.duties,
                        "signed_on": a.signed_on, "until": a.until} for a in p.agreements.all()],
        "activities": [{"id": a.pk, "kind": a.kind, "held_on": a.held_on, "subject": a.subject,
                        "attended": a.attended, "outcome": a.outcome, "score": a.score}
                       for a in p.activities.all()],
        "inspections": [{"id": i.pk, "kind": i.kind, "held_on": i.held_on,
                         "inspectors": i.inspectors, "summary": i.summary,
                         "hazards": [_hazard(h) for h in i.hazards.all()]}
                        for i in p.inspections.all()],
        "committee": {"name": committee.name, "established_on": committee.established_on,
                      "active": committee.active,
                      "members": committee.sitting}
        if committee else None,
    }  # fmt: skip


def _committees(building_ids) -> dict:
    """The buildings' committees, each with how many of its members sit: building id → it."""
    sitting = Count("members", filter=Q(members__active=True))
    return {c.building_id: c for c in BuildingCommittee.objects.filter(
        building_id__in=list(building_ids)).annotate(sitting=sitting)}  # fmt: skip


def _profiles(request):
    return selectors.profiles(request.auth).prefetch_related(
        Prefetch("members", Member.objects.select_related("unit")),
        "agreements", "activities",
        Prefetch("inspections__hazards", Hazard.objects.select_related("case")),
    )  # fmt: skip


def _known(qs, code: str | None, field: str):
    """The row of ``qs`` a code names, None for no code; an unknown code is refused, naming
    ``field``."""
    if not code:
        return None
    found = qs.first()
    if found is None:
        raise refused(_("Nothing has the code %(code)s.") % {"code": code}, field)
    return found


def _mine(request, profile_id: int) -> CommercialBuilding:
    return get_object_or_404(_profiles(request), pk=profile_id)


@router.get("/commercial-buildings", response=list[CommercialOut],
            summary="Commercial buildings")  # fmt: skip
def profile_list(request, community: str | None = None):
    qs = _profiles(request)
    if community:
        qs = qs.filter(area__code=community)
    rows = list(qs[:500])
    committees = _committees(p.building_id for p in rows)
    return [_profile(p, committees) for p in rows]


@router.get("/commercial-buildings/{profile_id}", response=CommercialOut,
            summary="A commercial building")  # fmt: skip
def profile_detail(request, profile_id: int):
    return _profile(_mine(request, profile_id))


class CommercialIn(Schema):
    building: str = Field(..., description="the register's building code", examples=["B-0101"])
    party_organisation: str | None = Field(None, description="the party organisation's unit "
                                                             "code")  # fmt: skip
    service_point: str = Field("", max_length=200, examples=["一楼大堂东侧，工作日 9:00–17:00"])
    safety_association: str = Field("", max_length=100, examples=["楼宇安全协会"])
    e_service: str = Field("", max_length=200, examples=["大堂一网通办自助终端"])
    enterprises: int = Field(0, ge=0, examples=[86])
    workers: int = Field(0, ge=0, examples=[3200])


@router.post("/commercial-buildings", response={201: CommercialOut},
             summary="Profile a commercial building")  # fmt: skip
def profile_create(request, payload: CommercialIn):
    data = payload.dict()
    data["building"] = get_object_or_404(selectors.unprofiled(request.auth),
                                         code=payload.building)  # fmt: skip
    data["party_organisation"] = _known(
        PartyOrganisation.objects.filter(unit__code=payload.party_organisation),
        payload.party_organisation, "party_organisation",
    )  # fmt: skip
    made = services.profile_save(actor=request.auth, **data)
    return Status(201, _profile(_mine(request, made.pk)))


class CbMemberIn(Schema):
    kind: str = Field(..., examples=["tenant"])
    organisation: str = Field(..., max_length=100, examples=["某某科技有限公司"])
    unit: str | None = Field(None, description="a unit's code, when it is one of the district's")
    contact: str = Field("", max_length=50, examples=["李经理"])
    joined_on: dt.date = Field(..., examples=["2026-03-01"])


@router.post("/commercial-buildings/{profile_id}/members", response={201: CommercialOut},
             summary="Add a member to the co-governance body")  # fmt: skip
def member_add(request, profile_id: int, payload: CbMemberIn):
    profile = _mine(request, profile_id)
    data = payload.dict()
    data["unit"] = _known(OrgUnit.objects.filter(code=payload.unit), payload.unit, "unit")
    services.member_add(actor=request.auth, profile=profile, **data)
    return Status(201, _profile(_mine(request, profile_id)))


class CbMemberLeaveIn(Schema):
    left_on: dt.date = Field(..., description="the day it left (today or before)",
                             examples=["2026-12-01"])  # fmt: skip


@router.post("/commercial-buildings/{profile_id}/members/{member_id}/leave",
             response=CommercialOut,
             summary="A member leaves the co-governance body")  # fmt: skip
def member_leave(request, profile_id: int, member_id: int, payload: CbMemberLeaveIn):
    profile = _mine(request, profile_id)
    member = get_object_or_404(Member.objects.filter(profile=profile), pk=member_id)
    services.member_leave(actor=request.auth, member=member, left_on=payload.left_on)
    return _profile(_mine(request, profile_id))


class CbAgreementIn(Schema):
    member: int = Field(..., description="the member's id", examples=[1])
    title: str = Field(..., max_length=100, examples=["消防安全责任书"])
    duties: str = Field(..., max_length=4000, examples=["保持疏散通道畅通，每月自查一次"])
    signed_on: dt.date = Field(..., examples=["2026-03-01"])
    until: dt.date | None = Field(None, examples=["2027-02-28"])


@router.post("/commercial-buildings/{profile_id}/agreements", response={201: CommercialOut},
             summary="Record a signed responsibility (联签)")  # fmt: skip
def agreement_sign(request, profile_id: int, payload: CbAgreementIn):
    profile = _mine(request, profile_id)
    data = payload.dict()
    data["member"] = profile.members.filter(pk=payload.member).first()
    services.agreement_sign(actor=request.auth, profile=profile, **data)
    return Status(201, _profile(_mine(request, profile_id)))


class CbActivityIn(Schema):
    kind: str = Field(..., examples=["meeting"])
    held_on: dt.date = Field(..., examples=["2026-11-12"])
    subject: str = Field(..., max_length=200, examples=["楼宇联席会：停车与外卖配送秩序"])
    attended: int = Field(0, ge=0, examples=[14])
    outcome: str = Field("", max_length=4000, examples=["物业增设配送点"])
    score: Decimal | None = Field(None, ge=0, le=100, description="the joint yearly "
                                  "assessment's only", examples=[None])  # fmt: skip


@router.post("/commercial-buildings/{profile_id}/activities", response={201: CommercialOut},
             summary="Record a joint activity")  # fmt: skip
def activity_record(request, profile_id: int, payload: CbActivityIn):
    services.activity_record(actor=request.auth, profile=_mine(request, profile_id),
                             **payload.dict())  # fmt: skip
    return Status(201, _profile(_mine(request, profile_id)))


class CbInspectionIn(Schema):
    kind: str = Field(..., examples=["risk"])
    held_on: dt.date = Field(..., examples=["2026-10-20"])
    inspectors: str = Field(..., max_length=200, examples=["区消防救援支队、派出所、物业"])
    summary: str = Field("", max_length=4000, examples=["技防设施总体完好"])


@router.post("/commercial-buildings/{profile_id}/inspections", response={201: CommercialOut},
             summary="Record an inspection or the yearly risk assessment")  # fmt: skip
def inspection_record(request, profile_id: int, payload: CbInspectionIn):
    services.inspection_record(actor=request.auth, profile=_mine(request, profile_id),
                               **payload.dict())  # fmt: skip
    return Status(201, _profile(_mine(request, profile_id)))


class CbHazardIn(Schema):
    installation: str = Field(..., examples=["exits"])
    severity: str = Field("medium", examples=["high"])
    description: str = Field(..., max_length=2000, examples=["B1 层疏散通道堆放杂物"])


def _inspection(request, inspection_id: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.filter(profile__in=selectors.profiles(request.auth).values("pk")),
        pk=inspection_id,
    )


@router.post("/commercial-inspections/{inspection_id}/hazards", response={201: CbHazardOut},
             summary="Record a hazard found")  # fmt: skip
def hazard_add(request, inspection_id: int, payload: CbHazardIn):
    inspection = _inspection(request, inspection_id)
    made = services.hazard_add(actor=request.auth, inspection=inspection, **payload.dict())
    return Status(201, _hazard(made))


class CbHazardCaseIn(Schema):
    case_class: str = Field(services.HAZARD_CLASS, max_length=10, examples=["01013"])


@router.post("/commercial-hazards/{hazard_id}/case", response={201: CbHazardOut},
             summary="Make a hazard a case")  # fmt: skip
def hazard_report(request, hazard_id: int, payload: CbHazardCaseIn):
    hazard = get_object_or_404(
        Hazard.objects.filter(
            inspection__profile__in=selectors.profiles(request.auth).values("pk")
        ),
        pk=hazard_id,
    )
    services.hazard_report(actor=request.auth, hazard=hazard, case_class=payload.case_class)
    return Status(201, _hazard(Hazard.objects.select_related("case").get(pk=hazard.pk)))


class CbCommitteeIn(Schema):
    name: str = Field(..., max_length=100, examples=["某某大厦楼宇调委会"])
    established_on: dt.date = Field(..., examples=["2026-03-01"])
    active: bool = Field(True, description="false: the committee is set down (it is never "
                                           "deleted)")  # fmt: skip


@router.put("/commercial-buildings/{profile_id}/committee", response=CommercialOut,
            summary="Set up or change the building's mediation committee")  # fmt: skip
def committee_save(request, profile_id: int, payload: CbCommitteeIn):
    """The building's own mediation committee (楼宇调委会): set up the first time, changed after
    (its name, the day, whether it sits)."""
    profile = _mine(request, profile_id)
    committees.committee_save(actor=request.auth, building=profile.building, **payload.dict())
    return _profile(_mine(request, profile_id))


class CbCommitteeMemberIn(Schema):
    name: str = Field(..., max_length=50, examples=["张调解员"])
    organisation: str = Field(..., max_length=100, examples=["大厦物业服务中心"])
    role: str = Field(CommitteeMember.Role.MEMBER, description="chair or member",
                      examples=["member"])  # fmt: skip


@router.post("/commercial-buildings/{profile_id}/committee/members", response={201: CommercialOut},
             summary="Add a member to the building's mediation committee")  # fmt: skip
def committee_member_add(request, profile_id: int, payload: CbCommitteeMemberIn):
    profile = _mine(request, profile_id)
    committee = BuildingCommittee.objects.filter(building=profile.building).first()
    if committee is None:
        raise refused(_("Set up the building's mediation committee first."), "committee",
                      ErrorCode.REQUIRED)  # fmt: skip
    committees.member_add(actor=request.auth, committee=committee, **payload.dict())
    return Status(201, _profile(_mine(request, profile_id)))
