"""What each action does besides moving the state (deadlines, units, counters, requests).

Each effect gets the ``Context`` of ``case_transition`` and the action's input, typed and
checked by its schema (``cases/actions.py``: presence, type and range, the note where one is
needed). It checks what the domain asks beyond that (a unit that is active and serves the case's
place, a request waiting …), makes its own writes (assignments, requests), and leaves the rest to
``outcomes.py``: the case's fields and clocks through ``ctx.set``, the event's details in
``ctx.event_data``. ``case_transition`` has already checked the table, the roles and the guards.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.duties.enforce import refuse_negative
from civicgrid.routing import services as routing
from civicgrid.routing.models import takeover_problem

from .. import actions as schemas
from ..choices import Action, State
from ..errors import CasesError
from ..models import Case, CaseAssignment, CaseRequest
from . import clock, outcomes, sources
from . import photos as photo_service

A = Action


def _unit(pk: int, field: str = "unit") -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=pk, active=True).select_related("area").first()
    if unit is None:
        raise DomainError(str(schemas.ACTIVE_UNIT), code=ErrorCode.INVALID, field=field)
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
            code=CasesError.OUTSIDE_AREA,
            field=field,
        )


def _require_evidence(ctx) -> None:
    if ctx.case.case_class.evidence_required and not ctx.photos:
        raise DomainError(
            _("This class needs photos as evidence."),
            code=CasesError.EVIDENCE_REQUIRED,
            field="photos",
        )


def send_to_verify(ctx, inp: schemas.SendToVerify) -> None:
    """Nothing beyond the state: the grid's supervisors find it in their queue and are told."""


def verify(ctx, inp: schemas.Verify) -> None:
    outcomes.verified(ctx, inp)


def register(ctx, inp: schemas.Register) -> None:
    case_class = None
    if inp.case_class:
        case_class = CaseClass.objects.filter(code=inp.case_class.upper(), active=True).first()
        if case_class is None:
            raise DomainError(
                _("Unknown class."), code=CasesError.UNKNOWN_CLASS, field="case_class"
            )
    outcomes.registered(ctx, case_class=case_class, priority=inp.priority)


def void(ctx, inp: schemas.Void) -> None:
    """Nothing beyond the state and the note (the reporter is told why)."""


def merge(ctx, inp: schemas.Merge) -> None:
    target = Case.objects.filter(number=inp.into).select_related("grid").first()
    if target is None or target.pk == ctx.case.pk or target.state in (State.CLOSED, State.VOIDED):
        raise DomainError(
            _("Give the number of an open case to merge into."),
            code=ErrorCode.INVALID,
            field="into",
        )
    ctx.set(merged_into=target)
    ctx.event_data["into"] = target.number


def self_handle(ctx, inp: schemas.SelfHandle) -> None:
    _require_evidence(ctx)  # a class that may be self-handled: guards.py
    outcomes.self_handled(ctx)


def answer(ctx, inp: schemas.Answer) -> None:
    """A consultation (a class that may be answered: guards.py) closed while the caller is on the
    line; the article's answer is what the caller was told, unless the note says otherwise."""
    if inp.article:
        cited = sources.cite(case=ctx.case, actor=ctx.actor, reference=inp.article, now=ctx.now)
        ctx.event_data.update(cited.data)
        ctx.note = ctx.note or cited.answer[: schemas.NOTE_MAX]
    else:
        ctx.require_note(_("Say what the caller was told, or give the article answered from."))
    outcomes.settled_at_once(ctx)


def dispatch(ctx, inp: schemas.Dispatch) -> None:
    case = ctx.case
    suggestion = routing.suggest(
        case_class=case.case_class, grid=case.grid, level=case.dispatch_level, case=case
    )
    if inp.unit is not None:
        unit = _unit(inp.unit)
    elif suggestion.lead_unit is not None:
        unit = suggestion.lead_unit
    else:
        raise DomainError(
            _("No unit is suggested: choose one."), code=ErrorCode.REQUIRED, field="unit"
        )
    followed = suggestion.lead_unit is not None and unit.pk == suggestion.lead_unit.pk
    if not followed:
        ctx.require_note(_("Give the reason for choosing another unit than the suggestion."))
    cooperating = [OrgUnit.objects.get(pk=u.pk) for u in suggestion.cooperating] if followed else []
    cooperating += [_unit(pk, "cooperating") for pk in inp.cooperating]
    CaseAssignment.objects.filter(case=case, active=True).update(active=False)
    give(ctx, unit, CaseAssignment.Role.LEAD)
    for u in {c.pk: c for c in cooperating if c.pk != unit.pk}.values():
        give(ctx, u, CaseAssignment.Role.COOPERATING, field="cooperating")
    outcomes.dispatched(ctx, unit=unit, suggestion=suggestion, followed=followed)


def sign(ctx, inp: schemas.Sign) -> None:
    CaseAssignment.objects.filter(case=ctx.case, active=True, role="lead").update(signed_at=ctx.now)
    outcomes.signed(ctx)


def return_case(ctx, inp: schemas.Return) -> None:
    CaseAssignment.objects.filter(case=ctx.case, active=True).update(active=False)
    outcomes.returned(ctx)


def _request(ctx, kind: str, hours=None) -> None:
    # none of this kind waiting: guards.py; the note (the reason) is required: actions.py
    req = CaseRequest.objects.create(
        case=ctx.case, kind=kind, hours=hours, reason=ctx.note, requested_by=ctx.actor
    )
    ctx.event_data.update({"request": req.pk, "hours": str(hours) if hours else None})
    ctx.public = False


def _decide(ctx, kind: str, approve: bool) -> CaseRequest:
    req = CaseRequest.objects.filter(case=ctx.case, kind=kind, status="pending").first()
    if req is None:
        raise DomainError(
            _("There is no request waiting."), code=CasesError.NO_REQUEST, field="action"
        )
    req.status = CaseRequest.Status.APPROVED if approve else CaseRequest.Status.REFUSED
    req.decided_by, req.decided_at = ctx.actor, ctx.now
    req.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    ctx.event_data["request"] = req.pk
    ctx.public = False
    return req


def request_extension(ctx, inp: schemas.RequestExtension) -> None:
    _request(ctx, CaseRequest.Kind.EXTENSION, inp.hours)


def approve_extension(ctx, inp: schemas.ApproveExtension) -> None:
    req = _decide(ctx, CaseRequest.Kind.EXTENSION, True)
    assert req.hours is not None  # an extension is asked for with its hours
    outcomes.extended(ctx, req.hours)


def refuse_extension(ctx, inp: schemas.RefuseExtension) -> None:
    _decide(ctx, CaseRequest.Kind.EXTENSION, False)


def add_unit(ctx, inp: schemas.AddUnit) -> None:
    unit = _unit(inp.unit)
    if CaseAssignment.objects.filter(case=ctx.case, unit=unit, active=True).exists():
        raise DomainError(
            _("This unit already has the case."), code=ErrorCode.DUPLICATE, field="unit"
        )
    give(ctx, unit, CaseAssignment.Role.COOPERATING)
    ctx.event_data.update({"unit": unit.pk, "unit_name": unit.name})
    ctx.public = False


def request_suspension(ctx, inp: schemas.RequestSuspension) -> None:
    _request(ctx, CaseRequest.Kind.SUSPENSION)  # not suspended already: guards.py


def approve_suspension(ctx, inp: schemas.ApproveSuspension) -> None:
    _decide(ctx, CaseRequest.Kind.SUSPENSION, True)
    ctx.set(suspended_at=ctx.now)
    ctx.public = True


def refuse_suspension(ctx, inp: schemas.RefuseSuspension) -> None:
    _decide(ctx, CaseRequest.Kind.SUSPENSION, False)


def resume(ctx, inp: schemas.Resume) -> None:
    outcomes.resumed(ctx)  # suspended: guards.py


def report_handled(ctx, inp: schemas.ReportHandled) -> None:
    _require_evidence(ctx)  # not suspended: guards.py
    outcomes.handled(ctx)


def send_check(ctx, inp: schemas.SendCheck) -> None:
    outcomes.check_sent(ctx)


def pass_check(ctx, inp: schemas.PassCheck) -> None:
    outcomes.check_passed(ctx, inp)
    clock.settled_below(ctx)


def fail_check(ctx, inp: schemas.FailCheck) -> None:
    outcomes.check_failed(ctx, inp)


def close(ctx, inp: schemas.Close) -> None:
    outcomes.closed(ctx)
    clock.settled_below(ctx)


def call_back(ctx, inp: schemas.CallBack) -> None:
    ctx.event_data["reached"] = inp.reached
    ctx.public = False


def rate(ctx, inp: schemas.Rate) -> None:
    outcomes.rated(ctx, inp)  # not rated yet: guards.py


def reopen(ctx, inp: schemas.Reopen) -> None:
    outcomes.reopened(ctx)  # rated dissatisfied: guards.py
    CaseAssignment.objects.filter(case=ctx.case, active=True).update(signed_at=None)


def escalate(ctx, inp: schemas.Escalate) -> None:
    case = ctx.case
    order = clock.TIER_ORDER
    if order.index(inp.to_tier) <= order.index(case.tier_current):
        raise DomainError(
            _("Choose a tier above the one the case is at."),
            code=ErrorCode.INVALID,
            field="to_tier",
        )
    ctx.event_data.update({"from_tier": case.tier_current, "to_tier": inp.to_tier})
    if inp.rule is not None:
        ctx.event_data["rule"] = inp.rule  # applied by the sweep
    ctx.set(tier_current=inp.to_tier)
    if inp.unit is not None:
        unit = _unit(inp.unit)
        problem = takeover_problem(unit, inp.to_tier, case.grid.path)
        if problem:
            raise DomainError(problem, code=ErrorCode.INVALID, field="unit")
        CaseAssignment.objects.filter(case=case, active=True, role="lead").update(active=False)
        give(ctx, unit, CaseAssignment.Role.LEAD)
        ctx.set(lead_unit=unit)
        ctx.event_data.update({"unit": unit.pk, "unit_name": unit.name})
    ctx.public = False


def supervise(ctx, inp: schemas.Supervise) -> None:
    ctx.set(supervised_at=ctx.now)
    ctx.public = False


def _typed(action: Action, effect):
    """The effect as ``case_transition`` calls it: the input checked and typed by the action's
    schema first, with the note where the action needs one."""

    def run(ctx) -> None:
        inp = schemas.parse(action, ctx.data)
        schemas.require_note(action, ctx.note)
        effect(ctx, inp)

    run.__name__ = run.__qualname__ = effect.__name__
    run.__doc__ = effect.__doc__
    return run


EFFECTS = {
    action: _typed(action, effect)
    for action, effect in {
        A.SEND_TO_VERIFY: send_to_verify,
        A.VERIFY: verify,
        A.REGISTER: register,
        A.VOID: void,
        A.MERGE: merge,
        A.SELF_HANDLE: self_handle,
        A.ANSWER: answer,
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
    }.items()
}
