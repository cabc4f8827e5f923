"""Reads of cases: lists with filters and cards, queues per role, detail, duplicates, counts.

Every read starts from ``Case.objects.visible_to(user)``. Card levels (yellow, red) and overdue
are computed from the stored deadlines and *now* in the query, so they are right at any moment.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, fields
from functools import reduce

from django.conf import settings
from django.db.models import Case as When_
from django.db.models import CharField, Count, Q, QuerySet, Value, When
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.areas.models import Area
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import NotFound
from civicgrid.core.kept import kept
from civicgrid.routing.models import ResponsibilityRule

from .choices import Card, Rating, State
from .models import (
    RUNNING_Q,
    WITH_UNIT,
    Case,
    CaseEvent,
    CaseRequest,
    assigned_to,
    running,
    visible_parts,
)
from .transitions import OPEN_STATES

# What a list row shows (pages and the API): loading only these keeps a page of 50 cheap.
LIST_FIELDS = (
    "number",
    "kind",
    "channel",
    "state",
    "priority",
    "lon",
    "lat",
    "address",
    "tier_opened",
    "tier_current",
    "tier_resolved",
    "reported_at",
    "due_at",
    "yellow_at",
    "red_at",
    "handle_due_at",
    "closed_at",
    "suspended_at",
    "rating",
    "version",
    "dispatch_level",
    "case_class__code",
    "case_class__name",
    "case_class__name_en",
    "grid__code",
    "grid__name",
    "grid__path",
    "lead_unit__name",
)


def card_expression(now: dt.datetime):
    """``red`` / ``yellow`` / ``none`` for each case at ``now``."""
    return When_(
        When(RUNNING_Q & Q(red_at__lte=now), then=Value(Card.RED)),
        When(RUNNING_Q & Q(yellow_at__lte=now), then=Value(Card.YELLOW)),
        default=Value(Card.NONE),
        output_field=CharField(),
    )


@dataclass
class CaseFilters:
    q: str = ""  # a case number, or words of the description
    state: str = ""  # one state or several, comma-separated; "open" for every open state
    case_class: str = ""  # a class code
    major: str = ""  # a major class code
    kind: str = ""
    channel: str = ""
    area: str = ""  # an area code: everything in its subtree
    unit: str = ""  # the lead unit's id
    card: str = ""  # yellow, red (yellow includes red), overdue
    tier: str = ""
    reported_from: str = ""  # ISO date, inclusive
    reported_to: str = ""  # ISO date, inclusive
    mine: str = ""  # "1": cases assigned to the caller's units
    due: str = ""  # "today": running cases whose current deadline falls today

    @classmethod
    def from_mapping(cls, data) -> CaseFilters:
        return cls(**{f.name: str(data.get(f.name) or "").strip() for f in fields(cls)})


def _class_ids(**lookup) -> list[int]:
    return list(CaseClass.objects.filter(**lookup).values_list("id", flat=True)) or [0]


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def case_list(*, user, filters: CaseFilters | None = None, now=None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    now = now or timezone.now()
    # "mine": the cases assigned to the user's units, all of which the user sees; asked by id
    # alone (with the area's OR and a join's DISTINCT, a department's queue sorted every case)
    base = Case.objects.filter(pk__in=_assigned_ids(user)) if f.mine == "1" else None
    qs = (
        (Case.objects.visible_to(user) if base is None else base)
        .select_related("case_class", "grid", "lead_unit")
        .only(*LIST_FIELDS)
        .annotate(card=card_expression(now))
    )
    if f.q:
        if f.q.upper().startswith(settings.CIVICGRID_CASE_PREFIX) and f.q[2:].isdigit():
            qs = qs.filter(number=f.q.upper())
        else:
            qs = qs.filter(description__contains=f.q)
    if f.state == "open" and f.card not in ("yellow", "red", "overdue"):
        # (a card implies an open case: saying "open" twice would make PostgreSQL count on a
        # tiny share of the cases and choose a slow plan)
        qs = qs.filter(state__in=list(OPEN_STATES))
    elif f.state:
        qs = qs.filter(state__in=[s for s in f.state.split(",") if s in State.values])
    # classes by id, so that the (class, id) index serves "newest first" (a join on the code
    # lets the planner walk the whole table backwards looking for a rare class)
    if f.case_class:
        qs = qs.filter(case_class_id__in=_class_ids(code=f.case_class.upper()))
    if f.major:
        qs = qs.filter(case_class_id__in=_class_ids(major__code=f.major.upper()))
    for name in ("kind", "channel"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    if f.tier:
        qs = qs.filter(tier_current=f.tier)
    if f.area:
        path = Area.objects.filter(code=f.area).values_list("path", flat=True).first()
        qs = qs.filter(permissions.under_paths("grid__path", [path])) if path else qs.none()
    if f.unit.isdigit():
        qs = qs.filter(lead_unit_id=int(f.unit))
    if f.card in ("yellow", "red", "overdue"):
        field = "yellow_at" if f.card == "yellow" else "red_at"
        qs = qs.filter(RUNNING_Q & Q(**{f"{field}__lte": now}))
        if f.card == "overdue":
            qs = qs.filter(due_at__lte=now)
    if start := _date(f.reported_from):
        qs = qs.filter(reported_at__date__gte=start)
    if end := _date(f.reported_to):
        qs = qs.filter(reported_at__date__lte=end)
    if f.due == "today":
        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        qs = qs.filter(RUNNING_Q, due_at__gte=start, due_at__lt=start + dt.timedelta(days=1))
    return qs.order_by("-id")


# What each role works on now (its queue), as filters over the visible cases.
QUEUES: dict[str, Q] = {
    Role.OPERATOR: Q(state=State.REPORTED) | Q(state=State.HANDLED),
    Role.SHIFT_LEAD: Q(state=State.REPORTED)
    | Q(state=State.HANDLED)
    | Q(rating=Rating.DISSATISFIED, state=State.CLOSED),
    # a case waiting for dispatch, or one whose handler asked for more time or a pause (the
    # pending requests' cases are added by queue_condition)
    Role.DISPATCHER: Q(state=State.REGISTERED),
    Role.SUPERVISOR: Q(state__in=[State.VERIFYING, State.CHECKING]),
    Role.HANDLER: Q(state__in=WITH_UNIT),
    Role.LEADER: RUNNING_Q,  # with a yellow or red card: queue() adds the moment
}


def queue_condition(role: str) -> Q | None:
    """What makes a case wait for ``role``. The dispatcher's pending requests are a handful: their
    cases are read first and asked by id, so that the database can take the waiting cases from
    the state's index and these by their ids (asked as a subquery, or through a join, it read
    every case of the district: 1.25 s at 10,000,000 cases)."""
    condition = QUEUES.get(role)
    if condition is not None and role == Role.DISPATCHER:
        pending = CaseRequest.objects.filter(status=CaseRequest.Status.PENDING)
        ids = list(pending.values_list("case_id", flat=True).distinct())
        if ids:
            return condition | Q(pk__in=ids)
    return condition


def queue_kept_as(user, role: str, what: str) -> str:
    """The name under which a slow figure of ``role``'s queue is kept (``core.kept``): a
    handler's queue is their units' cases, so the units are part of it."""
    units = sorted(permissions.handler_units(user)) if role == Role.HANDLER else []
    return f"{what}:{role}:{units}"


def queue(*, user, role: str, now=None) -> QuerySet[Case]:
    """The cases waiting for ``role`` among those the user sees (handlers: their units')."""
    qs = case_list(user=user, now=now)
    if role == Role.HANDLER:
        qs = case_list(user=user, filters=CaseFilters(mine="1"), now=now)
    if role == Role.LEADER:
        qs = qs.filter(yellow_at__lte=now or timezone.now())
    condition = queue_condition(role)
    if condition is None:
        return qs.none()
    return qs.filter(condition)


def card_of(case: Case, now=None) -> str:
    """The card of one loaded case at ``now`` (the same rule as ``card_expression``)."""
    return card_at(case.state, case.suspended_at, case.yellow_at, case.red_at, now)


def card_at(state, suspended_at, yellow_at, red_at, now=None) -> str:
    """``card_of`` from the columns it reads."""
    now = now or timezone.now()
    if not running(state, suspended_at):
        return Card.NONE
    if red_at and red_at <= now:
        return Card.RED
    if yellow_at and yellow_at <= now:
        return Card.YELLOW
    return Card.NONE


def case_detail(*, user, case_id: int | None = None, number: str = "") -> Case:
    qs = Case.objects.visible_to(user).select_related(
        "case_class", "case_class__major", "grid", "lead_unit", "building", "merged_into"
    )
    case = qs.filter(pk=case_id).first() if case_id else qs.filter(number=number).first()
    if case is None:
        raise NotFound("No such case.")
    return case


def case_staff_roles(user, case: Case) -> set[str]:
    """The roles ``user`` holds on ``case`` as staff (the reporter's own role left out)."""
    return permissions.case_roles(
        user, grid_path=case.grid.path, unit_ids=case.assigned_unit_ids(), reporter_id=None
    )


def is_staff_on(user, case: Case) -> bool:
    """``permissions.is_staff_on_case`` asked of a loaded case."""
    return permissions.is_staff_on_case(
        user, grid_path=case.grid.path, unit_ids=case.assigned_unit_ids()
    )


def case_events(*, user, case: Case) -> QuerySet[CaseEvent]:
    """The timeline; the reporter (a resident) sees public steps only."""
    qs = case.events.select_related("actor", "actor_unit").prefetch_related("attachments")
    return qs if is_staff_on(user, case) else qs.filter(public=True)


def visible_sets(user) -> list[QuerySet[Case]]:
    """``visible_to(user)`` as disjoint querysets, for counting: the cases of the user's area
    (which an index by area answers alone), then each other part of what the user sees (assigned
    to their units, reported by them) less the parts before it. Asked of all at once (an OR),
    the database reads every row of the area."""
    scope, extra = visible_parts(user)
    if scope is None:
        return []
    sets: list[QuerySet[Case]] = [Case.objects.filter(scope)]
    before = [scope]
    for part in extra:
        sets.append(Case.objects.filter(part).exclude(reduce(operator.or_, before)))
        before.append(part)
    return sets


def visible_count(user, *conditions: Q, kept_as: str = "") -> int:
    """``Case.objects.visible_to(user).filter(*conditions).count()``, counted by ``visible_sets``.
    With ``kept_as`` (the count's name, which must say what the conditions are), a slow count
    is kept a moment for everyone who sees the same cases (``core.kept``)."""
    sets = visible_sets(user)

    def count() -> int:
        return sum(cases.filter(*conditions).order_by().count() for cases in sets)

    return kept(kept_as, sets, count) if kept_as else count()


def visible_among(user, case_ids) -> set[int]:
    """Which of ``case_ids`` (a few thousand at most) the user sees."""
    ids = list(case_ids)
    if not ids:
        return set()
    return set(Case.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def state_counts(*, user, now=None) -> dict:
    """Open cases by state, and the yellow and red ones, for a workbench: one query for each of
    ``visible_sets`` (the area's read from case_open_grid alone, which carries the state and the
    card's columns). The yellow point comes before the red one (thresholds are refused
    otherwise), so yellow cards are the cases past their yellow point less those past their red
    one. Counted now (no ``now``), a slow count is kept a moment (``core.kept``)."""
    sets = visible_sets(user)
    if now is None:
        return kept("state_counts", sets, lambda: _state_counts(sets, timezone.now()))
    return _state_counts(sets, now)


def _state_counts(sets: list[QuerySet[Case]], now: dt.datetime) -> dict:
    counts: dict = {"red": 0, "yellow": 0}
    for cases in sets:
        rows = (
            cases.filter(state__in=list(OPEN_STATES))
            .values_list("state")
            .annotate(  # of a column the index holds (never null): count(id) would read the rows
                n=Count("state"),
                red=Count("state", filter=RUNNING_Q & Q(red_at__lte=now)),
                past_yellow=Count("state", filter=RUNNING_Q & Q(yellow_at__lte=now)),
            )
            .order_by()
        )
        for state, n, red, past_yellow in rows:
            counts[state] = counts.get(state, 0) + n
            counts["red"] += red
            counts["yellow"] += past_yellow - red
    return counts


def _assigned_ids(user) -> QuerySet:
    """The ids of the cases assigned (actively) to the user's units, as a subquery."""
    return assigned_to(permissions.handler_units(user))


def queue_count(*, user, role: str, now=None) -> int:
    """How many cases ``queue`` holds, counted by ``visible_sets``."""
    condition = queue_condition(role)
    if condition is None:
        return 0
    kept_as = "" if now else queue_kept_as(user, role, "queue")  # counted now, or kept if slow
    if role == Role.HANDLER:
        # their units' cases, all of which they see (queue's "mine"): counted once, not once per
        # part of what they see with the assignments asked again in each (0.2–1.7 s → 60 ms
        # for a department at 10,000,000 cases)
        mine = Case.objects.filter(condition, pk__in=_assigned_ids(user)).order_by()
        return kept(kept_as, [mine], mine.count) if kept_as else mine.count()
    conditions = [condition]
    if role == Role.LEADER:
        conditions.append(Q(yellow_at__lte=now or timezone.now()))
    return visible_count(user, *conditions, kept_as=kept_as)


def returns_by_rule(*, user, since=None) -> list[dict]:
    """For each responsibility rule: cases dispatched by it and returned ("not our duty") —
    the review list of routing mistakes, within the user's scope."""
    events = CaseEvent.objects.filter(case__in=Case.objects.visible_to(user))
    if since is not None:
        if not isinstance(since, dt.datetime):  # a date: from the start of that local day
            since = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        events = events.filter(at__gte=since)

    def counts(action):
        rows = events.filter(action=action).values_list("data__rule").annotate(n=Count("id"))
        return {rule: n for rule, n in rows.order_by() if rule is not None}

    dispatched, returned = counts("dispatch"), counts("return")
    rules = ResponsibilityRule.objects.filter(
        pk__in=set(dispatched) | set(returned)
    ).select_related("case_class", "major", "area", "lead_unit")
    out = [
        {
            "rule": rule,
            "dispatched": dispatched.get(rule.pk, 0),
            "returned": returned.get(rule.pk, 0),
            "share": round(returned.get(rule.pk, 0) / dispatched[rule.pk], 3)
            if dispatched.get(rule.pk)
            else None,
        }
        for rule in rules
    ]
    return sorted(out, key=lambda r: (-r["returned"], r["rule"].pk))


# A record another app makes a case of (a hazard, a campaign's finding) is made one once; again
# only when that case was voided. ``TO_REPORT`` picks such records by their ``case`` field.
TO_REPORT = Q(case=None) | Q(case__state=State.VOIDED)


def reported(case) -> bool:
    """The record's case stands (it exists and was not voided): it is not made a case again."""
    return case is not None and case.state != State.VOIDED
