"""The one writer of a rating round's and an assessment round's state.

It locks the round's row (``select_for_update`` inside one transaction), asks the table of
``evaluation/transitions.py`` whether the action may happen in the state it finds, writes the
new state and one step on the record (who, when, from, to, why) — all or nothing. Two steps on
one round at once are taken one after the other: the second finds the state the first left and
is refused when the table no longer allows it. Rounds are district configuration: only those who
manage the district's rules move them.

The services that change what a round holds (a sheet, a score, an appeal) lock the same row
before they look at its state (``evaluation/locks.py``), so that
nothing slips into a round while it is being made final.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError, ErrorCode, NotPermitted

from . import transitions
from .choices import RoundAction, RoundState
from .locks import locked_assessment_round, locked_rating_round
from .models import AssessmentRound, AssessmentRoundStep, RatingRound, RatingRoundStep
from .sending import send


def _move(rnd: RatingRound | AssessmentRound, step: type[Model], **record) -> None:
    action = record["action"]
    target = transitions.round_next(rnd.state, action)
    if target is None:
        raise DomainError(
            _("A round that is “%(state)s” cannot be moved by “%(action)s”.")
            % {
                "state": RoundState(rnd.state).label,
                "action": RoundAction(action).label,
            },
            code=ErrorCode.CONFLICT,
            field="state",
        )
    from_state, rnd.state = rnd.state, target
    rnd.save(update_fields=["state", "updated_at"])
    step._default_manager.create(round=rnd, from_state=from_state, to_state=target, **record)


def _may_move(actor: User) -> None:
    if not permissions.can_manage_rules(actor):
        raise NotPermitted(_("Only the district's administrators close and reopen rounds."))


@transaction.atomic
def rating_round_transition(
    *, round_id: int, action: RoundAction, actor: User, now: dt.datetime, note: str = ""
) -> RatingRound:
    """Move the rating round by ``action``; refused when its state does not allow it."""
    _may_move(actor)
    rnd = locked_rating_round(round_id)
    _move(rnd, RatingRoundStep, action=action, actor=actor, at=now, note=note)
    return rnd


@transaction.atomic
def assessment_round_transition(
    *, round_id: int, action: RoundAction, actor: User, now: dt.datetime, note: str = ""
) -> AssessmentRound:
    """Move the assessment round by ``action``; refused when its state does not allow it."""
    _may_move(actor)
    rnd = locked_assessment_round(round_id)
    _move(rnd, AssessmentRoundStep, action=action, actor=actor, at=now, note=note)
    if action == RoundAction.CLOSE:
        send(rnd)  # community workers' results go to the party organisation
    return rnd
