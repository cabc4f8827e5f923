"""Who hears of a step in a case, and what they are told (runs after the step is committed).

Staff are told what needs *them*: a handler of the cases assigned to the unit, a dispatcher of
returns and requests, the grid's supervisor of tasks on site, a shift lead of dissatisfied
ratings, leaders of escalations. Queues show everything else. The reporter is told of every
public step: in the inbox when they have an account, by SMS and email when they left contacts.
Other systems hear of steps through announcements (``announce.py``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from civicgrid.accounts.choices import Role
from civicgrid.accounts.selectors import unit_members, users_with_role
from civicgrid.core.redact import redact
from civicgrid.notifications import services as notifications
from civicgrid.notifications.models import Kind

from . import announce
from .choices import Action, State
from .models import Case, CaseEvent

A = Action
# steps whose note is written for the public (why a case was voided, closed or passed its check):
# the reporter's message and the public page show it, masked
NOTED_STEPS = frozenset({Action.VOID, Action.CLOSE, Action.PASS_CHECK})
GRID_DEPTH = 4  # community and grid grants: the people on the spot


def _url(case: Case) -> str:
    """Staff open the case's page."""
    return reverse("cases:detail", args=[case.pk])


def _public_url(case: Case) -> str:
    """Residents open the public page (the staff page is not theirs: 404, or staff notes)."""
    return reverse("portal:case", args=[case.number])


def recipients(case: Case, event: CaseEvent) -> tuple[str, list]:
    """(kind, users) for a step."""
    path = case.grid.path
    action = event.action
    lead = [case.lead_unit_id] if case.lead_unit_id else []
    if action == A.DISPATCH:
        return Kind.ASSIGNED, unit_members(case.assigned_unit_ids(), Role.HANDLER)
    if action in (A.ADD_UNIT, A.ESCALATE) and event.data.get("unit"):
        kind = Kind.ASSIGNED if action == A.ADD_UNIT else Kind.ESCALATED
        users = unit_members([event.data["unit"]], Role.HANDLER)
        if action == A.ESCALATE:
            users += users_with_role(Role.LEADER, covering=path)
        return kind, users
    if action == A.ESCALATE:
        return Kind.ESCALATED, users_with_role(Role.LEADER, covering=path)
    if action in (A.RETURN, A.REQUEST_EXTENSION, A.REQUEST_SUSPENSION):
        kind = Kind.RETURNED if action == A.RETURN else Kind.REQUEST
        return kind, users_with_role(Role.DISPATCHER, covering=path)
    if action in (
        A.APPROVE_EXTENSION,
        A.REFUSE_EXTENSION,
        A.APPROVE_SUSPENSION,
        A.REFUSE_SUSPENSION,
    ):
        return Kind.DECIDED, unit_members(lead, Role.HANDLER)
    if action in (A.SEND_TO_VERIFY, A.SEND_CHECK):
        return Kind.TASK, users_with_role(Role.SUPERVISOR, covering=path, min_depth=GRID_DEPTH)
    if action in (A.FAIL_CHECK, A.REOPEN):
        return Kind.REWORK, unit_members(lead, Role.HANDLER)
    if action == A.SUPERVISE:
        return Kind.SUPERVISED, unit_members(case.assigned_unit_ids(), Role.HANDLER)
    if action == A.RATE and event.data.get("rating") == "dissatisfied":
        return Kind.RATING, users_with_role(Role.SHIFT_LEAD, covering=path)
    return Kind.STATUS, []


def _title(case: Case, event: CaseEvent) -> str:
    label = A(event.action).label if event.action in A.values else _("Reported")
    return _("%(number)s %(class)s: %(action)s") % {
        "number": case.number,
        "class": case.case_class.name,
        "action": label,
    }


def case_changed(case_id: int, event_id: int) -> None:
    """Tell the people concerned about one step (called on commit)."""
    event = CaseEvent.objects.select_related("actor").get(pk=event_id)
    case = Case.objects.select_related("case_class", "grid", "reporter_user", "lead_unit").get(
        pk=case_id
    )
    announce.case_stepped(case, event)
    with override("zh-hans"):
        kind, users = recipients(case, event)
        users = [u for u in users if u.pk != event.actor_id]
        if users:
            notifications.notify(
                users, kind=kind, title=_title(case, event), body=event.note, url=_url(case)
            )
        if event.public:
            tell_reporter(case, event)


def case_reported(case_id: int) -> None:
    """Other systems hear of a new case (called on commit; people are not told of reports)."""
    announce.case_reported(case_id)


def tell_reporter(case: Case, event: CaseEvent) -> None:
    """The reporter (and reporters of merged duplicates) hear of public steps: what the public
    page shows of them (the note masked), with a link to that page."""
    state = State(event.to_state).label
    text = _("Your case %(number)s is now “%(state)s”.") % {"number": case.number, "state": state}
    if event.note and event.action in NOTED_STEPS:
        text += " " + redact(event.note)
    for reported in [case, *case.merged.select_related("reporter_user")]:
        if reported.reporter_user_id and reported.reporter_user_id != event.actor_id:
            notifications.notify(
                [reported.reporter_user], kind=Kind.STATUS, title=text, url=_public_url(case)
            )
        if event.action == "report":
            continue  # the reporter knows; the number is shown at once
        if reported.reporter_phone_enc:
            notifications.send_sms(reported.reveal("reporter_phone"), text)
        if reported.reporter_email_enc:
            notifications.send_email(reported.reveal("reporter_email"), text, text)
