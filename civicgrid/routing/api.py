"""API: responsibility and escalation rules and supervision thresholds. Everyone who works on
cases reads them; the district's administrators create, change and retire them."""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.catalogue.choices import Priority
from civicgrid.catalogue.models import CaseClass, MajorClass
from civicgrid.core.api.schemas import Id
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError, NotPermitted, errors_from_validation

from . import services
from .models import DispatchLevel, EscalationRule, ResponsibilityRule, SupervisionThreshold
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
    if not permissions.can_read_routing_rules(user):
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


# ---- writes (the district's administrators) ----


def _rules_admin(user) -> None:
    if not permissions.can_manage_rules(user):
        raise NotPermitted(_("Only the district's administrators change routing rules."))


class TargetIn(Schema):
    """What the rule applies to; null (or left out) matches everything."""

    class_code: str | None = Field(None, max_length=5, examples=["06010"])
    major_code: str | None = Field(None, max_length=2)
    area_code: str | None = Field(None, max_length=40, description="the area and all under it")


def _find(model, field: str, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise DomainError(
            _("“%(code)s” was not found.") % {"code": next(iter(lookup.values()))}, field=field
        )
    return found


# payload field → (the rule's attribute, the model looked up by code, how codes are written)
LOOKUPS: dict[str, tuple[str, type[Model], Callable[[str], str]]] = {
    "class_code": ("case_class", CaseClass, str.upper),
    "major_code": ("major", MajorClass, str.upper),
    "area_code": ("area", Area, str),
    "lead_unit": ("lead_unit", OrgUnit, str),
    "takeover_unit": ("takeover_unit", OrgUnit, str),
}


def _fill(rule, given: dict) -> dict:
    """Set the rule's fields from the payload (codes looked up, null targets cleared); returns
    the unit lists to set after the save."""
    lists = {}
    for name, value in given.items():
        if name in LOOKUPS:
            attr, model, written = LOOKUPS[name]
            setattr(rule, attr, _find(model, name, code=written(value)) if value else None)
        elif name.endswith("_units"):
            lists[name] = [_find(OrgUnit, f"{name}.{i}", code=c) for i, c in enumerate(value or [])]
        else:
            setattr(rule, name, "" if value is None else value)
    return lists


# the model's names for what the payload calls by codes
PAYLOAD_NAMES = {"case_class": "class_code", "major": "major_code", "area": "area_code"}


def _payload_name(field: str | None) -> str | None:
    return PAYLOAD_NAMES.get(field, field) if field is not None else None


def _write(rule, payload, *, partial: bool, save):
    lists = _fill(rule, payload.dict(exclude_unset=partial))
    try:
        return save(rule, lists)
    except ValidationError as exc:
        first = errors_from_validation(exc)[0]
        field = None if first.field == NON_FIELD_ERRORS else first.field
        raise DomainError(first.message, code=first.code, field=_payload_name(field)) from exc
    except DomainError as exc:
        exc.field = _payload_name(exc.field)
        raise


class RuleIn(TargetIn):
    level: DispatchLevel | None = Field(None, description="null: any level")
    lead_unit: str = Field(..., max_length=40, description="the lead unit's code")
    cooperating_units: list[str] = Field(default_factory=list, max_length=50)
    note: str = Field("", max_length=300)


class RulePatch(TargetIn):
    level: DispatchLevel | None = None
    lead_unit: str | None = Field(None, max_length=40)
    cooperating_units: list[str] | None = Field(None, max_length=50)
    note: str | None = Field(None, max_length=300)


def _save_rule(rule, lists, **who):
    if rule.lead_unit_id is None:
        raise DomainError(_("A rule needs a lead unit."), field="lead_unit")
    return services.rule_save(rule=rule, cooperating=lists.get("cooperating_units"), **who)


class EscalationIn(TargetIn):
    area_level: DispatchLevel | None = Field(None, description="the tier the case is at; null: any")
    priority: Priority | None = None
    after_hours: Decimal = Field(Decimal(0), ge=0, max_digits=6, decimal_places=2)
    to_tier: DispatchLevel
    takeover_unit: str | None = Field(None, max_length=40)
    notify_units: list[str] = Field(default_factory=list, max_length=50)


class EscalationPatch(TargetIn):
    area_level: DispatchLevel | None = None
    priority: Priority | None = None
    after_hours: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=2)
    to_tier: DispatchLevel | None = None
    takeover_unit: str | None = Field(None, max_length=40)
    notify_units: list[str] | None = Field(None, max_length=50)


def _save_escalation(rule, lists, **who):
    if not rule.to_tier:
        raise DomainError(_("Say which tier the case is raised to."), field="to_tier")
    return services.escalation_save(rule=rule, notify=lists.get("notify_units"), **who)


class ThresholdIn(TargetIn):
    level: DispatchLevel | None = None
    yellow_percent: int = Field(80, ge=1, le=1000)
    red_percent: int = Field(100, ge=1, le=1000)


class ThresholdPatch(TargetIn):
    level: DispatchLevel | None = None
    yellow_percent: int | None = Field(None, ge=1, le=1000)
    red_percent: int | None = Field(None, ge=1, le=1000)


def _save_threshold(rule, lists, **who):
    return services.threshold_save(rule=rule, **who)


def _who(request) -> dict:
    """The actor and address every change of a rule is audited with."""
    return {"actor": request.auth, "address": client_address(request)}


def _saving(save, request):
    return lambda rule, lists: save(rule, lists, **_who(request))


def _rule_endpoints(path: str, noun: str, model, create_in, patch_in, out, queryset, save):
    """Add, change and retire one kind of rule at ``path`` (the district's administrators)."""
    name = model._meta.model_name

    @router.post(path, response={201: out}, summary=f"Add {noun}", operation_id=f"{name}_create")
    def create(request, payload: create_in):
        _rules_admin(request.auth)
        rule = _write(model(), payload, partial=False, save=_saving(save, request))
        return Status(201, queryset.get(pk=rule.pk))

    @router.patch(
        f"{path}/{{rule_id}}", response=out, summary=f"Change {noun}", operation_id=f"{name}_update"
    )
    def update(request, rule_id: Id, payload: patch_in):
        _rules_admin(request.auth)
        rule = get_object_or_404(model, pk=rule_id, active=True)
        _write(rule, payload, partial=True, save=_saving(save, request))
        return queryset.get(pk=rule.pk)

    @router.delete(
        f"{path}/{{rule_id}}",
        response={204: None},
        summary=f"Retire {noun}",
        operation_id=f"{name}_retire",
    )
    def retire(request, rule_id: Id):
        _rules_admin(request.auth)
        rule = get_object_or_404(model, pk=rule_id, active=True)
        services.rule_retire(rule=rule, **_who(request))
        return Status(204, None)


_rule_endpoints(
    "/rules",
    "a responsibility rule",
    ResponsibilityRule,
    RuleIn,
    RulePatch,
    RuleOut,
    ResponsibilityRule.objects.select_related(
        "case_class", "major", "area", "lead_unit"
    ).prefetch_related("cooperating_units"),
    _save_rule,
)
_rule_endpoints(
    "/escalation-rules",
    "an escalation rule",
    EscalationRule,
    EscalationIn,
    EscalationPatch,
    EscalationOut,
    EscalationRule.objects.select_related("case_class", "major", "area").prefetch_related(
        "notify_units"
    ),
    _save_escalation,
)
_rule_endpoints(
    "/thresholds",
    "a supervision threshold",
    SupervisionThreshold,
    ThresholdIn,
    ThresholdPatch,
    ThresholdOut,
    SupervisionThreshold.objects.select_related("case_class", "major", "area"),
    _save_threshold,
)
