"""How long a person's own step may take, for the role indicators (按时核实, 按时立案, 按时派遣,
按时结案, 按时核查) and the hotline's response rate (响应率): each timed step stores on its event
when it was due (``step_due``) and whether it was taken by then (``step_on_time``).

A check is due by the class's checking limit, and signing for a case by its signing limit (the
stage clocks that run while the case is being checked, or waits to be signed for). The other steps are due a number of working minutes after they became someone's to
take (``CIVICGRID_STEP_MINUTES``, district-wide): a verification after it was asked for; a
registration after the report (or after the verification, if there was one); a dispatch after
the registration (or after the latest return); a closing after the case was handled.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from civicgrid.core.working_time import add_working_seconds

from ..choices import Action
from ..models import CaseEvent

TIMED = {
    Action.VERIFY,
    Action.REGISTER,
    Action.DISPATCH,
    Action.CLOSE,
    Action.PASS_CHECK,
    Action.FAIL_CHECK,
    Action.SIGN,
}
STAGED = {Action.PASS_CHECK, Action.FAIL_CHECK, Action.SIGN}  # due by the running stage clock


def _last(case, *actions: str) -> dt.datetime | None:
    return (
        CaseEvent.objects.filter(case=case, action__in=actions)
        .order_by("-seq")
        .values_list("at", flat=True)
        .first()
    )


def started(case, action: str) -> dt.datetime | None:
    """When the step became someone's to take."""
    if action == Action.VERIFY:
        return _last(case, Action.SEND_TO_VERIFY)
    if action == Action.REGISTER:
        return _last(case, Action.VERIFY) or case.reported_at
    if action == Action.DISPATCH:
        return _last(case, Action.RETURN, Action.REOPEN) or case.registered_at
    if action == Action.CLOSE:
        return case.handled_at
    return None


def after(start: dt.datetime, action: str, *, calendar) -> dt.datetime | None:
    """When a step that became someone's to take at ``start`` is due (None: not timed so)."""
    minutes = settings.CIVICGRID_STEP_MINUTES.get(str(action))
    if not minutes:
        return None
    return add_working_seconds(start, minutes * 60, calendar=calendar)


def due(case, action: str, *, calendar) -> dt.datetime | None:
    if action in STAGED:
        return case.due_at  # the checking or signing stage's deadline
    start = started(case, action)
    return after(start, action, calendar=calendar) if start is not None else None


def record(step, deadline: dt.datetime | None) -> None:
    """Keep on the step's event its deadline and whether it is met now."""
    if deadline is not None:
        step.event_data["step_due"] = deadline.isoformat()
        step.event_data["step_on_time"] = step.now <= deadline


def mark(ctx, action: str) -> None:
    """Before the step's effects run (which move the case's clocks): its deadline and whether
    it is met now."""
    if action in TIMED:
        record(ctx, due(ctx.case, action, calendar=ctx.calendar))
