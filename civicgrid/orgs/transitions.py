"""The tender's and the subsidy's workflows as tables: which action moves which state where.

Pure Python, no database. ``orgs/workflow.py`` is the only writer of ``Tender.status`` and
``Subsidy.status`` and consults these tables; what is not in a table cannot happen.

    tender:   open ─award→ awarded;  open ─cancel→ cancelled
    subsidy:  applied ─recommend→ recommended ─approve→ approved ─pay→ paid
              applied ─not_recommend→ refused;  recommended ─refuse→ refused

Opening a tender and applying for a subsidy create it in its first state (open, applied), with
its first step; who may take each step is checked by the services before they ask the writer.
"""

from __future__ import annotations

from .choices import SubsidyAction, TenderAction
from .models import Subsidy, Tender

TS, TA = Tender.Status, TenderAction
SS, SA = Subsidy.Status, SubsidyAction

TENDER_OPENED = TS.OPEN
TENDER: dict[tuple[str, str], str] = {
    (TS.OPEN, TA.AWARD): TS.AWARDED,
    (TS.OPEN, TA.CANCEL): TS.CANCELLED,
}

SUBSIDY_APPLIED = SS.APPLIED
SUBSIDY: dict[tuple[str, str], str] = {
    (SS.APPLIED, SA.RECOMMEND): SS.RECOMMENDED,
    (SS.APPLIED, SA.NOT_RECOMMEND): SS.REFUSED,
    (SS.RECOMMENDED, SA.APPROVE): SS.APPROVED,
    (SS.RECOMMENDED, SA.REFUSE): SS.REFUSED,
    (SS.APPROVED, SA.PAY): SS.PAID,
}


def tender_next(state: str, action: str) -> str | None:
    """The state ``action`` moves a tender in ``state`` to, or None when it may not."""
    return TENDER.get((state, action))


def subsidy_next(state: str, action: str) -> str | None:
    """The state ``action`` moves a subsidy in ``state`` to, or None when it may not."""
    return SUBSIDY.get((state, action))
