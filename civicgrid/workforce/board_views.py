"""Pages of the responsibility boards: the buildings of a community the user leads with who is on
each board, a building's board (who the records suggest, who consented; record and withdraw),
the printable board for each entrance (phones in full, the print audited), and a board photo.
For the community's leaders; in scope or 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.core.files import stored_file
from civicgrid.core.forms import Action, kept_or, run_action
from civicgrid.registry.models import House

from . import boards, selectors, services
from . import forms as wf
from .models import BoardEntry
from .views import _gate

LIMIT = 300
TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    q = request.GET.get("q", "").strip()[:40]
    rows = selectors.buildings(user)
    if q:
        rows = rows.filter(Q(code__icontains=q) | Q(name__icontains=q))
    shown = list(rows.order_by("grid__path", "code")[:LIMIT])
    counts = dict(
        BoardEntry.objects.filter(building__in=shown, withdrawn_on=None)
        .values_list("building_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows_ = [(b, counts.get(b.pk, 0)) for b in shown]
    return render(request, "workforce/boards.html", {"rows": rows_, "q": q, "limit": LIMIT})


BOARD_ACTIONS: dict[str, Action] = {
    "record": (wf.BoardEntryForm, lambda user, b, d: boards.entry_record(
        actor=user, building=b, **d)),
    "withdraw": (wf.WithdrawConsentForm, lambda user, b, d: boards.entry_withdraw(
        actor=user, **d)),
}  # fmt: skip


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    building = get_object_or_404(selectors.buildings(user), pk=pk)
    keeps = services.may_keep(user, boards.community_of(building))
    current = BoardEntry.objects.filter(building=building, withdrawn_on=None)
    limits: dict[str, dict[str, Any]] = {"withdraw": {"entries": current}}
    posted = None
    if request.method == "POST" and keeps:
        posted = run_action(request, BOARD_ACTIONS, building, limits)
        if posted.done is not None:
            return redirect("workforce:board", building.pk)
    today = timezone.localdate()
    forms_: dict[str, Any] = {}
    if keeps:
        forms_ = {
            "record_form": kept_or(posted, "record", lambda: wf.BoardEntryForm(
                initial={"consent_on": today, "from_records": True}, auto_id="record_%s")),
            "withdraw_form": kept_or(posted, "withdraw", lambda: wf.WithdrawConsentForm(
                initial={"on": today}, auto_id="withdraw_%s", **limits["withdraw"]))
            if current.exists() else None,
        }  # fmt: skip
    return render(
        request,
        "workforce/board.html",
        {
            "b": building,
            "suggested": list(boards.suggestions(building, today).values()),
            "entries": BoardEntry.objects.filter(building=building).order_by(
                "withdrawn_on", "role"),
            **forms_,
        },
    )  # fmt: skip


@login_required
def board_print(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    building = get_object_or_404(selectors.buildings(user), pk=pk)
    entrances = sorted(
        {e for e in House.objects.filter(building=building).values_list("entrance", flat=True)}
    ) or [""]  # fmt: skip
    people = boards.printed(user=user, building=building, request=request)
    return render(request, "workforce/board_print.html",
                  {"b": building, "entrances": entrances, "people": people})  # fmt: skip


@login_required
def board_photo(request: HttpRequest, pk: int) -> FileResponse:
    user = _gate(request)
    entry = get_object_or_404(
        BoardEntry.objects.filter(building__in=selectors.buildings(user)), pk=pk
    )
    if not entry.photo:
        raise Http404
    ext = entry.photo.name.rsplit(".", 1)[-1].lower()
    return stored_file(entry.photo, TYPES.get(ext, "application/octet-stream"))
