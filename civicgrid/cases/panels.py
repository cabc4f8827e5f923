"""The case page's action panels (``cases/_actions.html``): the actions offered, the main next
step first, each with what its form needs — the grouped unit picker, photos where the class
needs them as evidence, the rating with the callback — and none that could only fail."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import actions, pickers
from .choices import Action
from .forms import page_fields

# The main next step, offered first (its panel is the one open, and the "a" shortcut's): after
# signing, reporting the case handled — never a request for more time; a decision waiting
# before anything else of the dispatcher's.
MAIN = (
    Action.APPROVE_EXTENSION,
    Action.APPROVE_SUSPENSION,
    Action.RESUME,
    Action.VERIFY,
    Action.REGISTER,
    Action.DISPATCH,
    Action.SIGN,
    Action.REPORT_HANDLED,
    Action.PASS_CHECK,
    Action.SEND_CHECK,
    Action.CLOSE,
    Action.CALL_BACK,
    Action.RATE,
    Action.REOPEN,
)


def main_first(offered: list) -> list:
    """The offered actions with the main next steps first (in ``MAIN``'s order), then the
    others in the table's order."""
    rank = {a: n for n, a in enumerate(MAIN)}
    return sorted(offered, key=lambda a: rank.get(a, len(MAIN)))


@dataclass
class Panel:
    """One action's form on the case page (``cases/_actions.html``)."""

    action: str
    label: str
    fields: list[str]
    note_required: bool
    groups: list = field(default_factory=list)  # the unit picker's, where it asks for a unit
    unit_required: bool = False
    photos_required: bool = False
    rating: bool = False  # the callback asks for the rating too


def _suggestion_takes_it(suggestion, groups) -> bool:
    """The suggested unit may be given the case (it serves the case's place and the negative
    list lets it): only then may the dispatcher leave the unit to the suggestion."""
    lead = suggestion.lead_unit if suggestion is not None else None
    return lead is not None and any(
        c.unit.pk == lead.pk and not c.why for g in groups for c in g.choices
    )


def panels_of(case, offered: list, suggestion) -> list[Panel]:
    """The forms of the actions offered, none that would fail: adding a unit is not offered
    when no other unit serves the case, nor a dispatch with no unit to give it to; the rating
    the callback asks for is not a step of its own."""
    held = set(case.assigned_unit_ids())
    panels = []
    for a in main_first(offered):
        if a == Action.RATE and Action.CALL_BACK in offered:
            continue  # recorded with the callback, in the same form
        panel = Panel(
            action=a,
            label=str(Action(a).label),
            fields=page_fields(a),
            note_required=actions.SCHEMAS[a].needs_note is not None,
        )
        if "unit" in panel.fields:
            panel.groups = pickers.unit_groups(
                case,
                suggestion=suggestion if a == Action.DISPATCH else None,
                exclude=held if a == Action.ADD_UNIT else frozenset(),
            )
            panel.unit_required = a == Action.ADD_UNIT or (
                a == Action.DISPATCH and not _suggestion_takes_it(suggestion, panel.groups)
            )
            if panel.unit_required and not pickers.any_choosable(panel.groups):
                continue  # nothing to choose: the action could only fail
        if a in (Action.REPORT_HANDLED, Action.SELF_HANDLE):
            panel.photos_required = case.case_class.evidence_required
        panel.rating = a == Action.CALL_BACK and Action.RATE in offered
        panels.append(panel)
    return panels
