"""Case pages: the list with queues and cards, the case page with its timeline and the actions
the user may take now, and the action forms (one service call each)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import OrgUnit
from civicgrid.catalogue.choices import Priority
from civicgrid.core import spreadsheet
from civicgrid.core.errors import DomainError, NotFound
from civicgrid.core.paging import keyset_page
from civicgrid.core.working_time import working_time_between
from civicgrid.routing.services import suggest, suggest_for_cases

from . import exports, selectors
from .choices import Action, Card, Channel, Rating, State, Tier
from .models import Case, CaseAttachment
from .services import available_actions, case_transition
from .services.clock import TIER_ORDER

# Fields each action's form asks for, beyond the note (see services/effects.py).
ACTION_FIELDS = {
    Action.VERIFY: ["confirmed", "photos", "lon", "lat"],
    Action.REGISTER: ["case_class", "priority"],
    Action.MERGE: ["into"],
    Action.DISPATCH: ["unit"],
    Action.ADD_UNIT: ["unit"],
    Action.REQUEST_EXTENSION: ["hours"],
    Action.REPORT_HANDLED: ["photos"],
    Action.PASS_CHECK: ["photos", "lon", "lat"],
    Action.FAIL_CHECK: ["photos", "lon", "lat"],
    Action.RATE: ["rating", "resolved"],
    Action.ESCALATE: ["to_tier", "unit"],
    Action.CALL_BACK: ["reached"],
    Action.PUBLISH_PHOTOS: ["shown"],
}
MULTIPLE = {"shown"}  # fields sent as several values (checkboxes)
NOTE_REQUIRED = {
    Action.VOID,
    Action.RETURN,
    Action.REQUEST_EXTENSION,
    Action.REFUSE_EXTENSION,
    Action.REQUEST_SUSPENSION,
    Action.REFUSE_SUSPENSION,
    Action.FAIL_CHECK,
    Action.CALL_BACK,
    Action.REOPEN,
    Action.ESCALATE,
    Action.SUPERVISE,
}


def _case_roles_anywhere(user) -> set[str]:
    return {g.role for g in permissions.grants(user)}


def _listed(request):
    """The cases the list shows for these parameters: a role's queue, or the filters."""
    filters = selectors.CaseFilters.from_mapping(request.GET)
    queue = request.GET.get("queue", "")
    roles = [r for r in selectors.QUEUES if r in _case_roles_anywhere(request.user)]
    if queue in roles:
        return selectors.queue(user=request.user, role=queue), filters, queue, roles
    return selectors.case_list(user=request.user, filters=filters), filters, queue, roles


@login_required
def case_list(request):
    qs, filters, queue, roles = _listed(request)
    page = keyset_page(qs, after=request.GET.get("after"), size=50, descending=True)
    query = request.GET.copy()
    query.pop("after", None)
    now = timezone.now()
    for case in page.items:
        case.hours_left = _left(case.due_at, now) if case.suspended_at is None else None
    dispatching = queue == Role.DISPATCHER
    bulk = BULK.get(queue)
    if dispatching:
        waiting = [c for c in page.items if c.state == State.REGISTERED]
        for case_id, s in suggest_for_cases(waiting).items():
            next(c for c in waiting if c.pk == case_id).suggestion = s
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "dispatching": dispatching,
            "bulk": (bulk, Action(bulk).label) if bulk else None,
            "markers": [
                {
                    "lat": c.lat,
                    "lon": c.lon,
                    "number": c.number,
                    "url": reverse("cases:detail", args=[c.pk]),
                    "label": f"{c.case_class.label} · {c.get_state_display()}",
                    "card": getattr(c, "card", Card.NONE) or Card.NONE,
                }
                for c in page.items
                if c.lon is not None and c.lat is not None
            ],
            "filters": filters,
            "queue": queue,
            "queues": [(r, Role(r).label) for r in roles],
            "query": query.urlencode(),
            "states": State.choices,
            "channels": Channel.choices,
            "tiers": Tier.choices,
            "counts": selectors.state_counts(user=request.user),
            "can_report": bool(permissions.scope_paths(request.user, permissions.VIEW_CASES)),
        },
    )


@login_required
def case_export(request):
    """The list as it is filtered, as xlsx (or csv): at most ``exports.MAX_ROWS`` cases, newest
    first, without anything about the reporter."""
    qs, _filters, _queue, _roles = _listed(request)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return spreadsheet.table_response(
        exports.header(), exports.rows(qs, now=timezone.now()), fmt=fmt, name="cases", sheet="cases"
    )


def _units_serving(case):
    """The units a case may be given to: those whose area holds the case's grid."""
    units = OrgUnit.objects.filter(active=True).select_related("area")
    if case.grid_id:
        codes = [c for c in case.grid.path.strip("/").split("/") if c]
        units = units.filter(area__code__in=codes)
    return units.order_by("kind", "name")


# actions a role applies to many cases of its queue at once (with one note where one is needed)
BULK = {Role.DISPATCHER: Action.DISPATCH, Role.LEADER: Action.SUPERVISE}
BULK_MAX = 100


@login_required
@require_POST
def case_bulk(request, action: str):
    """Apply ``action`` to the cases ticked on a queue, one at a time: each case is changed whole
    or not at all, and every refusal is reported with its case number."""
    if action not in BULK.values():
        raise Http404
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:BULK_MAX]
    if not ids:
        messages.error(request, _("Tick the cases first."))
    done, refused = 0, []
    note = request.POST.get("note", "")
    for case_id in ids:
        version = request.POST.get(f"version-{case_id}", "")
        try:
            case_transition(
                case_id=case_id,
                action=action,
                actor=request.user,
                note=note,
                expected_version=int(version) if version.isdigit() else None,
            )
            done += 1
        except DomainError as exc:  # out of scope, changed meanwhile, not allowed, bad input
            number = Case.objects.filter(pk=case_id).values_list("number", flat=True).first()
            refused.append(f"{number or case_id}: {exc.message}")
    if done:
        messages.success(
            request,
            _("%(action)s: %(n)s cases.") % {"action": Action(action).label, "n": done},
        )
    for line in refused:
        messages.error(request, line)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/cases/") else reverse("cases:list"))


def _date(value: str) -> dt.date | None:
    """A YYYY-MM-DD value, or None when it is not a real date."""
    try:
        return parse_date(value)
    except ValueError:  # well formed but impossible, e.g. 2026-02-30
        return None


@login_required
def returns_by_rule(request):
    """Returns ("not our duty") per responsibility rule in the user's area, for review."""
    default = timezone.localdate() - dt.timedelta(days=90)
    raw = request.GET.get("since", "")
    since, error = (_date(raw) if raw else default), None
    if since is None:
        since = default
        error = _("“Since” must be a date (YYYY-MM-DD): showing the last 90 days.")
    return render(
        request,
        "cases/returns_by_rule.html",
        {
            "rows": selectors.returns_by_rule(user=request.user, since=since),
            "since": since,
            "error": error,
            "can_edit": permissions.can_manage_rules(request.user),
        },
    )


def _left(due, now):
    """Working hours left until ``due`` (negative when overdue)."""
    return working_time_between(now, due) if due else None


@login_required
def case_detail(request, pk: int):
    try:
        case = selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:
        raise Http404 from None
    now = timezone.now()
    card = selectors.card_of(case, now)
    actions = available_actions(request.user, case)
    staff = selectors.is_staff_on(request.user, case)
    attachments = list(case.attachments.all() if staff else case.attachments.filter(public=True))
    photos = [a for a in attachments if a.kind != CaseAttachment.Kind.DOCUMENT]
    if not photos:
        actions = [a for a in actions if a != Action.PUBLISH_PHOTOS]
    suggestion = None
    if Action.DISPATCH in actions:
        suggestion = suggest(case_class=case.case_class, grid=case.grid, level=case.dispatch_level)
    reporter_phone = case.reporter_phone_masked
    if (
        staff
        and permissions.can_view_reporter(request.user, case.grid.path)
        and case.reporter_phone_enc
    ):
        reporter_phone = case.reveal("reporter_phone")
    duplicates = []
    if Action.MERGE in actions:
        duplicates = selectors.visible_duplicates(user=request.user, case=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "card": card or Card.NONE,
            "staff": staff,
            "events": selectors.case_events(user=request.user, case=case),
            "attachments": attachments,
            "photos": photos,
            "assignments": case.assignments.select_related("unit").filter(active=True),
            "actions": [
                (a, Action(a).label, ACTION_FIELDS.get(a, []), a in NOTE_REQUIRED) for a in actions
            ],
            "suggestion": suggestion,
            "units": _units_serving(case) if actions else [],
            "priorities": Priority.choices,
            "ratings": Rating.choices,
            "tiers": [
                (t, Tier(t).label) for t in TIER_ORDER[TIER_ORDER.index(case.tier_current) + 1 :]
            ],
            "reporter_phone": reporter_phone,
            "duplicates": duplicates,
            "hours_left": _left(case.due_at, now) if case.suspended_at is None else None,
            "pending_requests": case.requests.filter(status="pending"),
        },
    )


@login_required
@require_POST
def case_act(request, pk: int, action: str):
    if action not in Action.values:
        raise Http404
    fields = ACTION_FIELDS.get(action, [])
    data = {
        name: request.POST.get(name)
        for name in fields
        if name not in ("photos",) and name not in MULTIPLE and request.POST.get(name)
    }
    data |= {name: request.POST.getlist(name) for name in fields if name in MULTIPLE}
    if "confirmed" in data:
        data["confirmed"] = data["confirmed"] == "yes"
    if "reached" in data:
        data["reached"] = data["reached"] == "yes"
    try:
        case = case_transition(
            case_id=pk,
            action=action,
            actor=request.user,
            note=request.POST.get("note", ""),
            data=data,
            photos=request.FILES.getlist("photos"),
            expected_version=int(request.POST["version"])
            if request.POST.get("version", "").isdigit()
            else None,
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:detail", pk=pk)
    try:
        selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:  # the action took the case out of the user's reach: say where it went
        messages.success(request, _gone(case, action))
        return redirect("cases:list")
    messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
    return redirect("cases:detail", pk=pk)


def _gone(case: Case, action: str) -> str:
    where = {
        "number": case.number,
        "action": Action(action).label,
        "state": case.get_state_display(),
    }
    if case.lead_unit_id:
        return _("Done: %(action)s. Case %(number)s is now “%(state)s”, with %(unit)s.") % {
            **where,
            "unit": case.lead_unit.name,
        }
    return _("Done: %(action)s. Case %(number)s is now “%(state)s”.") % where


@login_required
def attachment(request, pk: int, attachment_id: int):
    """A case photo, only for those who see the case (the reporter: public photos only)."""
    from django.http import FileResponse

    try:
        case = selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:
        raise Http404 from None
    found = case.attachments.filter(pk=attachment_id).first()
    if found is None or (not selectors.is_staff_on(request.user, case) and not found.public):
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
