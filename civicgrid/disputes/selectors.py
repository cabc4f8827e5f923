"""Reads of disputes, scoped through their cases."""

from civicgrid.cases.models import Case
from civicgrid.core.errors import NotFound

from .models import Dispute


def dispute_list(*, user, risk: str = "", unresolved: bool = False):
    qs = Dispute.objects.filter(case__in=Case.objects.visible_to(user)).select_related(
        "case", "case__case_class", "case__grid", "responsible_leader"
    )
    if risk:
        qs = qs.filter(risk=risk)
    if unresolved:
        qs = qs.filter(resolved=False)
    return qs.order_by("-id")


def dispute_for_case(*, user, case_id: int) -> Dispute:
    found = (
        dispute_list(user=user)
        .filter(case_id=case_id)
        .prefetch_related(
            "parties", "sessions__mediators", "follow_ups__by", "counsel__adviser", "counsel__panel"
        )
        .first()
    )
    if found is None:
        raise NotFound("No such dispute.")
    return found
