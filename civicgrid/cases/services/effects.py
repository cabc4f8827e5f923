"""What each action does besides moving the state (deadlines, units, counters, requests).

Each effect gets the ``Context`` of ``case_transition``: it checks its input (errors name the
field), changes the case through ``ctx.set`` and leaves details for the event in
``ctx.event_data``. ``case_transition`` has already checked the table and the roles.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.catalogue.choices import Priority
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError
from civicgrid.core.working_time import add_working_seconds, working_seconds_between
from civicgrid.duties.enforce import refuse_negative
from civicgrid.routing import services as routing
from civicgrid.routing.models import takeover_problem

from ..choices import Action, Rating, State
from ..models import Case, CaseAssignment, CaseRequest
from . import clock
from . import photos as photo_service

A = Action


def _unit(ctx, name: str) -> OrgUnit:
    value = ctx.data.get(name)
    unit = (
        OrgUnit.objects.filter(pk=value, active=True).first()
        if str(value or "").isdigit()
        else None
    )
    if unit is None:
        raise DomainError(_("Choose an active unit."), code="invalid", field=name)
    return unit


def give(ctx, unit: OrgUnit, role: str, *, field: str = "unit") -> CaseAssignment:
    """Give the case to ``unit`` (as the lead or a cooperating unit): the one path by which a
    case reaches a unit — dispatch, an added unit, a takeover on escalation (by hand or by the
    sweep's rules) — so every one passes the same admission check: the negative list
    (``duties.enforce``) refuses, naming ``field``, a class a community may not be given."""
    refuse_outside(ctx.case, unit, field=field)
    refuse_negative(ctx.case.case_class, unit, field=field, at=ctx.now)
    return CaseAssignment.objects.create(case=ctx.case, unit=unit, role=role)


def refuse_outside(case, unit: OrgUnit, *, field: str = "unit") -> None:
    """A unit takes cases of the area it serves only: another street's office or team would get
    a case that street's own people cannot see or supervise."""
    if case.grid_id and unit.area_id and not case.grid.path.startswith(unit.area.path):
        raise DomainError(
            _("%(unit)s serves %(area)s only: this case is in %(grid)s.")
            % {"unit": unit.name, "area": unit.area.name, "grid": case.grid.name},
            code="outside_area",
            field=field,
        )


def _require_evidence(ctx) -> None:
    if ctx.case.case_class.evidence_required and not ctx.photos:
        raise DomainError(
            _("This class needs photos as evidence."), code="evidence_required", field="photos"
        )


def _close(ctx) -> None:
    case = ctx.case
    on_time = case.handle_due_at is None or (case.handled_at or ctx.now) <= case.handle_due_at
    tier = (
        clock.tier_of_level(case.lead_unit.area.level) if case.lead_unit_id else case.tier_current
    )
    clock.stop(case)
    ctx.set(closed_at=ctx.now, closed_on_time=on_time, tier_resolved=tier)
    ctx.changed |= {"due_at", "yellow_at", "red_at"}
    ctx.event_data["on_time"] = on_time


def _position(ctx) -> None:
    """Where the supervisor stood (the browser's position), kept on the event if given."""
    lon, lat = ctx.data.get("lon"), ctx.data.get("lat")
    if lon in (None, "") and lat in (None, ""):
        return
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise DomainError(_("Not a position."), code="invalid", field="lon") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise DomainError(_("Not a position."), code="invalid", field="lon")
    ctx.event_data["position"] = [round(lon, 6), round(lat, 6)]


def send_to_verify(ctx) -> None:
    """Nothing beyond the state: the grid's supervisors find it in their queue and are told."""


def verify(ctx) -> None:
    confirmed = ctx.data.get("confirmed")
    if confirmed not in (True, False, "true", "false", "1", "0"):
        raise DomainError(
            _("Say whether the problem was found on site."), code="required", field="confirmed"
        )
    ctx.event_data["confirmed"] = confirmed in (True, "true", "1")
    ctx.event_data["photo_kind"] = "check"
    _position(ctx)
    ctx.public = False


def register(ctx) -> None:
    code = ctx.data.get("case_class")
    if code:
        case_class = CaseClass.objects.filter(code=str(code).upper(), active=True).first()
        if case_class is None:
            raise DomainError(_("Unknown class."), code="unknown_class", field="case_class")
        ctx.set(case_class=case_class, kind=case_class.kind)
    priority = ctx.data.get("priority")
    if priority:
        if priority not in Priority.values:
            raise DomainError(_("Unknown priority."), code="invalid", field="priority")
        ctx.set(priority=priority)
    ctx.set(registered_at=ctx.now)


def void(ctx) -> None:
    ctx.require_note(_("Tell the reporter why the case is voided."))


def merge(ctx) -> None:
    number = str(ctx.data.get("into") or "").strip()
    target = Case.objects.filter(number=number).select_related("grid").first() if number else None
    if target is None or target.pk == ctx.case.pk or target.state in (State.CLOSED, State.VOIDED):
        raise DomainError(
            _("Give the number of an open case to merge into."), code="invalid", field="into"
        )
    ctx.set(merged_into=target)
    ctx.event_data["into"] = target.number


def self_handle(ctx) -> None:
    case = ctx.case  # a class that may be self-handled: guards.py
    _require_evidence(ctx)
    ctx.set(self_handled=True, registered_at=ctx.now, handled_at=ctx.now)
    _close(ctx)
    ctx.set(tier_resolved=case.tier_opened)


def dispatch(ctx) -> None:
    case = ctx.case
    suggestion = routing.suggest(
        case_class=case.case_class, grid=case.grid, level=case.dispatch_level
    )
    if ctx.data.get("unit"):
        unit = _unit(ctx, "unit")
    elif suggestion.lead_unit is not None:
        unit = suggestion.lead_unit
    else:
        raise DomainError(_("No unit is suggested: choose one."), code="required", field="unit")
    followed = suggestion.lead_unit is not None and unit.pk == suggestion.lead_unit.pk
    if not followed:
        ctx.require_note(_("Give the reason for choosing another unit than the suggestion."))
    cooperating = [OrgUnit.objects.get(pk=u.pk) for u in suggestion.cooperating] if followed else []
    cooperating += [_coop(value) for value in ctx.data.get("cooperating") or []]
    CaseAssignment.objects.filter(case=case, active=True).update(active=False)
    give(ctx, unit, CaseAssignment.Role.LEAD)
    for u in {c.pk: c for c in cooperating if c.pk != unit.pk}.values():
        give(ctx, u, CaseAssignment.Role.COOPERATING, field="cooperating")
    ctx.set(
        lead_unit=unit,
        routing_rule=suggestion.rule if followed else None,
        dispatched_at=ctx.now,
        handle_due_at=clock.handling_deadline(case, ctx.now, calendar=ctx.calendar),
    )
    clock.start_stage(case, "sign", ctx.now, calendar=ctx.calendar)
    ctx.changed |= {"due_at", "yellow_at", "red_at"}
    ctx.event_data.update(
        {
            "unit": unit.pk,
            "unit_name": unit.name,
            "suggested_unit": suggestion.lead_unit.pk if suggestion.lead_unit else None,
            "rule": suggestion.rule.pk if suggestion.rule else None,
            "followed_suggestion": followed,
            "reason": suggestion.reason,
        }
    )


def _coop(value) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=value, active=True).first() if str(value).isdigit() else None
    if unit is None:
        raise DomainError(_("Choose an active unit."), code="invalid", field="cooperating")
    return unit


def sign(ctx) -> None:
    case = ctx.case
    CaseAssignment.objects.filter(case=case, active=True, role="lead").update(signed_at=ctx.now)
    # the handling clock started at dispatch (or at the reopening)
    clock.start_stage(case, "handle", case.dispatched_at or ctx.now, calendar=ctx.calendar)
    ctx.changed |= {"due_at", "yellow_at", "red_at", "handle_due_at"}
    ctx.public = True


def return_case(ctx) -> None:
    case = ctx.case
    ctx.require_note(_("Say why this is not your unit's duty."))
    ctx.event_data.update({"unit": case.lead_unit_id, "rule": case.routing_rule_id})
    CaseAssignment.objects.filter(case=case, active=True).update(active=False)
    clock.stop(case)
    ctx.set(
        lead_unit=None, routing_rule=None, handle_due_at=None, return_count=case.return_count + 1
    )
    ctx.changed |= {"due_at", "yellow_at", "red_at"}
    ctx.public = False


def _hours(ctx) -> Decimal:
    try:
        hours = Decimal(str(ctx.data.get("hours")))
    except InvalidOperation:
        raise DomainError(
            _("Give the working hours needed."), code="required", field="hours"
        ) from None
    if not hours.is_finite() or hours <= 0 or hours > 2000:
        raise DomainError(_("Give the working hours needed."), code="invalid", field="hours")
    return hours


def _request(ctx, kind: str) -> None:
    ctx.require_note()  # none of this kind waiting: guards.py
    hours = _hours(ctx) if kind == CaseRequest.Kind.EXTENSION else None
    req = CaseRequest.objects.create(
        case=ctx.case, kind=kind, hours=hours, reason=ctx.note, requested_by=ctx.actor
    )
    ctx.event_data.update({"request": req.pk, "hours": str(hours) if hours else None})
    ctx.public = False


def _decide(ctx, kind: str, approve: bool) -> CaseRequest:
    req = CaseRequest.objects.filter(case=ctx.case, kind=kind, status="pending").first()
    if req is None:
        raise DomainError(_("There is no request waiting."), code="no_request", field="action")
    req.status = CaseRequest.Status.APPROVED if approve else CaseRequest.Status.REFUSED
    req.decided_by, req.decided_at = ctx.actor, ctx.now
    req.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    ctx.event_data["request"] = req.pk
    ctx.public = False
    return req


def request_extension(ctx) -> None:
    _request(ctx, CaseRequest.Kind.EXTENSION)


def approve_extension(ctx) -> None:
    req = _decide(ctx, CaseRequest.Kind.EXTENSION, True)
    seconds = int(req.hours * 3600)
    case = ctx.case
    for name in ("due_at", "yellow_at", "red_at", "handle_due_at"):
        value = getattr(case, name)
        if value is not None:
            ctx.set(**{name: add_working_seconds(value, seconds, calendar=ctx.calendar)})
    ctx.event_data["hours"] = str(req.hours)


def refuse_extension(ctx) -> None:
    ctx.require_note()
    _decide(ctx, CaseRequest.Kind.EXTENSION, False)


def add_unit(ctx) -> None:
    unit = _unit(ctx, "unit")
    if CaseAssignment.objects.filter(case=ctx.case, unit=unit, active=True).exists():
        raise DomainError(_("This unit already has the case."), code="duplicate", field="unit")
    give(ctx, unit, CaseAssignment.Role.COOPERATING)
    ctx.event_data.update({"unit": unit.pk, "unit_name": unit.name})
    ctx.public = False


def request_suspension(ctx) -> None:
    _request(ctx, CaseRequest.Kind.SUSPENSION)  # not suspended already: guards.py


def approve_suspension(ctx) -> None:
    _decide(ctx, CaseRequest.Kind.SUSPENSION, True)
    ctx.set(suspended_at=ctx.now)
    ctx.public = True


def refuse_suspension(ctx) -> None:
    ctx.require_note()
    _decide(ctx, CaseRequest.Kind.SUSPENSION, False)


def resume(ctx) -> None:
    case = ctx.case  # suspended: guards.py
    seconds = working_seconds_between(case.suspended_at, ctx.now, calendar=ctx.calendar)
    clock.shift(case, case.suspended_at, seconds, calendar=ctx.calendar)
    ctx.changed |= {"due_at", "yellow_at", "red_at", "handle_due_at"}
    ctx.event_data["suspended_working_seconds"] = seconds
    ctx.set(suspended_at=None)
    ctx.public = True


def report_handled(ctx) -> None:
    _require_evidence(ctx)  # not suspended: guards.py
    clock.stop(ctx.case)
    ctx.changed |= {"due_at", "yellow_at", "red_at"}
    case = ctx.case
    # working time since the (latest) dispatch, for the average handling time (evaluation)
    seconds = (
        working_seconds_between(case.dispatched_at, ctx.now, calendar=ctx.calendar)
        if case.dispatched_at
        else None
    )
    ctx.set(handled_at=ctx.now, handling_seconds=seconds)
    ctx.event_data["on_time"] = case.handle_due_at is None or ctx.now <= case.handle_due_at
    ctx.event_data["photo_kind"] = "after"


def send_check(ctx) -> None:
    clock.start_stage(ctx.case, "check", ctx.now, calendar=ctx.calendar)
    ctx.changed |= {"due_at", "yellow_at", "red_at"}
    ctx.public = False


def pass_check(ctx) -> None:
    ctx.event_data["photo_kind"] = "check"
    _position(ctx)
    _close(ctx)


def fail_check(ctx) -> None:
    ctx.require_note(_("Say what is still wrong."))
    case = ctx.case
    clock.start_stage(case, "handle", ctx.now, calendar=ctx.calendar)
    ctx.changed |= {"due_at", "yellow_at", "red_at", "handle_due_at"}
    ctx.set(handled_at=None, handling_seconds=None, rework_count=case.rework_count + 1)
    ctx.event_data["photo_kind"] = "check"
    _position(ctx)


def close(ctx) -> None:
    _close(ctx)


def call_back(ctx) -> None:
    ctx.require_note(_("Note what the reporter said."))
    ctx.event_data["reached"] = ctx.data.get("reached", True) not in (False, "false", "0")
    ctx.public = False


def rate(ctx) -> None:
    rating = ctx.data.get("rating")
    if rating not in Rating.values:
        raise DomainError(
            _("Choose satisfied, basically satisfied or dissatisfied."),
            code="invalid",
            field="rating",
        )
    ctx.set(rating=rating)  # not rated yet: guards.py
    ctx.event_data["rating"] = rating
    # whether the problem was solved, as the reporter says (the hotline's 解决率); optional
    resolved = ctx.data.get("resolved")
    if resolved not in (None, ""):
        if resolved not in (True, False, "true", "false", "1", "0", "yes", "no"):
            raise DomainError(
                _("Say whether the problem was solved: yes or no."),
                code="invalid",
                field="resolved",
            )
        ctx.set(resolved=resolved in (True, "true", "1", "yes"))
        ctx.event_data["resolved"] = ctx.case.resolved
    if ctx.data.get("by") == "reporter":
        ctx.event_data["by"] = "reporter"  # rated on the portal by the reporter
    ctx.public = True


def reopen(ctx) -> None:
    case = ctx.case  # rated dissatisfied: guards.py
    ctx.require_note()
    ctx.set(
        closed_at=None,
        closed_on_time=None,
        tier_resolved="",
        handled_at=None,
        handling_seconds=None,
        rating="",
        reopen_count=case.reopen_count + 1,
        dispatched_at=ctx.now,
        handle_due_at=clock.handling_deadline(case, ctx.now, calendar=ctx.calendar),
    )
    clock.start_stage(case, "sign", ctx.now, calendar=ctx.calendar)
    ctx.changed |= {"due_at", "yellow_at", "red_at"}
    CaseAssignment.objects.filter(case=case, active=True).update(signed_at=None)


def escalate(ctx) -> None:
    case = ctx.case
    order = clock.TIER_ORDER
    to_tier = ctx.data.get("to_tier")
    if to_tier not in order or order.index(to_tier) <= order.index(case.tier_current):
        raise DomainError(
            _("Choose a tier above the one the case is at."), code="invalid", field="to_tier"
        )
    ctx.require_note()
    ctx.event_data.update({"from_tier": case.tier_current, "to_tier": to_tier})
    if ctx.data.get("rule"):
        ctx.event_data["rule"] = ctx.data["rule"]  # applied by the sweep
    ctx.set(tier_current=to_tier)
    if ctx.data.get("unit"):
        unit = _unit(ctx, "unit")
        problem = takeover_problem(unit, to_tier, case.grid.path)
        if problem:
            raise DomainError(problem, code="invalid", field="unit")
        CaseAssignment.objects.filter(case=case, active=True, role="lead").update(active=False)
        give(ctx, unit, CaseAssignment.Role.LEAD)
        ctx.set(lead_unit=unit)
        ctx.event_data.update({"unit": unit.pk, "unit_name": unit.name})
    ctx.public = False


def supervise(ctx) -> None:
    ctx.require_note(_("Write the supervision instruction."))
    ctx.set(supervised_at=ctx.now)
    ctx.public = False


EFFECTS = {
    A.SEND_TO_VERIFY: send_to_verify,
    A.VERIFY: verify,
    A.REGISTER: register,
    A.VOID: void,
    A.MERGE: merge,
    A.SELF_HANDLE: self_handle,
    A.DISPATCH: dispatch,
    A.SIGN: sign,
    A.RETURN: return_case,
    A.REQUEST_EXTENSION: request_extension,
    A.APPROVE_EXTENSION: approve_extension,
    A.REFUSE_EXTENSION: refuse_extension,
    A.ADD_UNIT: add_unit,
    A.REQUEST_SUSPENSION: request_suspension,
    A.APPROVE_SUSPENSION: approve_suspension,
    A.REFUSE_SUSPENSION: refuse_suspension,
    A.RESUME: resume,
    A.REPORT_HANDLED: report_handled,
    A.SEND_CHECK: send_check,
    A.PASS_CHECK: pass_check,
    A.FAIL_CHECK: fail_check,
    A.CLOSE: close,
    A.CALL_BACK: call_back,
    A.RATE: rate,
    A.REOPEN: reopen,
    A.ESCALATE: escalate,
    A.SUPERVISE: supervise,
    A.PUBLISH_PHOTOS: photo_service.publish_photos,
}
