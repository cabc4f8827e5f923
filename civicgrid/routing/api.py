"""API: the responsibility rules (read-only; administrators edit them in the admin)."""

from django.http import Http404
from ninja import Router, Schema

from civicgrid.accounts import permissions
from civicgrid.api.schemas import Id

from .models import ResponsibilityRule
from .services import conflicts

router = Router(tags=["routing"])


class RuleOut(Schema):
    id: int
    class_code: str | None
    major_code: str | None
    area_code: str | None
    level: str
    lead_unit: str
    lead_unit_id: int
    cooperating_unit_ids: list[Id]
    note: str

    @staticmethod
    def resolve_class_code(obj):
        return obj.case_class.code if obj.case_class_id else None

    @staticmethod
    def resolve_major_code(obj):
        return obj.major.code if obj.major_id else None

    @staticmethod
    def resolve_area_code(obj):
        return obj.area.code if obj.area_id else None

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.lead_unit.name

    @staticmethod
    def resolve_cooperating_unit_ids(obj):
        return [u.pk for u in obj.cooperating_units.all()]


class RulesOut(Schema):
    rules: list[RuleOut]
    conflicts: list[list[int]]


@router.get("/rules", response=RulesOut, summary="Active responsibility rules and any ties")
def rule_list(request):
    if not permissions.scope_paths(request.auth, permissions.VIEW_CASES) and not (
        permissions.is_everywhere(request.auth)
    ):
        raise Http404
    rules = (
        ResponsibilityRule.objects.filter(active=True)
        .select_related("case_class", "major", "area", "lead_unit")
        .prefetch_related("cooperating_units")
    )
    return {"rules": list(rules), "conflicts": [[a.pk, b.pk] for a, b in conflicts()]}
