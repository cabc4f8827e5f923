"""Pages for social organisations: the register and each organisation's record, tenders (bids,
the panel's declarations and scores, the standings with every score, award, contract,
deliverables, evaluation), subsidies; and the public directory with the subsidy recipients and
the awarded tenders. In scope or 404.

Each form a page sends is a Django form (``orgs/forms.py``, ``orgs/tender_forms.py``); a page
with several names the one it sent in ``action``, and a table says which form reads it and which
service acts on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.core.forms import acted as _act
from civicgrid.core.forms import sent as _sent

from . import contracts, procurement, selectors, services
from . import tender_forms as tf
from .forms import (
    OrganisationEntryForm,
    OrganisationRegisterForm,
    SubsidyApplyForm,
    SubsidyDecideForm,
    SubsidyPayForm,
    SubsidyReviewForm,
    SubsidyStepForm,
)
from .models import Contract, HubNode, Organisation, Tender

Handler = Callable[[User, Any, dict[str, Any]], object]
T = TypeVar("T")


def _user(request: HttpRequest) -> User:
    """The signed-in user (every page here but the public one asks for a login)."""
    assert isinstance(request.user, User)
    return request.user


def may_list_organisations(user: User) -> bool:
    """Those who lead an area, or see some organisation (the menu asks the same)."""
    return bool(selectors.areas_led(user)) or selectors.organisation_list(user=user).exists()


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    areas = selectors.areas_led(user)
    if request.method == "POST" and areas:
        form = OrganisationRegisterForm(request.POST, areas=areas)
        org = _act(request, form, lambda data: services.organisation_register(
            actor=user, **data))  # fmt: skip
        if org is not None:
            return redirect("orgs:organisation", org.pk)
    if not may_list_organisations(user):
        raise Http404
    return render(
        request,
        "orgs/organisations.html",
        {
            "organisations": selectors.organisation_list(user=user)[:300],
            "areas": areas,
            "types": Organisation.Type.choices,
            "incubations": Organisation.Incubation.choices,
            "hubs": HubNode.objects.all(),
        },
    )


ORGANISATION_ACTIONS: dict[str, tuple[type[forms.Form], Handler]] = {
    "subsidy": (SubsidyApplyForm, lambda user, org, data: services.subsidy_apply(
        actor=user, organisation=org, **data)),
    "update": (OrganisationEntryForm, lambda user, org, data: services.organisation_update(
        actor=user, organisation=org, **data)),
}  # fmt: skip


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    org = get_object_or_404(selectors.organisation_list(user=user), pk=pk)
    if request.method == "POST":
        form_class, handler = ORGANISATION_ACTIONS[_sent(request, ORGANISATION_ACTIONS)]
        done = _act(request, form_class(request.POST), lambda data: handler(user, org, data))
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("orgs:organisation", org.pk)
    return render(
        request,
        "orgs/organisation.html",
        {
            "org": org,
            "leads": permissions.can_lead(user, org.service_area),
            "mine": permissions.works_for(user, org.unit_id),
            "contracts": org.bids.filter(tender__contract__isnull=False).select_related(
                "tender__contract"
            ),
            "subsidies": org.subsidies.all(),
            "types": Organisation.Type.choices,
            "incubations": Organisation.Incubation.choices,
        },
    )


def _buyers():
    return OrgUnit.objects.filter(kind__in=("street_office", "department"), active=True)


def _staff():
    return (
        User.objects.filter(is_active=True, assignments__active=True)
        .exclude(assignments__role="resident")
        .distinct()
        .order_by("username")
    )


@login_required
def tender_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    areas = selectors.areas_led(user)
    if request.method == "POST" and areas:
        form = tf.TenderOpenForm(request.POST, areas=areas, buyers=_buyers(), staff=_staff())
        tender = _act(request, form, lambda data: procurement.tender_open(
            actor=user, **data))  # fmt: skip
        if tender is not None:
            return redirect("orgs:tender", tender.pk)
    tenders = selectors.tender_list(user=user)
    if not areas and not tenders.exists():
        raise Http404
    return render(
        request,
        "orgs/tenders.html",
        {
            "tenders": tenders[:200],
            "areas": areas,
            "buyers": _buyers(),
            "staff": _staff()[:300],
        },
    )


def _contract(tender: Tender) -> Contract:
    return get_object_or_404(Contract, tender=tender)


TENDER_ACTIONS: dict[str, tuple[type[tf.TenderStepForm], Handler]] = {
    "bid": (tf.BidForm, lambda user, tender, data: procurement.bid_submit(
        actor=user, tender=tender, **data)),
    "declare": (tf.DeclarationForm, lambda user, tender, data: procurement.declaration_submit(
        actor=user, tender=tender, conflicts=list(data["conflicts"]), note=data["note"])),
    "score": (tf.ScoreForm, lambda user, tender, data: procurement.bid_score_all(
        actor=user, bid=data["bid"], points=data["points"])),
    "award": (tf.DecisionForm, lambda user, tender, data: procurement.tender_award(
        actor=user, tender=tender, **data)),
    "cancel": (tf.DecisionForm, lambda user, tender, data: procurement.tender_cancel(
        actor=user, tender=tender, **data)),
    "contract": (tf.ContractForm, lambda user, tender, data: contracts.contract_sign(
        actor=user, tender=tender, **data)),
    "deliverable": (tf.DeliverableForm, lambda user, tender, data: contracts.deliverable_add(
        actor=user, contract=_contract(tender), **data)),
    "deliver": (tf.DeliveredForm, lambda user, tender, data: contracts.deliverable_report(
        actor=user, **data)),
    "evaluate": (tf.EvaluationForm, lambda user, tender, data: contracts.contract_evaluate(
        actor=user, contract=_contract(tender), **data)),
}  # fmt: skip


@login_required
def tender_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    tender = get_object_or_404(selectors.tender_list(user=user), pk=pk)
    mine = selectors.own_organisations(user)
    if request.method == "POST":
        form_class, handler = TENDER_ACTIONS[_sent(request, TENDER_ACTIONS)]
        form = form_class(request.POST, request.FILES, tender=tender, mine=mine)
        if _act(request, form, lambda data: handler(user, tender, data)) is not None:
            messages.success(request, _("Saved."))
            return redirect("orgs:tender", tender.pk)
    standings, scores = selectors.tender_scores(user=user, tender=tender)
    return render(
        request,
        "orgs/tender.html",
        {
            "tender": tender,
            "leads": permissions.can_lead(user, tender.area),
            "on_panel": tender.panel.filter(pk=user.pk).exists(),
            "mine": list(mine),
            "declared": tender.declarations.filter(member=user).first(),
            "standings": standings,
            "scores": scores,
            "my_bids": tender.bids.filter(organisation__in=mine),
            "contract": getattr(tender, "contract", None),
        },
    )


def may_list_subsidies(user: User) -> bool:
    """Those who lead an area, or whose organisation has subsidies (the links ask the same)."""
    return bool(selectors.areas_led(user)) or selectors.subsidy_list(user=user).exists()


SUBSIDY_ACTIONS: dict[str, tuple[type[SubsidyStepForm], Handler]] = {
    "review": (SubsidyReviewForm, lambda user, _none, data: services.subsidy_review(
        actor=user, subsidy=data["subsidy"], recommend=data["ok"] == "yes",
        review=data["text"])),
    "decide": (SubsidyDecideForm, lambda user, _none, data: services.subsidy_decide(
        actor=user, subsidy=data["subsidy"], approve=data["ok"] == "yes",
        amount=data["amount"], decision=data["text"])),
    "pay": (SubsidyPayForm, lambda user, _none, data: services.subsidy_pay(
        actor=user, subsidy=data["subsidy"], paid_on=data["paid_on"], reference=data["text"])),
}  # fmt: skip


@login_required
def subsidy_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    subsidies = selectors.subsidy_list(user=user)
    if request.method == "POST":
        form_class, handler = SUBSIDY_ACTIONS[_sent(request, SUBSIDY_ACTIONS)]
        form = form_class(request.POST, subsidies=subsidies)
        if _act(request, form, lambda data: handler(user, None, data)) is not None:
            messages.success(request, _("Saved."))
            return redirect("orgs:subsidies")
    if not may_list_subsidies(user):
        raise Http404
    return render(request, "orgs/subsidies.html", {"subsidies": subsidies[:300]})


def public(request: HttpRequest) -> HttpResponse:
    """The directory, the subsidy recipients and the awarded tenders — no person, no phone."""
    return render(
        request,
        "orgs/public.html",
        {
            "organisations": Organisation.objects.select_related("unit", "service_area", "hub"),
            "recipients": selectors.subsidy_recipients()[:300],
            "awarded": Tender.objects.filter(status=Tender.Status.AWARDED)
            .select_related("winner__organisation__unit", "area")
            .order_by("-awarded_at")[:100],
        },
    )
