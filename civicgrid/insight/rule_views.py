"""Suggested routing-rule changes learnt from returns: listed for the district's
administrators (who keep the rules), each with the cases behind it, accepted (the rule is
written) or refused with the reason. 404 for anyone else."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.core.client import client_address
from civicgrid.core.forms import Styled, acted

from . import returns
from .rule_models import RuleSuggestion

RELATED = ("case_class", "area", "from_unit", "to_unit", "decided_by", "rule")


class RefuseForm(Styled):
    note = forms.CharField(label=gettext_lazy("reason"), max_length=300)


def _admin(request: HttpRequest):
    if not returns.may_decide(request.user):
        raise Http404
    return request.user


@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    _admin(request)
    decided = request.GET.get("decided") == "1"
    rows = RuleSuggestion.objects.select_related(*RELATED)
    rows = rows.exclude(status=RuleSuggestion.Status.PENDING) if decided else rows.filter(
        status=RuleSuggestion.Status.PENDING)  # fmt: skip
    return render(request, "insight/rule_suggestions.html",
                  {"rows": rows[:200], "decided": decided})  # fmt: skip


@login_required
def suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin(request)
    row = get_object_or_404(RuleSuggestion.objects.select_related(*RELATED), pk=pk)
    form = RefuseForm(request.POST or None, auto_id="refuse_%s")
    if request.method == "POST" and row.status == RuleSuggestion.Status.PENDING:
        if request.POST.get("accept"):
            done = acted(request, forms.Form({}), lambda _data: returns.accept(
                actor=user, suggestion=row, address=client_address(request)))  # fmt: skip
            if done is not None:
                messages.success(request, _("The rule is written."))
                return redirect("insight:rule_suggestion", row.pk)
        else:
            done = acted(request, form, lambda data: returns.refuse(actor=user, suggestion=row,
                                                                    note=data["note"]))  # fmt: skip
            if done is not None:
                messages.success(request, _("Refused."))
                return redirect("insight:rule_suggestion", row.pk)
    return render(request, "insight/rule_suggestion.html", {
        "s": row, "form": form,
        "cases": row.cases.select_related("case_class", "grid").order_by("-reported_at")[:200],
    })  # fmt: skip
