"""Rating-round pages (块考条): the rounds, a rater's sheets, and the results (averages only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused, refused
from civicgrid.core.spreadsheet import table_bytes, xlsx_response

from .forms import RatingSheetForm
from .models import RatingRound, RatingSheet
from .models.rounds import LEVELS
from .rounds import rater_areas, results, sheet_save, units_to_rate, visible_units


@login_required
def round_list(request):
    rounds = [  # each round, and whether the user may rate in it
        (rnd, rnd.is_open() and bool(rater_areas(request.user, rnd)))
        for rnd in RatingRound.objects.all()
    ]
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
    rows = []  # each unit, the user's sheet for it (or None), and the levels given on it
    for unit in units:
        sheet = mine.get(unit.pk)
        given = {s.dimension_id: s.level for s in sheet.scores.all()} if sheet else {}
        rows.append((unit, sheet, given))
    return render(
        request,
        "evaluation/round_rate.html",
        {"round": rnd, "units": rows, "dimensions": list(rnd.dimensions.all()), "levels": LEVELS},
    )


@login_required
@require_POST
def round_sheet(request, pk: int):
    rnd = get_object_or_404(RatingRound, pk=pk)
    form = RatingSheetForm(
        request.POST, units=units_to_rate(request.user, rnd), dimensions=rnd.dimensions.all()
    )
    if not form.is_valid():
        form_refused(request, form)
        return redirect("evaluation:round_rate", pk=rnd.pk)
    try:
        sheet_save(
            rnd=rnd,
            rater=request.user,
            unit=form.cleaned_data["unit"],
            levels=form.levels(),
            comment=form.cleaned_data["comment"],
        )
    except DomainError as exc:
        refused(request, exc)
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
