"""The API of legal advisers and expert panels (``disputes/counsel.py`` says the rules): read by
the leaders and mediators of the places they serve and around them, kept by the leaders of the
place; phones masked."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.areas.models import Area
from civicgrid.core.errors import ErrorCode, refused

from . import counsel
from .models import ExpertPanel, LegalAdviser, PanelMember

router = Router(tags=["disputes"])


class AdviserOut(Schema):
    id: int
    community: str = Field(..., alias="area.code")
    name: str
    firm: str
    phone_masked: str
    starts_on: dt.date
    ends_on: dt.date | None


class PanelMemberOut(Schema):
    id: int
    name: str
    kind: str = Field(..., description="lawyer, deputy, judge, mediator or other")
    organisation: str
    phone_masked: str
    active: bool


class PanelOut(Schema):
    id: int
    street: str = Field(..., alias="area.code")
    name: str
    active: bool
    members: list[PanelMemberOut]

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.all())


def _gate(request) -> None:
    if not counsel.sees(request.auth):  # FORBIDDEN answers 404: nothing here for them
        raise refused(_("You neither lead nor mediate anywhere."), "user", ErrorCode.FORBIDDEN)


@router.get("/legal-advisers", response=list[AdviserOut], summary="Legal advisers")
def adviser_list(request, community: str | None = None, serving: bool = False):
    """The advisers of the communities you serve and around them; ``serving=true``: today's."""
    _gate(request)
    qs = counsel.advisers(request.auth)
    if community:
        qs = qs.filter(area__code=community)
    if serving:
        qs = qs.filter(pk__in=counsel.in_force().values("pk"))
    return list(qs[:1000])


class AdviserIn(Schema):
    community: str = Field(..., examples=["310199001001"])
    name: str = Field(..., max_length=50, examples=["李律师"])
    firm: str = Field(..., max_length=100, examples=["示范律师事务所"])
    phone: str = Field("", max_length=20, examples=["13812345678"])
    starts_on: dt.date = Field(..., examples=["2026-12-01"])


@router.post("/legal-advisers", response={201: AdviserOut}, summary="Appoint a legal adviser")
def adviser_appoint(request, payload: AdviserIn):
    data = payload.dict()
    data["area"] = Area.objects.filter(code=data.pop("community"), level=4).first()
    made = counsel.adviser_appoint(actor=request.auth, **data)
    return Status(201, LegalAdviser.objects.select_related("area").get(pk=made.pk))


class AdviserEndIn(Schema):
    ends_on: dt.date = Field(..., description="the appointment's last day", examples=["2026-12-31"])


@router.post("/legal-advisers/{adviser_id}/end", response=AdviserOut,
             summary="End a legal adviser's appointment")  # fmt: skip
def adviser_end(request, adviser_id: int, payload: AdviserEndIn):
    """By the leaders of the adviser's community and those above; not before it began."""
    _gate(request)
    adviser = get_object_or_404(counsel.advisers(request.auth), pk=adviser_id)
    return counsel.adviser_end(actor=request.auth, adviser=adviser, ends_on=payload.ends_on)


@router.get("/expert-panels", response=list[PanelOut], summary="Expert panels")
def panel_list(request):
    _gate(request)
    return list(counsel.panels(request.auth).prefetch_related("members")[:500])


class PanelIn(Schema):
    street: str = Field(..., examples=["310199001"])
    name: str = Field(..., max_length=100, examples=["街道矛盾纠纷专家研判组"])


@router.post("/expert-panels", response={201: PanelOut}, summary="Form an expert panel")
def panel_create(request, payload: PanelIn):
    area = Area.objects.filter(code=payload.street, level=3).first()
    made = counsel.panel_create(actor=request.auth, area=area, name=payload.name)
    return Status(201, ExpertPanel.objects.select_related("area").get(pk=made.pk))


class PanelMemberIn(Schema):
    name: str = Field(..., max_length=50, examples=["王法官"])
    kind: str = Field(..., examples=["judge"])
    organisation: str = Field("", max_length=100, examples=["退休法官"])
    phone: str = Field("", max_length=20, examples=["13912345678"])


@router.post("/expert-panels/{panel_id}/members", response={201: PanelOut},
             summary="Add a panel member")  # fmt: skip
def member_add(request, panel_id: int, payload: PanelMemberIn):
    _gate(request)
    panel = get_object_or_404(counsel.panels(request.auth), pk=panel_id)
    counsel.member_add(actor=request.auth, panel=panel, **payload.dict())
    return Status(201, ExpertPanel.objects.prefetch_related("members").get(pk=panel.pk))


@router.post("/expert-panels/{panel_id}/members/{member_id}/retire", response=PanelOut,
             summary="Retire a panel member")  # fmt: skip
def member_retire(request, panel_id: int, member_id: int):
    """By the leaders of the panel's street and those above; the member stays on the panel's
    list, no longer active."""
    _gate(request)
    panel = get_object_or_404(counsel.panels(request.auth), pk=panel_id)
    member = get_object_or_404(PanelMember.objects.filter(panel=panel), pk=member_id)
    counsel.member_retire(actor=request.auth, member=member)
    return ExpertPanel.objects.select_related("area").prefetch_related("members").get(pk=panel.pk)
