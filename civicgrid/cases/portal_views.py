"""The residents' portal (no login needed): report a problem on the map, follow it by its
number, rate it. The reporter proves who they are by their account or the phone they gave."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.geojson import collection, feature
from civicgrid.areas.models import Area
from civicgrid.catalogue.choices import PLACE_KINDS
from civicgrid.catalogue.selectors import active_class, public_classes
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError

from .choices import Channel, Rating, State
from .models import Case
from .selectors import duplicate_candidates
from .services import Report, case_report
from .services.public import case_rate_by_reporter, check_public_report, published_case


def portal(request):
    """Report a problem: class, place on the map (or a building code or address), photos."""
    code = (request.POST.get("case_class") or request.GET.get("case_class") or "").upper()
    case_class = public_classes().filter(code=code).first()
    if request.method == "POST":
        answers = {
            q.code: (
                request.POST.getlist(f"answer_{q.code}")
                if q.datatype == "multivaluelist"
                else request.POST.get(f"answer_{q.code}", "")
            )
            for q in (case_class.questions.all() if case_class else [])
        }
        report = Report(
            case_class=code,
            description=request.POST.get("description", ""),
            channel=Channel.WEB,
            lon=request.POST.get("lon") or None,
            lat=request.POST.get("lat") or None,
            address=request.POST.get("address", ""),
            answers=answers,
            reporter_name=request.POST.get("reporter_name", ""),
            reporter_phone=request.POST.get("reporter_phone", ""),
            anonymous=request.POST.get("anonymous") == "on",
            idempotency_key=request.POST.get("idempotency_key", ""),
            photos=request.FILES.getlist("photos"),
        )
        try:
            check_public_report(address=client_address(request), phone=report.reporter_phone)
            case = case_report(actor=request.user, report=report)
        except DomainError as exc:
            return render(
                request, "cases/portal.html", _context(request, case_class, exc), status=exc.status
            )
        messages.success(
            request,
            _("Thank you. Your case number is %(number)s: keep it to follow the case.")
            % {"number": case.number},
        )
        return redirect("portal:case", number=case.number)
    return render(request, "cases/portal.html", _context(request, case_class))


def _context(request, case_class, error=None) -> dict:
    return {
        "classes": public_classes(),
        "case_class": case_class,
        "questions": list(case_class.questions.all()) if case_class else [],
        "error": error,
        "post": request.POST,
        "idempotency_key": request.POST.get("idempotency_key") or secrets.token_hex(8),
    }


@cache_control(public=True, max_age=300)
def portal_map(request):
    """The district's grids for the report map (boundaries are public)."""
    grids = Area.objects.filter(level=AreaLevel.GRID, active=True, boundary__isnull=False)
    return JsonResponse(collection([feature(a) for a in grids]))


def nearby(request):
    """Open public reports of the class near the chosen place, so that a resident can follow one
    instead of reporting it again (no personal data; matters and public-service items only)."""
    case_class = active_class(request.GET.get("case_class", ""))
    try:
        lon, lat = float(request.GET.get("lon", "")), float(request.GET.get("lat", ""))
    except ValueError:
        lon = lat = None
    found = []
    if case_class and case_class.public and case_class.kind in PLACE_KINDS and lat is not None:
        found = duplicate_candidates(
            case_class=case_class,
            lon=lon,
            lat=lat,
            limit=5,
            among=Case.objects.filter(case_class__public=True),
        )
    return render(request, "cases/_portal_nearby.html", {"cases": found})


def follow(request):
    number = (request.GET.get("number") or "").strip().upper()
    if number:
        return redirect("portal:case", number=number)
    return render(request, "cases/portal_follow.html")


def case_public(request, number: str):
    """A case as the public sees it: only what decision 0007 publishes, masked (the template
    gets that view, never the case itself)."""
    case = (
        Case.objects.select_related("case_class", "grid", "merged_into")
        .filter(number=number)
        .first()
    )
    if case is None or (case.merged_into_id and case.state != State.VOIDED):
        raise Http404
    shown = published_case(case, user=request.user)
    if shown is None:
        raise Http404
    return render(request, "cases/portal_case.html", {"case": shown, "ratings": Rating.choices})


@require_POST
def rate(request, number: str):
    case = Case.objects.filter(number=number).first()
    if case is None:
        raise Http404
    try:
        case_rate_by_reporter(
            case=case,
            user=request.user,
            phone=request.POST.get("phone", ""),
            rating=request.POST.get("rating", ""),
            resolved=request.POST.get("resolved", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("portal:case", number=number)
