"""What other systems are told about a case: never the reporter, never an internal note.

Cases record announcements (``notifications.announcements``) after a step is committed, and
only of topics some forwarder passes on; who passes them on (webhooks, above cases) reads them
from there. Each topic's payload: ``{"case": …}`` for a report and a red card, ``{"case": …,
"event": …}`` for a step; the case as it stands just after the step.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.notifications.announcements import announcement_wanted, announcements_record

from .choices import Action
from .models import Case, CaseEvent


class Topic(models.TextChoices):
    CREATED = "case.created", _("a case was reported")
    STATE_CHANGED = "case.state_changed", _("a case changed state")
    OVERDUE = "case.overdue", _("a case passed its deadline (red card)")
    RATED = "case.rated", _("a case was rated")
    ESCALATED = "case.escalated", _("a case was escalated")


def case_data(case: Case) -> dict:
    lead = case.lead_unit
    return {
        "number": case.number,
        "id": case.pk,
        "state": case.state,
        "class_code": case.case_class.code,
        "channel": case.channel,
        "grid_code": case.grid.code,
        "lead_unit": lead.name if lead is not None else None,
        "tier_current": case.tier_current,
        "priority": case.priority,
        "reported_at": case.reported_at,
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "rating": case.rating or None,
    }


def _event_data(event: CaseEvent) -> dict:
    return {
        "seq": event.seq,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "at": event.at,
        "note": event.note if event.public else "",
    }


def step_topics(event: CaseEvent) -> list[str]:
    """The topics of a step: a change of state, a rating and an escalation are each their own."""
    topics: list[str] = []
    if event.from_state != event.to_state:
        topics.append(Topic.STATE_CHANGED)
    if event.action == Action.RATE:
        topics.append(Topic.RATED)
    if event.action == Action.ESCALATE:
        topics.append(Topic.ESCALATED)
    return topics


def case_reported(case_id: int) -> None:
    """A new case (called on commit)."""
    if not announcement_wanted(Topic.CREATED):
        return  # the usual case: nobody listens, no extra read on the intake path
    case = Case.objects.select_related("case_class", "grid", "lead_unit").get(pk=case_id)
    announcements_record(topic=Topic.CREATED, payloads=[{"case": case_data(case)}])


def case_stepped(case: Case, event: CaseEvent) -> None:
    """A step of the loop (called on commit, with the case read after it)."""
    topics = [t for t in step_topics(event) if announcement_wanted(t)]
    if not topics:
        return
    item = {"case": case_data(case), "event": _event_data(event)}
    for topic in topics:
        announcements_record(topic=topic, payloads=[item])


def cases_overdue(case_ids: list[int]) -> None:
    """The cases whose red card the sweep found (called after the sweep's run is committed)."""
    if not case_ids or not announcement_wanted(Topic.OVERDUE):
        return
    cases = Case.objects.filter(pk__in=case_ids).select_related("case_class", "grid", "lead_unit")
    announcements_record(
        topic=Topic.OVERDUE, payloads=[{"case": case_data(c)} for c in cases.iterator(2000)]
    )
