"""Responsibility routing (条块), supervision thresholds and escalation rules, as decisions.

``suggest(case_class, grid, level)`` returns the lead and cooperating units with the rule that
produced them, or the territorial block (属地兜底) with the reason. Rules are compared by
specificity (class over major class over any; deeper area over shallower; a set dispatch level
over any); two matching rules equally specific are a configuration error, refused when saved and
reported to the dispatcher if one slipped in. A case whose unit a record names (a complaint about
the company managing its estate, a meeting's task for a unit: ``named``) gets that unit first.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.catalogue.models import CaseClass
from civicgrid.core import audit
from civicgrid.core.errors import DomainError
from civicgrid.duties.enforce import negative_item, refusal

from .errors import RoutingError
from .models import DispatchLevel, EscalationRule, ResponsibilityRule, SupervisionThreshold
from .named import Suggestion, named

# The block a dispatch level falls back to: a district centre hands to the street, a street
# centre to the community, a community station keeps it.
FALLBACK = {
    DispatchLevel.DISTRICT: (AreaLevel.STREET, (UnitKind.STREET_OFFICE, UnitKind.TOWN_GOVERNMENT)),
    DispatchLevel.STREET: (AreaLevel.COMMUNITY, (UnitKind.COMMUNITY_COMMITTEE,)),
    DispatchLevel.COMMUNITY: (
        AreaLevel.COMMUNITY,
        (UnitKind.WORK_STATION, UnitKind.COMMUNITY_COMMITTEE),
    ),
}


class RoutingConflict(DomainError):
    code = RoutingError.ROUTING_CONFLICT


def _target_q(case_class, grid) -> Q:
    """Rules whose class, major class and area all match (empty fields match everything)."""
    ancestors = [c for c in grid.path.split("/") if c]
    return (
        (
            Q(case_class=case_class)
            | Q(major_id=case_class.major_id)
            | Q(case_class__isnull=True, major__isnull=True)
        )
        & (Q(area__isnull=True) | Q(area__code__in=ancestors))
        & Q(active=True)
    )


def _most_specific(rules: list, what: str):
    if not rules:
        return None
    rules.sort(key=lambda r: r.specificity(), reverse=True)
    if len(rules) > 1 and rules[0].specificity() == rules[1].specificity():
        raise RoutingConflict(
            _("%(what)s rules %(a)s and %(b)s match equally; an administrator must remove one.")
            % {"what": what, "a": rules[0].pk, "b": rules[1].pk}
        )
    return rules[0]


def _responsibility_rules(q: Q) -> list[ResponsibilityRule]:
    return list(
        ResponsibilityRule.objects.filter(q)
        .select_related("lead_unit", "area", "case_class", "major")
        .prefetch_related("cooperating_units")
    )


def suggest(
    *, case_class, grid: Area, level: str = DispatchLevel.DISTRICT, case=None
) -> Suggestion:
    """Who should handle a case of ``case_class`` in ``grid`` dispatched at ``level``: the unit
    a record names for ``case`` (``named``) if one does, else the rules'."""
    found = named(case) if case is not None else None
    if found is not None:
        return _without_negative(found, case_class)
    rules = _responsibility_rules(_target_q(case_class, grid) & (Q(level="") | Q(level=level)))
    return _suggestion(rules, case_class, grid, level)


def _applies(rule: ResponsibilityRule, case_class, grid: Area, level: str) -> bool:
    """In Python, what ``_target_q`` and the level ask of a rule in SQL (a page's candidates
    are fetched once and sorted out here)."""
    return (
        rule.active
        and (
            rule.case_class_id == case_class.pk
            or rule.major_id == case_class.major_id
            or (rule.case_class_id is None and rule.major_id is None)
        )
        and (rule.area is None or rule.area.code in grid.path.split("/"))
        and rule.level in ("", level)
    )


def _suggestion(rules: list, case_class, grid: Area, level: str) -> Suggestion:
    rule = _most_specific(rules, _("Responsibility"))
    if rule is not None and rule.lead_unit.active:
        found = Suggestion(
            lead_unit=rule.lead_unit,
            cooperating=[u for u in rule.cooperating_units.all() if u.active],
            rule=rule,
            reason=_("Rule %(rule)s: %(target)s")
            % {"rule": rule.pk, "target": rule.target_label()},
        )
    else:
        block = territorial_block(grid, level)
        reason = (
            _("No rule matches: the territorial block is responsible (属地兜底).")
            if block
            else _("No rule matches and no territorial unit serves this area: choose a unit.")
        )
        found = Suggestion(lead_unit=block, reason=reason)
    return _without_negative(found, case_class)


def _without_negative(found: Suggestion, case_class) -> Suggestion:
    """The suggestion without any community unit the negative list keeps this class from."""
    found.cooperating = [u for u in found.cooperating if negative_item(case_class, u) is None]
    item = negative_item(case_class, found.lead_unit)
    if item is None:
        return found
    return Suggestion(
        lead_unit=None,
        cooperating=found.cooperating,
        reason=f"{refusal(case_class, item, found.lead_unit)} {_('Choose a unit.')}",
    )


def rule_units(*, case_class, grid: Area, level: str = DispatchLevel.DISTRICT) -> list[OrgUnit]:
    """The active units the matching responsibility rules name (lead units first, then
    cooperating ones), the most specific rule first: the dispatcher's other candidates after
    the suggestion. Unlike ``suggest`` it never refuses: tied rules are all listed."""
    rules = sorted(
        ResponsibilityRule.objects.filter(_target_q(case_class, grid))
        .filter(Q(level="") | Q(level=level))
        .select_related("lead_unit__area", "area")
        .prefetch_related("cooperating_units__area"),
        key=lambda r: r.specificity(),
        reverse=True,
    )
    found: dict[int, OrgUnit] = {}
    for rule in rules:
        for unit in [rule.lead_unit, *rule.cooperating_units.all()]:
            if unit.active:
                found.setdefault(unit.pk, unit)
    return list(found.values())


def suggest_for_cases(cases) -> dict[int, Suggestion]:
    """``suggest`` for a page of cases (by case id), once per class, grid and level, from the
    rules that could match any of them (one query, not one per case). A case whose rules tie
    gets a suggestion with no unit and the conflict as its reason."""
    classes = CaseClass.objects.in_bulk({c.case_class_id for c in cases})
    codes = {code for case in cases if case.grid for code in case.grid.path.split("/") if code}
    candidates = _responsibility_rules(
        (
            Q(case_class__in=classes.keys())
            | Q(major__in={c.major_id for c in classes.values()})
            | Q(case_class__isnull=True, major__isnull=True)
        )
        & (Q(area__isnull=True) | Q(area__code__in=codes))
        & Q(active=True)
        & Q(level__in={"", *(c.dispatch_level for c in cases)})
    )
    found: dict[tuple, Suggestion] = {}
    out = {}
    for case in cases:
        key = (case.case_class_id, case.grid_id, case.dispatch_level)
        by_record = named(case)
        if by_record is not None:
            out[case.pk] = _without_negative(by_record, classes[case.case_class_id])
            continue
        if key not in found:
            case_class = classes[case.case_class_id]
            rules = [r for r in candidates if _applies(r, case_class, case.grid, key[2])]
            try:
                found[key] = _suggestion(rules, case_class, case.grid, key[2])
            except RoutingConflict as exc:
                found[key] = Suggestion(lead_unit=None, reason=exc.message)
        out[case.pk] = found[key]
    return out


def territorial_block(grid: Area, level: str) -> OrgUnit | None:
    """The street or community body serving the grid's street or community (属地)."""
    area_level, kinds = FALLBACK[DispatchLevel(level)]
    codes = [c for c in grid.path.split("/") if c]
    return (
        OrgUnit.objects.filter(
            kind__in=kinds, active=True, area__code__in=codes, area__level=area_level
        )
        .order_by("kind", "id")
        .first()
    )


def threshold(*, case_class, grid: Area, level: str) -> tuple[int, int]:
    """(yellow %, red %) for a case; 80 % and 100 % when no rule says otherwise."""
    rules = list(
        SupervisionThreshold.objects.filter(_target_q(case_class, grid))
        .filter(Q(level="") | Q(level=level))
        .select_related("area")
    )
    rule = _most_specific(rules, _("Supervision"))
    return (rule.yellow_percent, rule.red_percent) if rule else (80, 100)


def escalation_rules_active() -> list[EscalationRule]:
    """Every active escalation rule, with what matching and applying it reads."""
    return list(
        EscalationRule.objects.filter(active=True)
        .select_related("case_class", "major", "area", "takeover_unit")
        .prefetch_related("notify_units")
    )


def escalation_rule_matches(
    rule: EscalationRule,
    *,
    case_class_id: int,
    major_id: int | None,
    grid_path: str,
    tier: str,
    priority: str,
) -> bool:
    """Does ``rule`` apply to a case of this class, place, current tier and priority? An empty
    field of the rule matches everything."""
    return (
        rule.active
        and rule.case_class_id in (None, case_class_id)
        and rule.major_id in (None, major_id)
        and (rule.area is None or grid_path.startswith(rule.area.path))
        and rule.area_level in ("", tier)
        and rule.priority in ("", priority)
    )


def escalation_rules_among(
    rules: list[EscalationRule],
    *,
    case_class_id: int,
    major_id: int | None,
    grid_path: str,
    tier: str,
    priority: str,
) -> list[EscalationRule]:
    """The one matcher of escalation rules: of ``rules``, those that apply to such a case, the
    most specific for each target tier (of two equally specific, the older), most specific
    first. The sweep applies what this returns."""
    matching = [
        r
        for r in rules
        if escalation_rule_matches(
            r,
            case_class_id=case_class_id,
            major_id=major_id,
            grid_path=grid_path,
            tier=tier,
            priority=priority,
        )
    ]
    matching.sort(key=lambda r: (tuple(-n for n in r.specificity()), r.pk))
    best: dict[str, EscalationRule] = {}
    for rule in matching:
        best.setdefault(rule.to_tier, rule)
    return list(best.values())


def escalation_rules(*, case_class, grid: Area, tier: str, priority: str) -> list[EscalationRule]:
    """Escalation rules for a case, most specific first, one per target tier."""
    rules = (
        EscalationRule.objects.filter(_target_q(case_class, grid))
        .filter(Q(area_level="") | Q(area_level=tier), Q(priority="") | Q(priority=priority))
        .select_related("takeover_unit", "area")
        .prefetch_related("notify_units")
    )
    return escalation_rules_among(
        list(rules),
        case_class_id=case_class.pk,
        major_id=case_class.major_id,
        grid_path=grid.path,
        tier=tier,
        priority=priority,
    )


def ties(rule) -> bool:
    """Would ``rule`` (a responsibility rule or threshold) tie with another active one?"""
    if not rule.active:
        return False
    return (
        type(rule)
        .objects.filter(
            case_class_id=rule.case_class_id,
            major_id=rule.major_id,
            area_id=rule.area_id,
            level=rule.level,
            active=True,
        )
        .exclude(pk=rule.pk)
        .exists()
    )


TIE_MESSAGE = gettext_lazy("Another active rule already covers this class, area and level.")


@transaction.atomic
def rule_save(
    *, rule: ResponsibilityRule, cooperating=None, actor=None, address=None
) -> ResponsibilityRule:
    """Create or change a responsibility rule; one that would tie with another is refused."""
    before = audit.stored(rule, **_units_of(rule, "cooperating_units", cooperating))
    rule.full_clean()
    if ties(rule):
        raise RoutingConflict(str(TIE_MESSAGE), field="case_class")
    rule.save()
    if cooperating is not None:
        rule.cooperating_units.set([u for u in cooperating if u.pk != rule.lead_unit_id])
    _audit(audit.Kind.ROUTING, rule, before, actor, address, "cooperating_units", cooperating)
    return rule


def _units_of(rule, units: str, given) -> dict:
    """A rule's units in ``units`` as stored (for the audit trail), when they are being set."""
    if given is None or rule.pk is None:
        return {}
    return {units: sorted(getattr(rule, units).values_list("pk", flat=True))}


def _audit(kind, rule, before, actor, address, units=None, given=None) -> None:
    after = audit.snapshot(rule, extra=_units_of(rule, units, given) if units else None)
    action = "create" if before is None else "change"
    audit.record(
        kind=kind,
        action=action,
        actor=actor,
        address=address,
        target=rule,
        before=before,
        after=after,
    )


@transaction.atomic
def threshold_save(*, rule: SupervisionThreshold, actor=None, address=None) -> SupervisionThreshold:
    before = audit.stored(rule)
    rule.full_clean()
    if ties(rule):
        raise RoutingConflict(str(TIE_MESSAGE), field="case_class")
    rule.save()
    _audit(audit.Kind.THRESHOLD, rule, before, actor, address)
    return rule


@transaction.atomic
def escalation_save(
    *, rule: EscalationRule, notify=None, actor=None, address=None
) -> EscalationRule:
    before = audit.stored(rule, **_units_of(rule, "notify_units", notify))
    rule.full_clean()
    rule.save()
    if notify is not None:
        rule.notify_units.set(notify)
    _audit(audit.Kind.ESCALATION, rule, before, actor, address, "notify_units", notify)
    return rule


AUDIT_KINDS = {
    ResponsibilityRule: audit.Kind.ROUTING,
    EscalationRule: audit.Kind.ESCALATION,
    SupervisionThreshold: audit.Kind.THRESHOLD,
}


@transaction.atomic
def rule_retire(*, rule, actor=None, address=None):
    """Retire a responsibility rule, an escalation rule or a threshold (it stays on record)."""
    before = audit.snapshot(rule)
    rule.active = False
    rule.save(update_fields=["active", "updated_at"])
    audit.record(
        kind=AUDIT_KINDS[type(rule)],
        action="retire",
        actor=actor,
        address=address,
        target=rule,
        before=before,
        after=audit.snapshot(rule),
    )
    return rule


def conflicts() -> list[tuple[ResponsibilityRule, ResponsibilityRule]]:
    """Pairs of active rules that tie (e.g. loaded past the checks); shown to administrators."""
    seen: dict[tuple, ResponsibilityRule] = {}
    pairs = []
    for rule in ResponsibilityRule.objects.filter(active=True).order_by("id"):
        key = (rule.case_class_id, rule.major_id, rule.area_id, rule.level)
        if key in seen:
            pairs.append((seen[key], rule))
        else:
            seen[key] = rule
    return pairs
