"""Which pages a user may open, asked by the same predicates the pages' views ask: the menu and
the links between pages show a page only when it would open (never a link that answers 404).

A page without a gate here opens for everyone signed in; each gate is the view's own test."""

from __future__ import annotations

from collections.abc import Callable


def _command(user) -> bool:
    from civicgrid.areas.selectors import top_case_area

    return top_case_area(user) is not None  # web/command.py: _chosen


def _phone(user) -> bool:
    from civicgrid.web.phone import may_open

    return may_open(user)


def _register(user) -> bool:
    from civicgrid.accounts.permissions import can_view_any_register

    return can_view_any_register(user)


def _calls(user) -> bool:
    from civicgrid.participation.views import may_list_calls

    return may_list_calls(user)


def _applications(user) -> bool:
    from civicgrid.duties.admission_views import may_list_applications

    return may_list_applications(user)


def _tasks(user) -> bool:
    from civicgrid.duties.task_views import may_list_tasks

    return may_list_tasks(user)


def _complaints(user) -> bool:
    from civicgrid.duties.complaint_views import may_list_complaints

    return may_list_complaints(user)


def _organisations(user) -> bool:
    from civicgrid.orgs.views import may_list_organisations

    return may_list_organisations(user)


def _subsidies(user) -> bool:
    from civicgrid.orgs.views import may_list_subsidies

    return may_list_subsidies(user)


def _round_results(user) -> bool:
    from civicgrid.evaluation.rounds import visible_units

    return bool(visible_units(user))


def _power_audit(user) -> bool:
    from civicgrid.accounts.audit_views import can_view_power_audit

    return can_view_power_audit(user)


GATES: dict[str, Callable] = {
    "accounts:power_audit": _power_audit,
    "command": _command,
    "phone": _phone,
    "registry:persons": _register,
    "registry:households": _register,
    "registry:buildings": _register,
    "registry:units": _register,
    "participation:calls": _calls,
    "duties:applications": _applications,
    "duties:tasks": _tasks,
    "duties:complaints": _complaints,
    "orgs:organisations": _organisations,
    "orgs:subsidies": _subsidies,
    "evaluation:round_results": _round_results,
}


def opens(user, name: str) -> bool:
    """May ``user`` open the page named ``name`` (answered once per request and page)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    gate = GATES.get(name)
    if gate is None:
        return True
    cache = user.__dict__.setdefault("_cg_opens", {})
    if name not in cache:
        cache[name] = bool(gate(user))
    return cache[name]
