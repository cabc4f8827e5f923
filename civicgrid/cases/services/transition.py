"""``case_transition``: the only writer of ``Case.state``.

It locks the case row, checks the table and the actor's roles *for this case*, applies the
action's effects (``effects.py``), saves the changed fields, and appends a ``CaseEvent`` — all in
one transaction. Two people acting on the same case at once: the second waits for the lock and
then finds the case changed; with the version it saw (``expected_version``) it gets a conflict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.core.errors import Conflict, DomainError, ErrorCode, NotFound, NotPermitted
from civicgrid.core.working_time import current_calendar
from civicgrid.duties.enforce import NegativeListRefused, record_refused_dispatch

from .. import transitions
from ..actions import ActionInput
from ..choices import Action, State
from ..errors import CasesError
from ..models import Case, CaseEvent
from ..notify import case_changed
from . import guards, steps
from . import photos as photo_service
from .effects import EFFECTS

Forbidden = NotPermitted


@dataclass
class Context:
    """What an effect may read: the locked case, who acts, when, and the action's input."""

    case: Case
    actor: object
    roles: set
    now: dt.datetime
    note: str
    data: dict
    photos: list
    calendar: object
    changed: set = field(default_factory=set)
    event_data: dict = field(default_factory=dict)
    public: bool | None = None

    def set(self, **values) -> None:
        for name, value in values.items():
            setattr(self.case, name, value)
            self.changed.add(name)

    def require_note(self, message: str | None = None) -> None:
        if not self.note.strip():
            raise DomainError(message or _("Give a reason."), code=ErrorCode.REQUIRED, field="note")


def case_roles(actor, case: Case) -> set[str]:
    return permissions.case_roles(
        actor,
        grid_path=case.grid.path,
        unit_ids=case.assigned_unit_ids(),
        reporter_id=case.reporter_user_id,
        kind=case.kind,
    )


def available_actions(actor, case: Case) -> list[Action]:
    """The actions ``actor`` may take on ``case`` now (what pages and the API offer): those the
    table and the actor's roles allow and the case's guards (``guards.py``) do not refuse, the
    same checks ``case_transition`` makes."""
    offered = transitions.available_actions(case.state, case_roles(actor, case))
    if not offered:
        return offered
    facts = guards.facts_of(case)
    return [a for a in offered if guards.refusal(a, facts) is None]


def case_transition(
    *,
    case_id: int,
    action: str,
    actor,
    now: dt.datetime | None = None,
    note: str = "",
    data: dict | ActionInput | None = None,
    photos=(),
    expected_version: int | None = None,
    system: bool = False,
) -> Case:
    """Apply ``action`` to the case ``case_id`` for ``actor`` at ``now``; returns the case.

    ``system=True`` is for rules applied by the sweep (no actor, no role check).
    """
    now = now or timezone.now()
    if action not in Action.values:
        raise DomainError(_("Unknown action."), code=CasesError.UNKNOWN_ACTION, field="action")
    if len(note) > 4000:
        raise DomainError(
            _("The note is longer than 4,000 characters."), code=ErrorCode.TOO_LONG, field="note"
        )
    cleaned_photos = photo_service.clean_photos(photos)
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("case_class", "grid", "lead_unit")
                .filter(pk=case_id)
                .first()
            )
            if case is None:
                raise NotFound(_("No such case."))
            roles = set(transitions.ROLES[Action(action)]) if system else case_roles(actor, case)
            if not roles and not permissions.can_view_case(
                actor,
                grid_path=case.grid.path,
                unit_ids=case.assigned_unit_ids(),
                reporter_id=case.reporter_user_id,
            ):
                raise NotFound(_("No such case."))
            if expected_version is not None and case.version != expected_version:
                raise Conflict(
                    _(
                        "Someone changed this case while you were looking at it: it is now “%(state)s”."
                    )
                    % {"state": State(case.state).label}
                )
            target = transitions.next_state(case.state, action)
            if target is None:
                raise Conflict(
                    _("A case that is “%(state)s” cannot be “%(action)s”.")
                    % {"state": State(case.state).label, "action": Action(action).label}
                )
            if not transitions.role_may(action, roles):
                raise Forbidden(_("Your roles for this case do not allow this action."))
            refused = guards.refusal(action, guards.facts_of(case))
            if refused is not None:
                raise refused
            ctx = Context(
                case=case,
                actor=actor,
                roles=roles,
                now=now,
                note=note.strip(),
                data=dict(data or {}),
                photos=cleaned_photos,
                calendar=current_calendar(),
            )
            from_state = case.state
            steps.mark(ctx, action)
            EFFECTS[Action(action)](ctx)
            ctx.set(state=target, version=case.version + 1)
            case.save(update_fields=sorted(ctx.changed | {"updated_at"}))
            event = CaseEvent.objects.create(
                case=case,
                seq=case.version,
                action=action,
                from_state=from_state,
                to_state=target,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_unit_id=_actor_unit(actor, case),
                at=now,
                note=ctx.note,
                public=ctx.public if ctx.public is not None else from_state != target,
                data=ctx.event_data,
            )
            if ctx.photos:
                photo_service.attach(
                    case, ctx.photos, kind=ctx.event_data.get("photo_kind", "after"), event=event
                )
            case.last_event = event
            _after_commit(case.pk, event.pk)
    except NegativeListRefused as exc:
        assert case is not None  # a step refuses a dispatch only once the case is found
        # the step rolled back; the attempt stays on the community's record, as the negative list
        # asks (docs/user-guide.md, "Community duty lists")
        record_refused_dispatch(exc, case=case, actor=actor, unit_id=_actor_unit(actor, case))
        raise
    return case


def _after_commit(case_id: int, event_id: int) -> None:
    """Notify after the step is committed; a rolled-back step tells nobody."""
    transaction.on_commit(lambda: case_changed(case_id, event_id))


def _actor_unit(actor, case: Case) -> int | None:
    """The unit the actor acted for: the assigned unit they handle for, else their deepest
    grant covering the case's grid."""
    units = set(case.assigned_unit_ids())
    best = None
    for g in permissions.grants(actor):
        if g.unit_id in units:
            return g.unit_id
        if g.covers(case.grid.path) and (best is None or len(g.path) > len(best.path)):
            best = g
    return best.unit_id if best else None
