"""The rewards and accountability page (``consequences.py`` says the rules): the decisions the
user sees, and for those who oversee results the form to record one. Anyone who sees none and
oversees nothing: 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.core.forms import Action, kept_or, run_action

from . import consequences
from .choices import RoundState
from .consequence_forms import ConsequenceForm
from .definitions import BY_CODE
from .models import Assessment

ACTIONS: dict[str, Action] = {
    "decide": (ConsequenceForm, lambda u, _s, d: consequences.decide(actor=u, **d)),
}


def may_open(user: User) -> bool:
    units, areas = consequences.subjects(user)
    return units.exists() or areas.exists() or consequences.seen(user).exists()


@login_required
def consequence_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    units, areas = consequences.subjects(user)
    rows = consequences.seen(user)
    acts = units.exists() or areas.exists()
    if not acts and not rows.exists():
        raise Http404
    final = Assessment.objects.filter(round__state=RoundState.CLOSED).select_related(
        "round", "unit", "area"
    )
    limits: dict[str, dict[str, Any]] = {"decide": {
        "units": units.order_by("kind", "name"), "areas": areas.order_by("path"),
        "assessments": final.filter(unit__in=units) | final.filter(area__in=areas),
    }}  # fmt: skip
    posted = None
    if request.method == "POST" and acts:
        posted = run_action(request, ACTIONS, None, limits)
        if posted.done is not None:
            return redirect("evaluation:consequences")
    shown = list(rows[:500])
    for c in shown:
        indicator = BY_CODE.get(c.indicator)
        c.indicator_name = str(indicator.name) if indicator else c.indicator  # type: ignore[attr-defined]
    return render(request, "evaluation/consequences.html", {
        "rows": shown,
        "form": kept_or(posted, "decide", lambda: ConsequenceForm(
            initial={"decided_on": timezone.localdate()}, auto_id="decide_%s",
            **limits["decide"])) if acts else None,
    })  # fmt: skip
