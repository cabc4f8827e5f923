"""The one writer of a tender's and a subsidy's state.

Each writer locks the row (``select_for_update`` inside one transaction), asks the table of
``orgs/transitions.py`` whether the action may happen in the state it finds, applies the step's
own changes (``effect``, which may still refuse), writes the new state and one step on the
record (who, when, from, to, why) — all or nothing. Two steps on one object at once are taken
one after the other: the second finds the state the first left and is refused if the table no
longer allows it. Who may take a step is the services' question, asked before they call here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError, ErrorCode

from . import transitions
from .choices import SubsidyAction, TenderAction
from .models import Subsidy, SubsidyStep, Tender, TenderStep

TenderEffect = Callable[[Tender], Iterable[str]]
SubsidyEffect = Callable[[Subsidy], Iterable[str]]


def tender_opened(*, tender: Tender, actor: User, at: dt.datetime, note: str = "") -> TenderStep:
    """The first step of a tender just created open (inside the transaction that creates it)."""
    return TenderStep.objects.create(
        tender=tender, action=TenderAction.OPEN, from_state="", to_state=tender.status,
        at=at, actor=actor, note=note,
    )  # fmt: skip


@transaction.atomic
def tender_transition(
    *,
    tender_id: int,
    action: TenderAction,
    actor: User,
    now: dt.datetime,
    note: str = "",
    effect: TenderEffect | None = None,
) -> Tender:
    """Move the tender by ``action``; ``effect`` changes the locked row and returns the fields
    it changed. Refused when the tender's state does not allow the action."""
    tender = Tender.objects.select_for_update().get(pk=tender_id)
    target = transitions.tender_next(tender.status, action)
    if target is None:
        raise DomainError(_("The tender is decided."), code=ErrorCode.CLOSED, field="tender")
    changed = set(effect(tender)) if effect is not None else set()
    from_state, tender.status = tender.status, target
    tender.save(update_fields=sorted(changed | {"status", "updated_at"}))
    TenderStep.objects.create(
        tender=tender, action=action, from_state=from_state, to_state=target, at=now,
        actor=actor, note=note,
    )  # fmt: skip
    return tender


def subsidy_applied(
    *, subsidy: Subsidy, actor: User, at: dt.datetime, note: str = ""
) -> SubsidyStep:
    """The first step of a subsidy just applied for (inside the transaction that creates it)."""
    return SubsidyStep.objects.create(
        subsidy=subsidy, action=SubsidyAction.APPLY, from_state="", to_state=subsidy.status,
        at=at, actor=actor, note=note,
    )  # fmt: skip


@transaction.atomic
def subsidy_transition(
    *,
    subsidy_id: int,
    action: SubsidyAction,
    actor: User,
    now: dt.datetime,
    note: str = "",
    effect: SubsidyEffect | None = None,
) -> Subsidy:
    """Move the subsidy by ``action``; ``effect`` changes the locked row and returns the fields
    it changed. Refused when the subsidy's state does not allow the action."""
    subsidy = (
        Subsidy.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=subsidy_id)
    )
    target = transitions.subsidy_next(subsidy.status, action)
    if target is None:
        raise DomainError(
            _("A subsidy that is “%(status)s” cannot go there.")
            % {"status": subsidy.get_status_display()},
            code=ErrorCode.CONFLICT,
            field="subsidy",
        )
    changed = set(effect(subsidy)) if effect is not None else set()
    from_state, subsidy.status = subsidy.status, target
    subsidy.save(update_fields=sorted(changed | {"status", "updated_at"}))
    SubsidyStep.objects.create(
        subsidy=subsidy, action=action, from_state=from_state, to_state=target, at=now,
        actor=actor, note=note,
    )  # fmt: skip
    return subsidy
