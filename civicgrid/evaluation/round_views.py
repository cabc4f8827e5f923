"""Rating-round pages (块考条): the rounds, a rater's sheets, and the results (averages only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.core.errors import DomainError
from civicgrid.core.spreadsheet import table_bytes, xlsx_response

from .models import RatingRound, RatingSheet
from .models.rounds import LEVELS
from .rounds import rater_areas, results, sheet_save, units_to_rate, visible_units


@login_required
def round_list(request):
    rounds = list(RatingRound.objects.all())
    for rnd in rounds:
        rnd.may_rate = rnd.is_open() and bool(rater_areas(request.user, rnd))
    return render(request, "evaluation/rounds.html", {"rounds": rounds})


@login_required
def round_rate(request, pk: int):
    rnd = get_object_or_404(RatingRound, pk=pk)
    units = units_to_rate(request.user, rnd)
    if not units:
        raise Http404
    mine = {
        s.unit_id: s
        for s in RatingSheet.objects.filter(round=rnd, rater=request.user).prefetch_related(
            "scores"
        )
    }
    for unit in units:
        sheet = mine.get(unit.pk)
        unit.sheet = sheet
        unit.given = {s.dimension_id: s.level for s in sheet.scores.all()} if sheet else {}
    return render(
        request,
        "evaluation/round_rate.html",
        {"round": rnd, "units": units, "dimensions": list(rnd.dimensions.all()), "levels": LEVELS},
    )


@login_required
@require_POST
def round_sheet(request, pk: int):
    rnd = get_object_or_404(RatingRound, pk=pk)
    levels = {
        key.removeprefix("level-"): value
        for key, value in request.POST.items()
        if key.startswith("level-")
    }
    try:
        sheet_save(
            rnd=rnd,
            rater=request.user,
            unit_id=request.POST.get("unit", ""),
            levels=levels,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your rating is saved."))
    return redirect("evaluation:round_rate", pk=rnd.pk)


@login_required
def round_results(request, pk: int):
    rnd = get_object_or_404(RatingRound, pk=pk)
    units = visible_units(request.user)
    if not units:
        raise Http404
    dimensions = list(rnd.dimensions.all())
    got = results(rnd, units)
    for r in got:
        r.cells = [r.dimensions.get(d.pk) for d in dimensions]
    if request.GET.get("format") == "xlsx":
        header = [_("Rank"), _("Unit"), _("Sheets")] + [d.name for d in dimensions]
        header += [_("Ratings"), _("Indicator score"), _("Residents' satisfaction")]
        header += [_("Assessment"), _("Grade"), _("Cases"), _("Not rated")]
        body = [
            [r.rank, r.unit.name, r.sheets, *r.cells, r.ratings, r.indicators, r.satisfaction,
             r.total, r.grade, r.cases, r.reason_text]
            for r in got
        ]  # fmt: skip
        return xlsx_response(table_bytes(header, body, sheet=rnd.period), f"rating-round-{rnd.pk}")
    return render(
        request,
        "evaluation/round_results.html",
        {"round": rnd, "results": got, "dimensions": dimensions},
    )
