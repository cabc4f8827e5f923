"""The one writer of an admission application's state.

The writer locks the row (``select_for_update`` inside one transaction), asks the table of
``burden/transitions.py`` whether the action may happen in the state it finds, applies the
step's own changes (``effect``: the list versions an admission or a withdrawal makes, which may
still refuse), writes the new state and one step on the record (who, when, from, to, why) — all
or nothing. Two steps on one application at once are taken one after the other: the second finds
the state the first left and is refused if the table no longer allows it. Who may take a step is
the services' question (``burden/admission.py``), asked before they call here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civicgrid.core.errors import DomainError, ErrorCode

from . import transitions
from .choices import ApplicationAction
from .models import Application, ApplicationStep

Effect = Callable[[Application], Iterable[str]]

# what a step the table refuses is told, naming the field the page or the API sent it with
REFUSED = {
    ApplicationAction.ADMIT: (_("This application is decided."), "decision"),
    ApplicationAction.REFUSE: (_("This application is decided."), "decision"),
    ApplicationAction.WITHDRAW: (_("This application has ended."), "application"),
}


def application_filed(
    *, application: Application, actor, at: dt.datetime, note: str = ""
) -> ApplicationStep:
    """The first step of an application just made (inside the transaction that makes it)."""
    return ApplicationStep.objects.create(
        application=application,
        action=transitions.STEP_NAMES[ApplicationAction.APPLY],
        from_state="",
        to_state=application.status,
        at=at,
        actor=actor,
        note=note,
    )


@transaction.atomic
def application_transition(
    *,
    application_id: int,
    action: ApplicationAction,
    actor,
    now: dt.datetime,
    note: str = "",
    effect: Effect | None = None,
) -> Application:
    """Move the application by ``action``; ``effect`` changes the locked row (seeing the state
    it was in) and returns the fields it changed. Refused when the state does not allow it."""
    application = Application.objects.select_for_update().get(pk=application_id)
    target = transitions.application_next(application.status, action)
    if target is None:
        message, field = REFUSED[action]
        raise DomainError(str(message), code=ErrorCode.DECIDED, field=field)
    changed = set(effect(application)) if effect is not None else set()
    from_state, application.status = application.status, target
    application.save(update_fields=sorted(changed | {"status", "updated_at"}))
    ApplicationStep.objects.create(
        application=application,
        action=transitions.STEP_NAMES[action],
        from_state=from_state,
        to_state=target,
        at=now,
        actor=actor,
        note=note,
    )
    return application
