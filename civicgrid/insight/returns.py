"""Learning from returns (issue #21 §2): units that often return a class in a street produce a
suggested change to the routing rules, for an administrator to accept or refuse.

Each day (the beat's ``insight-rule-suggestions``, or ``manage.py rule_suggestions``), over the
last ``CIVICGRID_RETURNS_DAYS``: for each class, street and unit, the cases of the class in the
street dispatched to the unit and those it returned ("not our duty"). Where the unit returned at
least ``CIVICGRID_RETURNS_MIN`` and at least ``CIVICGRID_RETURNS_SHARE`` of them, and most of the
returned cases were then kept by one other unit (it signed for them and did not return them),
the change suggested is: the class in the street goes to that unit. A suggestion to decide has
its figures brought up to date by each run; one decided is not made again.

**Accepted**: the rule for the class in the street is written through the routing rules' own
service (audited, refused when it would tie with another): the one the district has for exactly
that class and street gets the new lead unit, else a new rule is added, more specific than the
one that sent the cases. **Refused**: with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.cases.choices import Action, State
from civicgrid.cases.models import Case, CaseEvent
from civicgrid.core.errors import Conflict, DomainError, ErrorCode, NotPermitted
from civicgrid.routing.models import ResponsibilityRule
from civicgrid.routing.services import rule_save
from civicgrid.routing.services import suggest as route

from .rule_models import RuleSuggestion

KEPT = (State.HANDLING, State.HANDLED, State.CHECKING, State.CLOSED)
Status = RuleSuggestion.Status


def _street_of(streets: list[Area], path: str) -> Area | None:
    return next((s for s in streets if path.startswith(s.path)), None)


def find(now: dt.datetime | None = None) -> list[dict]:
    """What the returns of the last days suggest: one dict a change (class, street, units,
    counts, the cases behind it)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.CIVICGRID_RETURNS_DAYS)
    streets = list(Area.objects.filter(level=AreaLevel.STREET))
    steps = CaseEvent.objects.filter(at__gte=since, action__in=(Action.DISPATCH, Action.RETURN))
    dispatched: dict[tuple, set[int]] = defaultdict(set)  # cases, each counted once
    returned: dict[tuple, set[int]] = defaultdict(set)
    for action, unit, case_id, class_id, path in steps.values_list(
        "action", "data__unit", "case_id", "case__case_class_id", "case__grid__path"
    ).iterator(chunk_size=2000):
        street = _street_of(streets, path or "")
        if unit is None or street is None:
            continue
        key = (class_id, street.pk, int(unit))
        (dispatched if action == Action.DISPATCH else returned)[key].add(case_id)
    out = []
    for key, cases in returned.items():
        sent = len(dispatched[key] | cases)
        if len(cases) < settings.CIVICGRID_RETURNS_MIN or len(cases) / sent < (
            settings.CIVICGRID_RETURNS_SHARE
        ):
            continue
        keepers = Counter(
            Case.objects.filter(pk__in=cases, state__in=KEPT, lead_unit__isnull=False)
            .exclude(lead_unit_id=key[2]).values_list("lead_unit_id", flat=True)
        )  # fmt: skip
        if not keepers:
            continue
        to_unit, kept = keepers.most_common(1)[0]
        if kept * 2 <= len(cases):
            continue  # no one unit keeps most of them: nothing to suggest
        class_id, street_id, from_unit = key
        out.append({"case_class_id": class_id, "area_id": street_id, "from_unit_id": from_unit,
                    "to_unit_id": to_unit, "dispatched": sent, "returned": len(cases),
                    "kept": kept, "cases": sorted(cases)})  # fmt: skip
    return out


def suggest(now: dt.datetime | None = None) -> list[RuleSuggestion]:
    """Make or bring up to date the suggestions; the new ones."""
    now = now or timezone.now()
    made = []
    for found in find(now):
        cases = found.pop("cases")
        key = {k: found.pop(k) for k in ("case_class_id", "area_id", "from_unit_id", "to_unit_id")}
        with transaction.atomic():
            row, created = RuleSuggestion.objects.select_for_update().get_or_create(
                **key, defaults={**found, "made_at": now}
            )
            if row.status != Status.PENDING:
                continue
            if not created:
                RuleSuggestion.objects.filter(pk=row.pk).update(**found)
            row.cases.add(*cases)
        if created:
            made.append(row)
    return made


def may_decide(user) -> bool:
    return permissions.can_manage_rules(user)


def _pending(actor, suggestion: RuleSuggestion) -> RuleSuggestion:
    if not may_decide(actor):
        raise NotPermitted(_("Only the district's administrators change the routing rules."))
    row = RuleSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if row.status != Status.PENDING:
        raise Conflict(_("This suggestion is decided already."))
    return row


@transaction.atomic
def accept(*, actor, suggestion: RuleSuggestion, address=None,
           now: dt.datetime | None = None) -> RuleSuggestion:  # fmt: skip
    row = _pending(actor, suggestion)
    rule = ResponsibilityRule.objects.filter(
        case_class_id=row.case_class_id, major__isnull=True, area_id=row.area_id, level="",
        active=True,
    ).first() or ResponsibilityRule(case_class_id=row.case_class_id, area_id=row.area_id)  # fmt: skip
    rule.lead_unit_id = row.to_unit_id
    if not rule.note:
        rule.note = _("Learnt from returns")[:300]
    rule_save(rule=rule, actor=actor, address=address)
    _takes_effect(row)
    row.status, row.rule = Status.ACCEPTED, rule
    row.decided_by, row.decided_at = actor, now or timezone.now()
    row.save(update_fields=["status", "rule", "decided_by", "decided_at"])
    return row


def _takes_effect(row: RuleSuggestion) -> None:
    """The rule written must send the class in the street to the unit: a more specific rule (a
    community's, a dispatch level's) would still win, and accepting would change nothing."""
    grid = Area.objects.filter(path__startswith=row.area.path, level=AreaLevel.GRID,
                               active=True).order_by("path").first()  # fmt: skip
    if grid is None:
        return
    routed = route(case_class=row.case_class, grid=grid)
    if routed.lead_unit is None or routed.lead_unit.pk != row.to_unit_id:
        raise DomainError(
            _("A more specific rule still sends this class elsewhere in the street: change that "
              "rule in the routing rules instead."),
            code=ErrorCode.CONFLICT, field="rule",
        )  # fmt: skip


@transaction.atomic
def refuse(*, actor, suggestion: RuleSuggestion, note: str,
           now: dt.datetime | None = None) -> RuleSuggestion:  # fmt: skip
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Give a reason."), code=ErrorCode.REQUIRED, field="note")
    if len(note) > 300:
        raise DomainError(_("At most %(n)s characters.") % {"n": 300}, code=ErrorCode.INVALID,
                          field="note")  # fmt: skip
    row = _pending(actor, suggestion)
    row.status, row.note = Status.REFUSED, note
    row.decided_by, row.decided_at = actor, now or timezone.now()
    row.save(update_fields=["status", "note", "decided_by", "decided_at"])
    return row
