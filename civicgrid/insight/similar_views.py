"""Similar cases while registering: the intake's panel (what the caller says, where) and the
case page's (the cases like this one, and those linked to it), with linking and unlinking.
Staff who take reports or act on the case; 404 for anyone else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicgrid.cases import selectors
from civicgrid.cases.choices import State
from civicgrid.cases.intake_views import may_take_reports
from civicgrid.cases.models import Case
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import DomainError, NotFound, NotPermitted

from . import links
from .similar import similar_cases
from .views import LIMIT

# the words of the cases around are read while a case is registered (as the duplicates are
# offered), not on every later view of a running case's page
REGISTERING = (State.REPORTED, State.VERIFYING)


def _number(value: str, bound: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -bound <= number <= bound else None


@login_required
@require_GET
def at_intake(request: HttpRequest) -> HttpResponse:
    """The cases like the one being typed: ``description``, ``lon``, ``lat``, ``case_class``."""
    if not may_take_reports(request.user):
        raise Http404
    if not LIMIT.hit(f"user:{request.user.pk}"):
        return HttpResponse(_("Too many requests: wait a little."), status=429)
    lon, lat = _number(request.GET.get("lon", ""), 180), _number(request.GET.get("lat", ""), 90)
    code = request.GET.get("case_class", "").strip().upper()[:5]
    found = similar_cases(
        request.user, text=request.GET.get("description", "")[:500], lon=lon, lat=lat,
        case_class=CaseClass.objects.filter(code=code).first() if code else None,
    )  # fmt: skip
    return render(request, "insight/_similar.html", {"found": found})


def _case(request: HttpRequest, pk: int) -> Case:
    try:
        case = selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:
        raise Http404 from None
    if not selectors.is_staff_on(request.user, case):
        raise Http404
    return case


@login_required
@require_GET
def for_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page's panel: the cases linked to it, and while it is registered and the person
    may link, the cases like it."""
    case = _case(request, pk)
    linked = links.linked(request.user, case)
    may_link = links.may_link(request.user, case)
    found = []
    if may_link and case.state in REGISTERING:
        shown = {c.pk for c in linked}
        found = [s for s in similar_cases(request.user, text=case.description, lon=case.lon,
                                          lat=case.lat, case_class=case.case_class,
                                          exclude_id=case.pk, limit=8)
                 if s.case.pk not in shown][:5]  # fmt: skip
    return render(request, "insight/_similar.html",
                  {"case": case, "linked": linked, "found": found, "may_link": may_link})  # fmt: skip


@login_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link (or with ``undo``, unlink) the case and the case numbered ``other``."""
    case = _case(request, pk)
    number = request.POST.get("other", "")
    try:
        if request.POST.get("undo"):
            links.unlink(actor=request.user, case=case, number=number)
            messages.success(request, _("The cases are no longer linked."))
        else:
            links.link(actor=request.user, case=case, number=number)
            messages.success(request, _("The cases are linked."))
    except NotPermitted:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:detail", pk=case.pk)
