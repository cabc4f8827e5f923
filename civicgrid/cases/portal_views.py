"""The residents' portal (no login needed): report a problem on the map, follow it by its
number, rate it. The reporter proves who they are by their account or the phone they gave.

A signed-in resident gets the same report page with their name and phone filled in, and their own
view of their cases (``portal_resident.py``)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.geojson import collection, feature
from civicgrid.areas.models import Area
from civicgrid.catalogue import plain
from civicgrid.catalogue.choices import PLACE_KINDS
from civicgrid.catalogue.selectors import active_class, public_classes
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused

from .choices import Channel, Rating, State
from .duplicates import duplicate_candidates
from .intake_forms import RateForm, ReportForm, find_class, questions_answered
from .models import Case
from .portal_resident import resident_view
from .services import case_report
from .services.public import case_rate_by_reporter, check_public_report, published_case


def portal(request):
    """Report a problem: class, place on the map (or a building code or address), photos."""
    if request.method != "POST":
        case_class = find_class(public_classes(), request.GET.get("case_class", ""))
        context = _context(case_class, None, choice=request.GET.get("choice", ""))
        context["post"] = _contact(request.user)
        return render(request, "cases/portal.html", context)
    form = ReportForm(request.POST, request.FILES, classes=public_classes())
    if not form.is_valid():
        form_refused(request, form)
        return render(request, "cases/portal.html", _context(form.case_class, form), status=400)
    report = form.report(channel=Channel.WEB)
    try:
        check_public_report(address=client_address(request), phone=report.reporter_phone)
        case = case_report(actor=request.user, report=report)
    except DomainError as exc:
        return render(
            request,
            "cases/portal.html",
            _context(form.case_class, form, exc),
            status=exc.status,
        )
    messages.success(
        request,
        _("Thank you. Your case number is %(number)s: keep it to follow the case.")
        % {"number": case.number},
    )
    return redirect("portal:case", number=case.number)


def _contact(user) -> dict:
    """A signed-in resident's name and phone, to fill in (they may change them): the account's
    name and phone (我的资料), else the phone they gave with their last report (their own,
    decrypted for them)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    if user.phone_enc:
        phone = user.own_phone()
    else:
        last = (
            Case.objects.filter(reporter_user=user)
            .exclude(reporter_phone_enc="")
            .order_by("-id")
            .only("reporter_phone_enc")
            .first()
        )
        phone = last.reveal("reporter_phone") if last is not None else ""
    return {"reporter_name": user.display_name or user.get_full_name(), "reporter_phone": phone}


def _context(case_class, form, error=None, choice: str = "") -> dict:
    """The page, with what was typed when it comes back refused."""
    typed = form.data if form is not None else {}
    chosen = plain.choice(choice) or (plain.choice_of(case_class.code) if case_class else None)
    listed = plain.choice_classes(chosen.key) if chosen else []
    if case_class is not None and case_class.code not in {c.code for c in listed}:
        listed = [case_class, *listed]
    return {
        "choices": plain.CHOICES,
        "chosen": chosen,
        "listed": listed,
        "case_class": case_class,
        "questions": questions_answered(case_class, typed),
        "error": error,
        "post": typed,
        "idempotency_key": typed.get("idempotency_key") or secrets.token_hex(8),
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
    lon: float | None
    lat: float | None
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
    if shown["is_reporter"]:
        return resident_view(request, case, shown)
    return render(request, "cases/portal_case.html", {"case": shown, "ratings": Rating.choices})


def rate(request, number: str):
    if request.method != "POST":  # a reload or a shared link: the case page, with its form
        return redirect("portal:case", number=number)
    case = Case.objects.filter(number=number).first()
    if case is None:
        raise Http404
    form = RateForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("portal:case", number=number)
    try:
        case_rate_by_reporter(
            case=case,
            user=request.user,
            phone=form.cleaned_data["phone"],
            rating=form.cleaned_data["rating"],
            resolved=form.cleaned_data["resolved"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("portal:case", number=number)
