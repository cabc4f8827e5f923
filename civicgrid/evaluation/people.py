"""The figures of people by the role they work in (supervisors, operators, shift leads,
dispatchers), from the steps they took in a period and the cases they reported, with the cases
behind every count."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.areas.models import Area
from civicgrid.cases.choices import Action, Channel, State
from civicgrid.cases.models import Case, CaseEvent

from .compute import PUBLIC_CHANNELS, _finish, _in
from .definitions import BY_CODE, PERSON
from .periods import Period

REPORT = "report"  # the first step of every case: who took the report
ON_TIME = Q(data__step_on_time=True)
VOIDED = Q(case__state=State.VOIDED)
# counts of a person's steps: the actions, and which of them count (None: all)
STEPS = {
    "accepted": ((REPORT,), None),
    "verifications": ((Action.VERIFY,), None),
    "verified_on_time": ((Action.VERIFY,), ON_TIME),
    "checks": ((Action.PASS_CHECK, Action.FAIL_CHECK), None),
    "checked_on_time": ((Action.PASS_CHECK, Action.FAIL_CHECK), ON_TIME),
    "registrations": ((Action.REGISTER,), None),
    "registered_on_time": ((Action.REGISTER,), ON_TIME),
    "registrations_voided": ((Action.REGISTER,), VOIDED),
    "closings": ((Action.CLOSE,), None),
    "closed_on_time_by": ((Action.CLOSE,), ON_TIME),
    "dispatches": ((Action.DISPATCH,), None),
    "dispatched_on_time": ((Action.DISPATCH,), ON_TIME),
}
RETURNED = "dispatches_returned"  # dispatches the unit returned afterwards


def _returned() -> Exists:
    """A later return of the same case: the dispatch did not find the unit whose duty it was."""
    return Exists(
        CaseEvent.objects.filter(
            case=OuterRef("case"), action=Action.RETURN, seq__gt=OuterRef("seq")
        )
    )


def _reports(period: Period) -> dict[str, Q]:
    reported = Q(channel=Channel.PATROL) & _in("reported_at", period)
    valid = (Q(registered_at__isnull=False) | Q(self_handled=True)) & ~Q(state=State.VOIDED)
    return {"patrol_reports": reported, "valid_reports": reported & valid}


def _patrolled_grids(users) -> dict[int, set[int]]:
    """Each supervisor → the grids their supervisor grants cover."""
    grids = list(Area.objects.grids().values_list("id", "path"))
    out = {}
    for user in users:
        paths = [g.path for g in permissions.grants(user) if g.role == Role.SUPERVISOR]
        out[user.pk] = {pk for pk, path in grids if any(path.startswith(p) for p in paths)}
    return out


def person_indicators(users: list, period: Period) -> dict[int, dict]:
    """Every person indicator for each of ``users`` in ``period``: {user id: {code: value}}."""
    if not users:
        return {}
    ids = [u.pk for u in users]
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    events = CaseEvent.objects.filter(at__gte=period.start, at__lt=period.end, actor_id__in=ids)
    actions = sorted({a for acts, _q in STEPS.values() for a in acts})
    rows = (
        events.filter(action__in=actions)
        .values("actor_id", "action")
        .annotate(
            **{name: Count("id", filter=condition) for name, (_a, condition) in STEPS.items()}
        )
        .order_by()
    )
    for row in rows:
        for name, (acts, _condition) in STEPS.items():
            if row["action"] in acts:
                counts[row["actor_id"]][name] += row[name]
    returned = (
        events.filter(action=Action.DISPATCH)
        .filter(_returned())
        .values_list("actor_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for actor, n in returned:
        counts[actor][RETURNED] += n
    reports = _reports(period)
    for row in (
        Case.objects.filter(reporter_user_id__in=ids)
        .filter(reports["patrol_reports"])
        .values("reporter_user_id")
        .annotate(**{name: Count("id", filter=q) for name, q in reports.items()})
        .order_by()
    ):
        person = row.pop("reporter_user_id")
        for name, value in row.items():
            counts[person][name] += value
    _missed(users, period, counts)
    out = {}
    for user in users:
        c = counts[user.pk]
        c["registrations_kept"] = c["registrations"] - c["registrations_voided"]
        c["dispatches_kept"] = c["dispatches"] - c[RETURNED]
        out[user.pk] = _finish(c, PERSON)
    return out


def _missed(users, period: Period, counts: dict) -> None:
    """Registered cases and registered public reports in each supervisor's grids."""
    patrolled = _patrolled_grids(users)
    every = set().union(*patrolled.values())
    if not every:
        return
    per_grid = {
        grid: (registered, public)
        for grid, registered, public in Case.objects.filter(
            _in("registered_at", period), grid_id__in=list(every)
        )
        .values_list("grid_id")
        .annotate(n=Count("id"), public=Count("id", filter=Q(channel__in=PUBLIC_CHANNELS)))
        .order_by()
    }
    for person, grids in patrolled.items():
        for grid in grids:
            registered, public = per_grid.get(grid, (0, 0))
            counts[person]["grid_registered"] += registered
            counts[person]["grid_missed"] += public


def cases_behind_person(code: str, period: Period, user) -> QuerySet[Case]:
    """The cases a person's count is made of (a rate: those of its numerator)."""
    indicator = BY_CODE[code]
    if indicator.is_rate:
        code = indicator.numerator
    reports = _reports(period)
    if code in reports:
        return Case.objects.filter(reports[code], reporter_user=user)
    if code in ("grid_registered", "grid_missed"):
        grids = _patrolled_grids([user])[user.pk]
        qs = Case.objects.filter(_in("registered_at", period), grid_id__in=list(grids))
        return qs.filter(channel__in=PUBLIC_CHANNELS) if code == "grid_missed" else qs
    steps = CaseEvent.objects.filter(
        case=OuterRef("pk"), actor=user, at__gte=period.start, at__lt=period.end
    )
    if code == "registrations_kept":
        steps = steps.filter(action=Action.REGISTER)
        return Case.objects.filter(Exists(steps)).exclude(state=State.VOIDED)
    if code == "dispatches_kept":
        return Case.objects.filter(
            Exists(steps.filter(action=Action.DISPATCH).exclude(_returned()))
        )
    acts, condition = STEPS[code]
    steps = steps.filter(action__in=acts)
    if condition is not None:
        steps = steps.filter(condition)
    return Case.objects.filter(Exists(steps))
