"""The pages of community workers' assessments (``evaluation/workers.py``): a rater group's
member rates an item, the party organisation decides on a result, and the list of results sent
to the party organisations. A worker's assessment is seen by its overseers and its raters (or it
is a 404); a verdict by the party organisation's side and the leaders over the worker."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import groups, workers
from .assessment_views import _assessment, _done
from .forms import GroupRatingForm, VerdictForm
from .models import SchemeItem, Verdict


@login_required
@require_POST
def assessment_rate(request, pk: int, apk: int, item_pk: int):
    a = _assessment(request.user, pk, apk)
    item = get_object_or_404(SchemeItem, pk=item_pk, scheme_id=a.round.scheme_id)
    return _done(
        request,
        a,
        GroupRatingForm(request.POST),
        lambda data: groups.group_rate(
            assessment=a, item=item, value=data["value"], actor=request.user
        ),
        _("Rating saved."),
        prefix=f"{item.title}: ",
    )


@login_required
@require_POST
def assessment_verdict(request, pk: int, apk: int):
    a = _assessment(request.user, pk, apk)
    verdict = get_object_or_404(Verdict, assessment=a)
    return _done(
        request,
        a,
        VerdictForm(request.POST),
        lambda data: workers.decide(verdict=verdict, actor=request.user, **data),
        _("Decision recorded."),
    )


@login_required
def verdict_list(request):
    """The results sent to the party organisations the user acts for, or of the workers whose
    roster they keep: pending first."""
    first = F("decided_on").asc(nulls_first=True)
    rows = workers.verdicts(request.user).order_by(first, "-sent_at", "pk")[:500]
    return render(request, "evaluation/verdicts.html", {"rows": rows})
