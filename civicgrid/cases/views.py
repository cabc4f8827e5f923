"""Case pages: the list with queues and cards, the case page with its timeline and the actions
the user may take now, and the action forms (one service call each)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.catalogue.choices import Priority
from civicgrid.core import spreadsheet
from civicgrid.core.errors import DomainError, NotFound
from civicgrid.core.feedback import form_refused, refused
from civicgrid.core.files import stored_file
from civicgrid.core.paging import keyset_page
from civicgrid.core.replicas import reads_from_replica
from civicgrid.core.working_time import working_time_between
from civicgrid.routing.services import Suggestion, suggest, suggest_for_cases

from . import actions, deadlines, exports, pickers, selectors
from .choices import Action, Card, Channel, Rating, State, Tier
from .duplicates import visible_duplicates
from .forms import BulkForm, action_form, call_back_form
from .intake_views import may_take_reports
from .models import Case, CaseAttachment
from .panels import main_first, panels_of
from .portal_resident import resident_redirect
from .services import available_actions, case_transition
from .services.callback import case_call_back, may_reveal, reporter_phone_reveal
from .services.clock import TIER_ORDER


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
@resident_redirect("portal:mine")  # a resident's own reports are in their area
@reads_from_replica
def case_list(request):
    qs, filters, queue, roles = _listed(request)
    page = keyset_page(qs, after=request.GET.get("after"), size=50, descending=True)
    query = request.GET.copy()
    query.pop("after", None)
    now = timezone.now()
    waiting_dispatch = deadlines.dispatch_deadlines(page.items)
    for case in page.items:
        # what each row shows, worked out once (get_state_display hashes every choice's label
        # on every call; a missing attribute makes the template list the object's dir())
        case.url = reverse("cases:detail", args=[case.pk])
        case.state_label = str(State(case.state).label)
        case.suggestion = None
        case.hours_left = _left(case.due_at, now) if case.suspended_at is None else None
        case.deadline = deadlines.running(case)
        case.dispatch_deadline = waiting_dispatch.get(case.pk)
    dispatching = queue == Role.DISPATCHER
    bulk = BULK.get(queue)
    if dispatching:
        waiting = [c for c in page.items if c.state == State.REGISTERED]
        for case_id, s in suggest_for_cases(waiting).items():
            next(c for c in waiting if c.pk == case_id).suggestion = s
    _name_units(page.items)
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
                    "url": c.url,
                    "label": f"{c.case_class.label} · {c.state_label}",
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
            "can_report": may_take_reports(request.user),
        },
    )


def _name_units(cases) -> None:
    """Each case's unit (the suggested one while it waits for dispatch, else the lead unit) as
    the list names it: same-named units told apart by their street."""
    for case in cases:
        suggested = getattr(case, "suggestion", None)
        unit = suggested.lead_unit if suggested is not None else None
        case.unit_id_shown = unit.pk if unit is not None else case.lead_unit_id
    named = pickers.names_told_apart(c.unit_id_shown for c in cases)
    for case in cases:
        case.unit_shown = named.get(case.unit_id_shown, "")


@login_required
@resident_redirect("portal:mine")
@reads_from_replica
def case_export(request):
    """The list as it is filtered, as xlsx (or csv): at most ``exports.MAX_ROWS`` cases, newest
    first, without anything about the reporter."""
    qs, _filters, _queue, _roles = _listed(request)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return spreadsheet.table_response(
        exports.header(), exports.rows(qs, now=timezone.now()), fmt=fmt, name="cases", sheet="cases"
    )


# actions a role applies to many cases of its queue at once (with one note where one is needed)
BULK = {Role.DISPATCHER: Action.DISPATCH, Role.LEADER: Action.SUPERVISE}


@login_required
@require_POST
def case_bulk(request, action: str):
    """Apply ``action`` to the cases ticked on a queue, one at a time: each case is changed whole
    or not at all, and every refusal is reported with its case number."""
    if action not in BULK.values():
        raise Http404
    form = BulkForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect(form.back() or reverse("cases:list"))
    done, refused_lines = 0, []
    for case_id in form.cleaned_data["ids"]:
        try:
            case_transition(
                case_id=case_id,
                action=action,
                actor=request.user,
                note=form.cleaned_data["note"],
                expected_version=form.version(case_id),
            )
            done += 1
        except DomainError as exc:  # out of scope, changed meanwhile, not allowed, bad input
            number = Case.objects.filter(pk=case_id).values_list("number", flat=True).first()
            refused_lines.append(f"{number or case_id}: {exc.message}")
    if done:
        messages.success(
            request,
            _("%(action)s: %(n)s cases.") % {"action": Action(action).label, "n": done},
        )
    for line in refused_lines:
        messages.error(request, line)
    return redirect(form.back() or reverse("cases:list"))


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
@resident_redirect("portal:mine_case")  # a resident sees their case in their area, 404 else
def case_detail(request, pk: int):
    try:
        case = selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:
        raise Http404 from None
    now = timezone.now()
    card = selectors.card_of(case, now)
    offered = available_actions(request.user, case)
    staff = selectors.is_staff_on(request.user, case)
    attachments = list(case.attachments.all() if staff else case.attachments.filter(public=True))
    photos = [a for a in attachments if a.kind != CaseAttachment.Kind.DOCUMENT]
    if not photos:
        offered = [a for a in offered if a != Action.PUBLISH_PHOTOS]
    suggestion = None
    if Action.DISPATCH in offered:
        try:
            suggestion = suggest(
                case_class=case.case_class, grid=case.grid, level=case.dispatch_level, case=case
            )
        except DomainError as exc:  # tied rules: the dispatcher chooses, told why
            suggestion = Suggestion(lead_unit=None, reason=exc.message)
    duplicates = []
    if Action.MERGE in offered:
        duplicates = visible_duplicates(user=request.user, case=case)
    panels = panels_of(case, offered, suggestion)
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
            "actions": [(p.action, p.label, p.fields, p.note_required) for p in panels],
            "panels": panels,
            "units": pickers.serving(case) if offered else [],  # every unit serving the case
            "suggestion": suggestion,
            "priorities": Priority.choices,
            "ratings": Rating.choices,
            "tiers": [
                (t, Tier(t).label) for t in TIER_ORDER[TIER_ORDER.index(case.tier_current) + 1 :]
            ],
            # masked everywhere: the whole number only for the one calling back, audited
            "reporter_phone": case.reporter_phone_masked,
            "may_reveal": staff and may_reveal(request.user, case),
            "duplicates": duplicates,
            "hours_left": _left(case.due_at, now) if case.suspended_at is None else None,
            "deadline": deadlines.running(case),
            "dispatch_deadline": deadlines.dispatch_deadline(case),
            "pending_requests": case.requests.filter(status="pending"),
        },
    )


@login_required
@require_POST
def reporter_phone(request, pk: int):
    """The reporter's whole number for the operator calling back (audited): JSON for the page's
    script, a small page without it; 404 for anyone else."""
    try:
        case = selectors.case_detail(user=request.user, case_id=pk)
        phone = reporter_phone_reveal(user=request.user, case=case, request=request)
    except NotFound:
        raise Http404 from None
    response: HttpResponse
    if request.headers.get("Accept", "").startswith("application/json"):
        response = JsonResponse({"phone": phone, "tel": f"tel:{phone}"})
    else:
        response = render(request, "cases/reporter_phone.html", {"case": case, "phone": phone})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def case_act(request, pk: int, action: str):
    """One action's form (made from the action's schema): refused naming the field, or the
    action taken with its typed input. The callback's form records the rating with it."""
    if action not in Action.values:
        raise Http404
    try:  # out of the user's scope, the case does not exist for them, whatever they post
        selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:
        raise Http404 from None
    calling_back = action == Action.CALL_BACK
    form = (call_back_form() if calling_back else action_form(action))(request.POST, request.FILES)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("cases:detail", pk=pk)
    try:
        if isinstance(form.action_input, actions.CallBack):
            case = case_call_back(
                case_id=pk,
                actor=request.user,
                reached=form.action_input.reached,
                note=form.cleaned_data["note"],
                rating=form.cleaned_data.get("rating") or None,
                resolved=form.cleaned_data.get("resolved"),
                expected_version=form.cleaned_data["version"],
            )
        else:
            case = case_transition(
                case_id=pk,
                action=action,
                actor=request.user,
                note=form.cleaned_data["note"],
                data=form.action_input,
                photos=form.cleaned_data["photos"],
                expected_version=form.cleaned_data["version"],
            )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        refused(request, exc)
        return redirect("cases:detail", pk=pk)
    try:
        selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:  # the action took the case out of the user's reach: say where it went
        messages.success(request, _gone(case, action))
        return redirect("cases:list")
    messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
    url = reverse("cases:detail", args=[pk])
    following = main_first(available_actions(request.user, case))
    return redirect(f"{url}#act-{following[0]}" if following else url)


def _gone(case: Case, action: str) -> str:
    where = {
        "number": case.number,
        "action": Action(action).label,
        "state": case.get_state_display(),
    }
    if case.lead_unit is not None:
        return _("Done: %(action)s. Case %(number)s is now “%(state)s”, with %(unit)s.") % {
            **where,
            "unit": case.lead_unit.name,
        }
    return _("Done: %(action)s. Case %(number)s is now “%(state)s”.") % where


@login_required
def attachment(request, pk: int, attachment_id: int):
    """A case photo, only for those who see the case (the reporter: public photos only)."""
    try:
        case = selectors.case_detail(user=request.user, case_id=pk)
    except NotFound:
        raise Http404 from None
    found = case.attachments.filter(pk=attachment_id).first()
    if found is None or (not selectors.is_staff_on(request.user, case) and not found.public):
        raise Http404
    return stored_file(found.file, found.content_type)
