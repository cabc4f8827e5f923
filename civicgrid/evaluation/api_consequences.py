"""The API of rewards and accountability (``evaluation/consequences.py`` says the rules): the
decisions you see, and recording one on a figure in a period or on a final assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from . import consequences
from .models import Assessment, Consequence

router = Router(tags=["evaluation"])


class ConsequenceOut(Schema):
    id: int
    unit: str | None = Field(..., description="the unit's code")
    area: str | None = Field(..., description="the area's code")
    kind: str = Field(..., description="reward, commendation, reminder, warning, criticism or "
                      "accountability")  # fmt: skip
    indicator: str
    period: str
    value: Decimal | None = Field(..., description="the figure's value on the day of the decision")
    assessment: int | None = Field(..., alias="assessment_id")
    amount: Decimal
    reason: str
    decided_on: dt.date

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code if obj.unit else None

    @staticmethod
    def resolve_area(obj):
        return obj.area.code if obj.area else None


@router.get("/consequences", response=list[ConsequenceOut], summary="Rewards and accountability")
def consequence_list(request):
    return list(consequences.seen(request.auth)[:500])


class ConsequenceIn(Schema):
    unit: str | None = Field(None, description="a unit's code (or an area's)", examples=["DEPT-cg"])
    area: str | None = Field(None, description="an area's code (or a unit's)")
    kind: str = Field(..., examples=["reward"])
    indicator: str = Field("", max_length=40, examples=["on_time_handling_rate"])
    period: str = Field("", max_length=20, examples=["2026"])
    assessment: int | None = Field(None, description="a final assessment of the subject")
    amount: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2, examples=["5000"])
    reason: str = Field(..., max_length=2000, examples=["按期处置率全区第一"])
    decided_on: dt.date = Field(..., examples=["2026-12-01"])


@router.post("/consequences", response={201: ConsequenceOut},
             summary="Record a reward or accountability")  # fmt: skip
def consequence_create(request, payload: ConsequenceIn):
    data = payload.dict()
    units, areas = consequences.subjects(request.auth)
    unit_code, area_code = data.pop("unit"), data.pop("area")
    data["unit"] = units.filter(code=unit_code).first() if unit_code else None
    data["area"] = areas.filter(code=area_code).first() if area_code else None
    if (unit_code and data["unit"] is None) or (area_code and data["area"] is None):
        data["unit"] = data["area"] = None  # not one the caller oversees: refused as no subject
    pk = data.pop("assessment")
    data["assessment"] = Assessment.objects.filter(pk=pk).first() if pk else None
    made = consequences.decide(actor=request.auth, **data)
    return Status(201, Consequence.objects.select_related("unit", "area").get(pk=made.pk))
