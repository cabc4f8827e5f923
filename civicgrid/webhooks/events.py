"""What subscribers are told about a case: never the reporter, never an internal note."""

from __future__ import annotations

from civicgrid.cases.choices import Action
from civicgrid.cases.models import Case, CaseEvent

from . import services
from .models import EventType


def anyone_hears(event_type: str) -> bool:
    return bool(services.subscribers_of(event_type))


def case_data(case: Case) -> dict:
    return {
        "number": case.number,
        "id": case.pk,
        "state": case.state,
        "class_code": case.case_class.code,
        "channel": case.channel,
        "grid_code": case.grid.code,
        "lead_unit": case.lead_unit.name if case.lead_unit_id else None,
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


def case_reported(case: Case) -> None:
    services.emit(EventType.CREATED, [{"case": case_data(case)}])


def case_stepped(case: Case, event: CaseEvent) -> None:
    """A step of the loop: state changes, ratings and escalations (each its own type)."""
    item = {"case": case_data(case), "event": _event_data(event)}
    if event.from_state != event.to_state:
        services.emit(EventType.STATE_CHANGED, [item])
    if event.action == Action.RATE:
        services.emit(EventType.RATED, [item])
    if event.action == Action.ESCALATE:
        services.emit(EventType.ESCALATED, [item])


def cases_overdue(case_ids: list[int]) -> None:
    if not case_ids or not services.subscribers_of(EventType.OVERDUE):
        return
    cases = Case.objects.filter(pk__in=case_ids).select_related("case_class", "grid", "lead_unit")
    services.emit(EventType.OVERDUE, [{"case": case_data(c)} for c in cases.iterator(2000)])
