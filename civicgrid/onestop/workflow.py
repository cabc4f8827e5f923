"""The one writer of an application's state.

It locks the row (``select_for_update`` inside one transaction), asks ``transitions.py`` whether
the action may happen in the state it finds, applies the step's own changes (``effect``, which
may still refuse), writes the new state and one step on the record — all or nothing. Who may
take a step is the services' question, asked before they call here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.errors import DomainError, ErrorCode

from . import transitions
from .application_models import Application, ApplicationStep

Effect = Callable[[Application], Iterable[str]]


def opened(*, application: Application, action: str, actor: User, at: dt.datetime,
           note: str = "") -> ApplicationStep:  # fmt: skip
    """The first step of an application just created (inside the transaction creating it)."""
    return ApplicationStep.objects.create(
        application=application, action=action, from_state="", to_state=application.status,
        at=at, actor=actor, note=note,
    )  # fmt: skip


@transaction.atomic
def transition(*, application_id: int, action: str, actor: User, now: dt.datetime,
               note: str = "", effect: Effect | None = None) -> Application:  # fmt: skip
    """Move the application by ``action``; ``effect`` changes the locked row and returns the
    fields it changed. Refused when the application's state does not allow the action."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("item", "office", "centre")
        .get(pk=application_id)
    )
    target = transitions.next_state(application.status, action)
    if target is None:
        raise DomainError(
            _("An application that is “%(status)s” cannot go there.")
            % {"status": application.get_status_display()},
            code=ErrorCode.CONFLICT,
            field="application",
        )
    changed = set(effect(application)) if effect is not None else set()
    from_state, application.status = application.status, target
    application.save(update_fields=sorted(changed | {"status", "updated_at"}))
    ApplicationStep.objects.create(
        application=application, action=action, from_state=from_state, to_state=target,
        at=now, actor=actor, note=note,
    )  # fmt: skip
    return application
