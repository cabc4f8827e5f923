"""The sweep: cards turn yellow and red, the people concerned hear of it, escalation rules fire.

Lists and counts never need the sweep (cards are computed from deadlines in queries); the sweep
is about *telling* people and applying escalation rules. Each run announces the cards whose
yellow or red point fell between the previous run and ``now`` (the watermark, ``SweepRun``), so
it writes no case rows to announce and is idempotent: a second run at the same moment finds an
empty window. A deadline moved later (an extension, a suspension) crosses again and is announced
again. People get one digest per sweep ("5 cases turned red"), not one message per case.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import RoleAssignment
from civicgrid.accounts.selectors import unit_members
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.core.working_time import current_calendar, working_seconds_between
from civicgrid.notifications import services as notifications
from civicgrid.notifications.models import Kind
from civicgrid.routing import services as routing

from ..announce import cases_overdue
from ..models import RUNNING_Q, Case, SweepRun
from . import clock
from .transition import case_transition

log = logging.getLogger(__name__)
RANK = {str(tier): n for n, tier in enumerate(clock.TIER_ORDER)}  # grid 0 … district 3


def sweep(*, now: dt.datetime | None = None) -> dict:
    """Announce the yellow and red cards that appeared since the last run, apply escalation
    rules, and move the watermark to ``now``. A run at or before the watermark does nothing."""
    now = now or timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        last = SweepRun.objects.select_for_update().order_by("-at").first()
        since = last.at if last else now - dt.timedelta(hours=settings.CIVICGRID_SWEEP_FIRST_HOURS)
        if now <= since:
            return {"yellow": 0, "red": 0, "escalated": 0}
        running = Case.objects.filter(RUNNING_Q)
        red = list(
            running.filter(red_at__gt=since, red_at__lte=now).values_list(
                "id", "lead_unit_id", "grid_id"
            )
        )
        yellow = list(
            running.filter(yellow_at__gt=since, yellow_at__lte=now)
            .exclude(red_at__lte=now)
            .values_list("id", "lead_unit_id", "grid_id")
        )
        run = SweepRun.objects.create(at=now, yellow=len(yellow), red=len(red))
    with override("zh-hans"):
        _digest(yellow, Kind.YELLOW, Role.HANDLER)
        _digest(red, Kind.RED, Role.HANDLER)
        _digest(red, Kind.RED, Role.DISPATCHER)
        escalated = escalate_due(now=now)
    cases_overdue([row[0] for row in red])
    run.escalated, run.seconds = len(escalated), round(time.perf_counter() - started, 3)
    run.save(update_fields=["escalated", "seconds"])
    return {"yellow": len(yellow), "red": len(red), "escalated": len(escalated)}


def _digest(rows, kind: str, role: str) -> None:
    """One inbox item per person: handlers by their unit, dispatchers by their area."""
    if not rows:
        return
    label = _("yellow") if kind == Kind.YELLOW else _("red")
    url = reverse("cases:list") + f"?card={'red' if kind == Kind.RED else 'yellow'}"
    per_user: Counter = Counter()
    users = {}
    if role == Role.HANDLER:
        by_unit = Counter(unit for _id, unit, _grid in rows if unit)
        for unit_id, n in by_unit.items():
            for user in unit_members([unit_id], Role.HANDLER):
                per_user[user.pk] += n
                users[user.pk] = user
    else:
        by_grid = Counter(grid for _id, _unit, grid in rows)
        paths = dict(Area.objects.filter(pk__in=by_grid).values_list("pk", "path"))
        grants = RoleAssignment.objects.filter(
            role=role, active=True, unit__active=True
        ).select_related("user", "unit__area")
        for grant in grants:
            n = sum(c for g, c in by_grid.items() if paths[g].startswith(grant.unit.area.path))
            if n and grant.user.is_active:
                per_user[grant.user_id] += n
                users[grant.user_id] = grant.user
    by_count = defaultdict(list)
    for user_id, n in per_user.items():
        by_count[n].append(users[user_id])
    for n, group in by_count.items():
        notifications.notify(
            group,
            kind=kind,
            title=_("%(n)s cases turned %(card)s") % {"n": n, "card": label},
            url=url,
        )


def escalate_due(*, now: dt.datetime) -> list[int]:
    """Apply escalation rules to red cases past their rule's grace; each case at most once per
    tier (a case already at or above the rule's tier is left alone).

    Which rule applies is routing's one matcher (``escalation_rules_among``): for each tier above
    the case's, the most specific rule that matches it. The lowest such tier whose rule's grace
    has passed is applied first; at its new tier the case is matched again, so one run can raise
    it more than once, as the rules say.

    A rule is applied through the same action as a person's escalation, with the same checks: a
    takeover unit that does not work at the rule's tier or does not serve the case's area, or
    that the negative list keeps the case's class from, leaves the case where it is; the refusal
    is logged with the rule and the case, for the administrators to mend the rule."""
    rules = routing.escalation_rules_active()
    if not rules:
        return []
    highest = max(RANK[rule.to_tier] for rule in rules)
    # the red cases some rule could apply to are looked at each run: read as values (a case
    # object each cost most of a run at a city's 200,000 red cases), and the rules matched
    # once per kind of case
    rows = (
        Case.objects.filter(RUNNING_Q, red_at__lte=now, tier_current__in=clock.TIER_ORDER[:highest])
        .filter(rules_could_match(rules))
        .order_by("id")
        .values_list(*RED_FIELDS)
    )
    cal = current_calendar()
    matched: dict[tuple, list] = {}
    done = []
    for row in rows.iterator(2000):
        case = Red(*row)
        if _escalate(case, rules, now=now, calendar=cal, matched=matched):
            done.append(case.pk)
    return done


def rules_could_match(rules: list) -> Q:
    """The cases at least one of ``rules`` matches as they stand (routing's
    ``escalation_rule_matches`` asked in SQL): at a city's 175,000 red cases, reading the rows
    no rule is about took most of a run. A rule with no target matches every case."""
    wanted = []
    for rule in rules:
        if not rule.active:
            continue
        target = Q()
        if rule.case_class_id:
            target &= Q(case_class_id=rule.case_class_id)
        if rule.major_id:
            target &= Q(case_class__major_id=rule.major_id)
        if rule.area is not None:
            target &= Q(grid__path__startswith=rule.area.path)
        if rule.area_level:
            target &= Q(tier_current=rule.area_level)
        if rule.priority:
            target &= Q(priority=rule.priority)
        if not target:
            return Q()  # every case (an empty Q would vanish from the OR below)
        wanted.append(target)
    if not wanted:
        return Q(pk__in=[])
    return reduce(operator.or_, wanted)


@dataclass
class Red:
    """What escalation reads of a red case (``RED_FIELDS``, in this order)."""

    pk: int
    number: str
    due_at: dt.datetime | None
    red_at: dt.datetime | None
    tier_current: str
    priority: str
    case_class_id: int
    major_id: int | None
    grid__path: str


RED_FIELDS = (
    *("pk", "number", "due_at", "red_at", "tier_current", "priority", "case_class_id"),
    *("case_class__major_id", "grid__path"),
)


def _escalate(case: Red, rules: list, *, now: dt.datetime, calendar, matched: dict) -> bool:
    """Raise ``case`` by the rules that apply to it; True when at least one did. ``matched``
    keeps the rules matched for each kind of case (class, place, tier, priority) during a run."""
    tier, tried, raised = case.tier_current, set(), False
    while True:
        key = (case.case_class_id, case.major_id, case.grid__path, tier, case.priority)
        if key not in matched:
            matched[key] = routing.escalation_rules_among(
                rules,
                case_class_id=case.case_class_id,
                major_id=case.major_id,
                grid_path=case.grid__path,
                tier=tier,
                priority=case.priority,
            )
        above = sorted(
            (r for r in matched[key] if RANK[r.to_tier] > RANK[tier] and r.pk not in tried),
            key=lambda r: RANK[r.to_tier],
        )
        applied = None
        for rule in above:
            tried.add(rule.pk)
            if _applied(case, rule, now=now, calendar=calendar):
                applied = rule
                break
        if applied is None:
            return raised
        raised, tier = True, applied.to_tier


def _applied(case: Red, rule, *, now: dt.datetime, calendar) -> bool:
    """Escalate ``case`` by ``rule`` if its grace has passed; tell the rule's units."""
    grace = int(Decimal(rule.after_hours) * 3600)
    since = case.due_at or case.red_at or now  # a red case has a red point
    if grace and working_seconds_between(since, now, calendar=calendar) < grace:
        return False
    data = {"to_tier": rule.to_tier, "rule": rule.pk}
    if rule.takeover_unit_id:
        data["unit"] = rule.takeover_unit_id
    try:
        case_transition(
            case_id=case.pk,
            action="escalate",
            actor=None,
            now=now,
            note=_("Escalated by rule %(rule)s.") % {"rule": rule.pk},
            data=data,
            system=True,
        )
    except DomainError as exc:
        log.warning("escalation rule %s not applied to case %s: %s", rule.pk, case.number, exc)
        return False
    for unit in rule.notify_units.all():
        notifications.notify(
            unit_members([unit.pk], Role.HANDLER) + unit_members([unit.pk], Role.LEADER),
            kind=Kind.ESCALATED,
            title=_("Case %(number)s was escalated") % {"number": case.number},
            url=reverse("cases:detail", args=[case.pk]),
        )
    return True
