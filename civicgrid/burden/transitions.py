"""An admission application's workflow as a table: which action moves which state where.

Pure Python, no database. ``burden/workflow.py`` is the only writer of ``Application.status``
and consults this table; what is not in it cannot happen.

    applied ─admit→ admitted ─withdraw→ withdrawn
    applied ─refuse→ refused
    applied ─withdraw→ withdrawn

Applying creates an application in its first state (applied), with its first step; who may take
each step is checked by the services (``burden/admission.py``) before they ask the writer.
"""

from __future__ import annotations

from .choices import ApplicationAction
from .models import Application

AS, AA = Application.Status, ApplicationAction

APPLICATION_FILED = AS.APPLIED
APPLICATION: dict[tuple[str, str], str] = {
    (AS.APPLIED, AA.ADMIT): AS.ADMITTED,
    (AS.APPLIED, AA.REFUSE): AS.REFUSED,
    (AS.APPLIED, AA.WITHDRAW): AS.WITHDRAWN,
    (AS.ADMITTED, AA.WITHDRAW): AS.WITHDRAWN,
}

# each step's name on the record (and in the API's steps): the state it reached
STEP_NAMES: dict[str, str] = {
    AA.APPLY: "applied",
    AA.ADMIT: "admitted",
    AA.REFUSE: "refused",
    AA.WITHDRAW: "withdrawn",
}


def application_next(state: str, action: str) -> str | None:
    """The state ``action`` moves an application in ``state`` to, or None when it may not."""
    return APPLICATION.get((state, action))
