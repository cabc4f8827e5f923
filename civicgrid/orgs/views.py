"""Pages for social organisations: the register and each organisation's record, tenders (bids,
the panel's declarations and scores, the standings with every score, award, contract,
deliverables, evaluation), subsidies; and the public directory with the subsidy recipients and
the awarded tenders. In scope or 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.participation.views import _date, _moment
from civicgrid.web.feedback import refused

from . import procurement as p
from . import services as s
from .models import HubNode, Organisation, Score, Subsidy, Tender


def _led_areas(user):
    return [a for a in Area.objects.around(user).filter(level__lte=4).order_by("code")
            if permissions.can_lead(user, a)]  # fmt: skip


def _fields(post) -> dict:
    return {
        name: post.get(name, "")
        for name in ("type", "credit_code", "authority", "party_branch", "staff", "volunteers",
                     "contact_name", "incubation", "rating", "honours")
    }  # fmt: skip


def may_list_organisations(user) -> bool:
    """Those who lead an area, or see some organisation (the menu asks the same)."""
    return bool(_led_areas(user)) or s.visible(user).exists()


@login_required
def organisation_list(request):
    areas = _led_areas(request.user)
    if request.method == "POST" and areas:
        post = request.POST
        try:
            org = s.register(
                actor=request.user, name=post.get("name", ""), code=post.get("code", ""),
                service_area=next((a for a in areas if str(a.pk) == post.get("service_area")), None),
                phone=post.get("phone", ""),
                hub=HubNode.objects.filter(pk=post.get("hub") or 0).first(),
                registered_on=_date(post.get("registered_on"), "registered_on")
                if post.get("registered_on") else None,
                **_fields(post),
            )  # fmt: skip
        except DomainError as exc:
            refused(request, exc)
        else:
            return redirect("orgs:organisation", org.pk)
    orgs = s.visible(request.user)
    if not may_list_organisations(request.user):
        raise Http404
    return render(
        request,
        "orgs/organisations.html",
        {
            "organisations": orgs[:300],
            "areas": areas,
            "types": Organisation.Type.choices,
            "incubations": Organisation.Incubation.choices,
            "hubs": HubNode.objects.all(),
        },
    )


@login_required
def organisation_detail(request, pk: int):
    org = get_object_or_404(s.visible(request.user), pk=pk)
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "subsidy":
                s.subsidy_apply(
                    actor=request.user, organisation=org, purpose=post.get("purpose", ""),
                    reason=post.get("reason", ""), requested=post.get("requested"),
                )  # fmt: skip
            elif post.get("action") == "update":
                s.update(actor=request.user, organisation=org, phone=post.get("phone") or None,
                         **_fields(post))  # fmt: skip
            else:
                raise Http404
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:organisation", org.pk)
    return render(
        request,
        "orgs/organisation.html",
        {
            "org": org,
            "leads": s.leads(request.user, org),
            "mine": s.works_for(request.user, org),
            "contracts": org.bids.filter(tender__contract__isnull=False).select_related(
                "tender__contract"
            ),
            "subsidies": org.subsidies.all(),
            "types": Organisation.Type.choices,
            "incubations": Organisation.Incubation.choices,
        },
    )


def _tenders(user):
    """Tenders of the areas the user works in, and those their organisations may bid for or
    their panel seats concern."""
    from django.db.models import Q

    units = {g.unit_id for g in permissions.grants(user)}
    served = Organisation.objects.filter(unit_id__in=units).values("service_area__path")
    paths = [row["service_area__path"] for row in served]
    q = Q(area__in=Area.objects.around(user)) | Q(panel=user)
    for path in paths:
        q |= Q(area__path__startswith=path) | Q(area__path__in=_ancestors(path))
    return Tender.objects.filter(q).distinct().select_related("area", "buyer")


def _ancestors(path: str) -> list[str]:
    codes = [c for c in path.strip("/").split("/") if c]
    return ["/".join(codes[: n + 1]) + "/" for n in range(len(codes))]


@login_required
def tender_list(request):
    areas = _led_areas(request.user)
    if request.method == "POST" and areas:
        post = request.POST
        try:
            criteria = [
                {"name": name, "weight": weight}
                for name, weight in zip(
                    post.getlist("criterion"), post.getlist("weight"), strict=False
                )
                if name.strip() or weight.strip()
            ]
            area = next((a for a in areas if str(a.pk) == post.get("area")), None)
            tender = p.tender_open(
                actor=request.user, area=area,
                buyer=OrgUnit.objects.filter(pk=post.get("buyer") or 0).first(),
                title=post.get("title", ""), needs=post.get("needs", ""),
                budget=post.get("budget"), criteria=criteria,
                deadline=_moment(post.get("deadline"), "deadline"),
                panel=list(User.objects.filter(pk__in=post.getlist("panel"), is_active=True)),
            )  # fmt: skip
        except DomainError as exc:
            refused(request, exc)
        else:
            return redirect("orgs:tender", tender.pk)
    tenders = _tenders(request.user)
    if not areas and not tenders.exists():
        raise Http404
    return render(
        request,
        "orgs/tenders.html",
        {
            "tenders": tenders[:200],
            "areas": areas,
            "buyers": OrgUnit.objects.filter(kind__in=("street_office", "department"), active=True),
            "staff": User.objects.filter(is_active=True, assignments__active=True)
            .exclude(assignments__role="resident")
            .distinct()
            .order_by("username")[:300],
        },
    )


@login_required
def tender_detail(request, pk: int):
    tender = get_object_or_404(_tenders(request.user), pk=pk)
    user = request.user
    mine = list(
        Organisation.objects.filter(unit_id__in={g.unit_id for g in permissions.grants(user)})
    )
    if request.method == "POST":
        post = request.POST
        try:
            action = post.get("action")
            if action == "bid":
                organisation = next(
                    (o for o in mine if str(o.pk) == post.get("organisation")), None
                )
                if organisation is None:
                    raise DomainError(_("Choose your organisation."), code="required",
                                      field="organisation")  # fmt: skip
                p.bid(
                    actor=user, tender=tender, organisation=organisation,
                    amount=post.get("amount"), proposal=post.get("proposal", ""),
                    document=request.FILES.get("document"),
                )  # fmt: skip
            elif action == "declare":
                p.declare(actor=user, tender=tender, note=post.get("note", ""),
                          conflicts=list(tender.bids.filter(pk__in=post.getlist("conflicts"))))  # fmt: skip
            elif action == "score":
                the_bid = get_object_or_404(tender.bids, pk=post.get("bid") or 0)
                for n in range(len(tender.criteria)):
                    p.score(actor=user, bid_=the_bid, criterion=n, points=post.get(f"c{n}", ""))
            elif action == "award":
                p.award(actor=user, tender=tender)
            elif action == "cancel":
                p.cancel(actor=user, tender=tender)
            elif action == "contract":
                p.contract_sign(
                    actor=user, tender=tender, signed_on=_date(post.get("signed_on"), "signed_on"),
                    starts_on=_date(post.get("starts_on"), "starts_on"),
                    ends_on=_date(post.get("ends_on"), "ends_on"),
                )  # fmt: skip
            elif action == "deliverable":
                p.deliverable_add(actor=user, contract=tender.contract, title=post.get("title", ""),
                                  due_on=_date(post.get("due_on"), "due_on"))  # fmt: skip
            elif action == "deliver":
                item = get_object_or_404(
                    tender.contract.deliverables, pk=post.get("deliverable") or 0
                )
                p.deliver(actor=user, deliverable=item, report=post.get("report", ""),
                          document=request.FILES.get("document"))  # fmt: skip
            elif action == "evaluate":
                p.evaluate(actor=user, contract=tender.contract, points=post.get("points", ""),
                           note=post.get("note", ""))  # fmt: skip
            else:
                raise Http404
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:tender", tender.pk)
    leads = permissions.can_lead(user, tender.area)
    on_panel = tender.panel.filter(pk=user.pk).exists()
    sees_scores = leads or on_panel or tender.status == Tender.Status.AWARDED
    return render(
        request,
        "orgs/tender.html",
        {
            "tender": tender,
            "leads": leads,
            "on_panel": on_panel,
            "mine": mine,
            "declared": tender.declarations.filter(member=user).first(),
            "standings": p.standings(tender) if sees_scores else [],
            "scores": Score.objects.filter(bid__tender=tender).select_related(
                "member", "bid__organisation__unit") if sees_scores else Score.objects.none(),
            "my_bids": tender.bids.filter(organisation__in=mine),
            "contract": getattr(tender, "contract", None),
        },
    )  # fmt: skip


def may_list_subsidies(user) -> bool:
    """Those who lead an area, or whose organisation has subsidies (the links ask the same)."""
    own = Subsidy.objects.filter(
        organisation__unit_id__in={g.unit_id for g in permissions.grants(user)}
    )
    return bool(_led_areas(user)) or own.exists()


@login_required
def subsidy_list(request):
    user = request.user
    led_areas = _led_areas(user)
    led = Subsidy.objects.filter(organisation__service_area__in=led_areas)
    own = Subsidy.objects.filter(
        organisation__unit_id__in={g.unit_id for g in permissions.grants(user)}
    )
    subsidies = (led | own).distinct().select_related("organisation__unit")
    if request.method == "POST":
        post = request.POST
        subsidy = get_object_or_404(subsidies, pk=post.get("subsidy") or 0)
        try:
            action = post.get("action")
            if action == "review":
                s.subsidy_review(actor=user, subsidy=subsidy, recommend=post.get("ok") == "yes",
                                 review=post.get("text", ""))  # fmt: skip
            elif action == "decide":
                s.subsidy_decide(actor=user, subsidy=subsidy, approve=post.get("ok") == "yes",
                                 amount=post.get("amount"), decision=post.get("text", ""))  # fmt: skip
            elif action == "pay":
                s.subsidy_pay(actor=user, subsidy=subsidy,
                              paid_on=_date(post.get("paid_on"), "paid_on"),
                              reference=post.get("text", ""))  # fmt: skip
            else:
                raise Http404
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:subsidies")
    if not may_list_subsidies(user):
        raise Http404
    return render(request, "orgs/subsidies.html", {"subsidies": subsidies[:300]})


def public(request):
    """The directory, the subsidy recipients and the awarded tenders — no person, no phone."""
    return render(
        request,
        "orgs/public.html",
        {
            "organisations": Organisation.objects.select_related("unit", "service_area", "hub"),
            "recipients": s.recipients()[:300],
            "awarded": Tender.objects.filter(status=Tender.Status.AWARDED)
            .select_related("winner__organisation__unit", "area")
            .order_by("-awarded_at")[:100],
        },
    )
