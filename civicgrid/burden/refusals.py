"""The record of unadmitted attempts against each community: tasks refused (``tasks.py``),
dispatches the negative list refused (kept here when the case loop reports them through the duty
lists, ``duties.enforce``), and complaints the review office upheld (``complaints.py``)."""

from __future__ import annotations

from civicgrid.core.text import column_length, shortened
from civicgrid.duties.enforce import RefusedDispatch

from .models import Refusal

# the record quotes what was refused and the rule: shortened visibly (…) where longer, the whole
# text staying where it came from (the case, the list item, the complaint's finding)
WHAT_MAX = column_length(Refusal, "what")
RULE_MAX = column_length(Refusal, "rule")


def refusal_record_dispatch(refused: RefusedDispatch) -> Refusal:
    """A dispatch refused by the negative list, as pushed by the unit the dispatcher acted for."""
    case = refused.case
    return Refusal.objects.create(
        source=Refusal.Source.DISPATCH,
        department_id=refused.unit_id,
        community=refused.community,
        case=case,
        what=shortened(f"{case.number} {case.case_class.label}", WHAT_MAX),
        rule=shortened(refused.rule, RULE_MAX),
        by=refused.actor,
    )
