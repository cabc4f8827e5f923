"""Opinion pages: staff collect, route and resolve residents' opinions and read each community's
resolution rate; residents give theirs on the portal (logged in); claims of projects and
volunteer tasks with their service hours. In scope or 404."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, TooManyAttempts
from civicgrid.core.ratelimit import Limit
from civicgrid.web.feedback import refused

from . import councils, opinions
from .council_views import _areas
from .models import Claim, Meeting, Opinion, Project, Proposal
from .views import _date


def _period(params) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start = _date(params.get("from") or f"{today.year}-01-01", "from")
    end = _date(params.get("to") or today.isoformat(), "to")
    if end < start:
        raise DomainError(_("Ends before it starts."), code="invalid", field="to")
    return start, end


@login_required
def opinion_list(request):
    areas = list(_areas(request.user))
    if not areas:
        raise Http404
    mine = [a for a in areas if councils.can_convene(request.user, a)]
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "collect":
                opinions.collect(
                    actor=request.user,
                    area=next((a for a in mine if str(a.pk) == post.get("area")), None),
                    channel=post.get("channel", ""),
                    text=post.get("text", ""),
                )
            else:
                opinion = get_object_or_404(
                    Opinion.objects.filter(area__in=areas), pk=post.get("opinion") or 0
                )
                if post.get("action") == "route":
                    opinions.route(
                        actor=request.user, opinion=opinion, to=post.get("to", ""),
                        case_class=post.get("case_class", ""),
                        meeting=Meeting.objects.filter(pk=post.get("meeting") or 0).first(),
                        proposal=Proposal.objects.filter(pk=post.get("proposal") or 0).first(),
                    )  # fmt: skip
                elif post.get("action") == "resolve":
                    opinions.mark_resolved(
                        actor=request.user, opinion=opinion, resolution=post.get("resolution", "")
                    )
                else:
                    raise Http404
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:opinions")
    try:
        start, end = _period(request.GET)
    except DomainError as exc:
        refused(request, exc)
        start, end = _period({})
    shown = list(
        Opinion.objects.filter(area__in=areas).select_related(
            "area", "case", "proposal", "meeting"
        )[:200]
    )
    resolved = set(
        Opinion.objects.filter(pk__in=[o.pk for o in shown])
        .filter(opinions.RESOLVED)
        .values_list("pk", flat=True)
    )
    for o in shown:
        o.is_resolved = o.pk in resolved
        o.waits_for_case = opinions.waits_for_its_case(o)
    return render(
        request,
        "participation/opinions.html",
        {
            "opinions": shown,
            "areas": mine,
            "channels": Opinion.Channel.choices,
            "routes": Opinion.Route.choices,
            "meetings": Meeting.objects.filter(area__in=mine, status=Meeting.Status.PLANNED),
            "proposals": Proposal.objects.filter(
                call__area__in=Area.objects.around(request.user), call__tallied_at=None
            ),
            "rates": opinions.resolution_rates(areas, start, end),
            "start": start,
            "end": end,
        },
    )


@login_required
def opinion_give(request):
    """A resident gives an opinion for their community (the portal channel)."""
    communities = Area.objects.filter(level=AreaLevel.COMMUNITY, active=True).order_by("code")
    if request.method == "POST":
        try:
            limit = Limit("participation.opinion", settings.CIVICGRID_OPINIONS_PER_HOUR, 3600)
            if not limit.hit(f"user:{request.user.pk}"):
                raise TooManyAttempts(_("Too many attempts: try again in an hour."))
            opinions.collect(
                actor=None,
                area=communities.filter(pk=request.POST.get("area") or 0).first(),
                channel=Opinion.Channel.PORTAL,
                text=request.POST.get("text", ""),
            )
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Thank you: your community will answer."))
            return redirect("participation:public_calls")
    return render(request, "participation/public_opinion.html", {"communities": communities})


@login_required
def claim_list(request):
    areas = list(_areas(request.user))
    if not areas:
        raise Http404
    mine = [a for a in areas if councils.can_convene(request.user, a)]
    if request.method == "POST":
        post = request.POST
        try:
            area = next((a for a in mine if str(a.pk) == post.get("area")), None)
            if area is None:
                raise DomainError(_("Choose a community."), code="required", field="area")
            opinions.claim(
                actor=request.user, area=area, claimant=post.get("claimant", ""),
                hours=post.get("hours") or 0, task=post.get("task", ""),
                project=Project.objects.filter(pk=post.get("project") or 0).first(),
                unit=OrgUnit.objects.filter(pk=post.get("unit") or 0).first(),
                volunteer=post.get("volunteer", ""),
            )  # fmt: skip
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:claims")
    claims = Claim.objects.filter(area__in=areas).select_related("area", "unit", "project")
    return render(
        request,
        "participation/claims.html",
        {
            "claims": claims[:200],
            "hours": claims.exclude(unit=None)
            .values("unit__name")
            .annotate(total=Sum("hours"))
            .order_by("-total"),
            "areas": mine,
            "claimants": Claim.Claimant.choices,
            "units": OrgUnit.objects.filter(active=True)
            .exclude(kind="department")
            .order_by("name"),
            "projects": Project.objects.filter(
                proposal__call__area__in=Area.objects.around(request.user)
            ).select_related("proposal"),
        },
    )
