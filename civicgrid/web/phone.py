"""The grid worker's phone (a 360-pixel screen): today's tasks, a patrol report in three taps,
the households due a visit, and a look-up in the grid. Small pages for slow connections."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.cases import selectors as cases
from civicgrid.registry import selectors as register

SHOWN = 10  # items per section: the rest is one tap away on the full list


def may_open(user) -> bool:
    """The phone page opens for those who see some cases or some of the register (the menu's
    "My grid" asks the same)."""
    return bool(permissions.scope_paths(user, permissions.VIEW_CASES)) or bool(
        permissions.scope_paths(user, permissions.VIEW_REGISTER)
    )


@login_required
def phone(request):
    user = request.user
    held = {g.role for g in permissions.grants(user)}
    reports = bool(permissions.scope_paths(user, permissions.VIEW_CASES))
    registry = bool(permissions.scope_paths(user, permissions.VIEW_REGISTER))
    if not may_open(user):
        raise Http404
    tasks = []
    if Role.SUPERVISOR in held:
        tasks = list(cases.queue(user=user, role=Role.SUPERVISOR)[:SHOWN])
    due = list(register.visits_due(user=user)[: SHOWN + 1]) if registry else []
    return render(
        request,
        "web/phone.html",
        {
            "tasks": tasks,
            "supervises": Role.SUPERVISOR in held,
            "reports": reports,
            "registry": registry,
            "due": due[:SHOWN],
            "more_due": len(due) > SHOWN,
        },
    )
