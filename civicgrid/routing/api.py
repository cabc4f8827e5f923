"""API: responsibility and escalation rules and supervision thresholds (read-only;
administrators edit them in the admin)."""

from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema

from civicgrid.accounts import permissions
from civicgrid.api.schemas import Id

from .models import EscalationRule, ResponsibilityRule, SupervisionThreshold
from .services import conflicts

router = Router(tags=["routing"])


class TargetOut(Schema):
    """What a rule applies to: empty fields match everything."""

    id: int
    class_code: str | None
    major_code: str | None
    area_code: str | None

    @staticmethod
    def resolve_class_code(obj):
        return obj.case_class.code if obj.case_class_id else None

    @staticmethod
    def resolve_major_code(obj):
        return obj.major.code if obj.major_id else None

    @staticmethod
    def resolve_area_code(obj):
        return obj.area.code if obj.area_id else None


class RuleOut(TargetOut):
    level: str
    lead_unit: str
    lead_unit_id: int
    cooperating_unit_ids: list[Id]
    note: str

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.lead_unit.name

    @staticmethod
    def resolve_cooperating_unit_ids(obj):
        return [u.pk for u in obj.cooperating_units.all()]


class EscalationOut(TargetOut):
    area_level: str = Field(..., description="the tier the case is at; empty: any")
    priority: str
    after_hours: Decimal = Field(..., description="working hours past the deadline")
    to_tier: str
    takeover_unit_id: int | None
    notify_unit_ids: list[int]

    @staticmethod
    def resolve_notify_unit_ids(obj):
        return [u.pk for u in obj.notify_units.all()]


class ThresholdOut(TargetOut):
    level: str
    yellow_percent: int
    red_percent: int


class RulesOut(Schema):
    rules: list[RuleOut]
    conflicts: list[list[int]]


def _may_read_rules(user) -> None:
    if not permissions.scope_paths(user, permissions.VIEW_CASES) and not (
        permissions.is_everywhere(user)
    ):
        raise Http404


@router.get("/rules", response=RulesOut, summary="Active responsibility rules and any ties")
def rule_list(request):
    _may_read_rules(request.auth)
    rules = (
        ResponsibilityRule.objects.filter(active=True)
        .select_related("case_class", "major", "area", "lead_unit")
        .prefetch_related("cooperating_units")
    )
    return {"rules": list(rules), "conflicts": [[a.pk, b.pk] for a, b in conflicts()]}


@router.get(
    "/escalation-rules", response=list[EscalationOut], summary="Active escalation rules (越级规则)"
)
def escalation_list(request):
    _may_read_rules(request.auth)
    return list(
        EscalationRule.objects.filter(active=True)
        .select_related("case_class", "major", "area")
        .prefetch_related("notify_units")
    )


@router.get(
    "/thresholds", response=list[ThresholdOut], summary="Supervision thresholds (yellow and red)"
)
def threshold_list(request):
    _may_read_rules(request.auth)
    return list(
        SupervisionThreshold.objects.filter(active=True).select_related(
            "case_class", "major", "area"
        )
    )
