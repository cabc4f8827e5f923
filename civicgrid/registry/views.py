"""Register pages: lists with filters and keyset paging, details, the printable card and register,
export, and personal-data reveal (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts import permissions
from civicgrid.core import spreadsheet
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused, refused
from civicgrid.core.paging import keyset_page
from civicgrid.core.replicas import reads_from_replica

from . import exports, selectors, services
from .choices import ResidenceType
from .forms import VisitForm
from .models import Building, Household, Person, Tag

LISTS = {
    "persons": (selectors.person_list, "registry/person_list.html"),
    "households": (selectors.household_list, "registry/household_list.html"),
    "buildings": (selectors.building_list, "registry/building_list.html"),
    "units": (selectors.unit_list, "registry/unit_list.html"),
}


def _register_user_or_404(request):
    if not permissions.can_view_any_register(request.user):  # the menu asks the same
        raise Http404


def _list(request, kind):
    _register_user_or_404(request)
    selector, template = LISTS[kind]
    filters = selectors.RegisterFilters.from_mapping(request.GET)
    status, error = 200, None
    try:
        qs = selector(user=request.user, filters=filters)
    except DomainError as exc:  # a filter value that names nothing: say which
        status, error = exc.status, exc.message
        qs = selector(user=request.user).none()
    page = keyset_page(qs, after=request.GET.get("after"), size=50, ids_first=True)
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "kind": kind,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "tags": Tag.objects.all(),
        "residence_types": ResidenceType.choices,
        "can_export": permissions.can_export_register(request.user),
        "filter_error": error,
    }
    if kind == "persons":
        context["rows"] = [
            (p, selectors.visible_tags(request.user, p)) for p in _with_tags(page.items)
        ]
        services.pii_search_audit(
            user=request.user, q=filters.q, persons=page.items, request=request
        )
    if kind == "households":
        selectors.with_householders(user=request.user, households=page.items)
    return render(request, template, context, status=status)


def _with_tags(persons):
    prefetch_related_objects(persons, "tags")
    return persons


@login_required
def person_list(request):
    return _list(request, "persons")


@login_required
def household_list(request):
    return _list(request, "households")


@login_required
def building_list(request):
    return _list(request, "buildings")


@login_required
def unit_list(request):
    return _list(request, "units")


def _get(request, model, pk, **related):
    obj = (
        model.objects.visible_to(request.user)
        .select_related(*related.get("select", ()))
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404
    return obj


@login_required
def person_detail(request, pk):
    person = _get(request, Person, pk, select=("grid", "household"))
    revealed = request.session.pop(f"cg_reveal_{pk}", False)
    prefetch_related_objects([person], "tags")
    context = {
        "person": person,
        # tags above the user's clearance are left out without a word: even a count of them
        # would tell that the person is in a sensitive group
        "tags": selectors.visible_tags(request.user, person),
        "residences": person.residences.select_related("house__building"),
        "can_reveal": permissions.can_view_pii(request.user, person.grid.path),
        "revealed": services.pii_reveal(user=request.user, person=person, request=request)
        if revealed
        else None,
    }
    return render(request, "registry/person_detail.html", context)


@login_required
@require_POST
def person_reveal(request, pk):
    """Ask to see unmasked data: the next render of the detail page shows it, and is audited."""
    person = _get(request, Person, pk, select=("grid",))
    if not permissions.can_view_pii(request.user, person.grid.path):
        raise Http404
    request.session[f"cg_reveal_{pk}"] = True
    return redirect("registry:person", pk=pk)


@login_required
def lookup(request):
    """The grid leader's look-up (on a phone too): one box for a name, an ID number, a phone or
    an address. Numbers go in a POST, so they stay out of addresses and logs; one household
    found opens its card, several are listed with their householder."""
    _register_user_or_404(request)
    found, error, status = None, None, 200
    if request.method == "POST":
        q = request.POST.get("q", "")
        if not q.strip():
            error, status = _("Type a name, an ID number, a phone or an address."), 400
        else:
            try:
                found = selectors.lookup(user=request.user, q=q)
            except DomainError as exc:  # the hourly limit of number look-ups
                error, status = exc.message, exc.status
            else:
                if found.persons:
                    services.pii_lookup_audit(
                        user=request.user, persons=found.persons, key=found.key, request=request
                    )
                if len(found.households) == 1 and not found.more:
                    return redirect("registry:household", pk=found.households[0].pk)
    return render(
        request,
        "registry/lookup.html",
        {"found": found, "error": error, "q": request.POST.get("q", "")},
        status=status,
    )


@login_required
def household_detail(request, pk):
    household = _get(request, Household, pk, select=("grid", "house__building"))
    card = selectors.household_card(user=request.user, household=household)
    card["can_visit"] = permissions.can_record_visit(request.user, household.grid)
    return render(request, "registry/household_card.html", card)


@login_required
@require_POST
def visit_create(request, pk):
    household = _get(request, Household, pk, select=("grid",))
    form = VisitForm(request.POST)
    if not form.is_valid():
        form_refused(request, form)
        return redirect("registry:household", pk=pk)
    try:
        services.visit_record(actor=request.user, household=household, **form.cleaned_data)
    except DomainError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The visit was recorded."))
    return redirect("registry:household", pk=pk)


@login_required
def building_detail(request, pk):
    building = _get(request, Building, pk, select=("grid", "property_company"))
    return render(
        request,
        "registry/building_register.html",
        selectors.building_register(user=request.user, building=building),
    )


@login_required
@reads_from_replica
def export(request, kind):
    _register_user_or_404(request)
    if kind not in exports.EXPORTS or not permissions.can_export_register(request.user):
        raise Http404
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    filters = selectors.RegisterFilters.from_mapping(request.GET)
    try:
        data = exports.register_export(
            kind=kind,
            user=request.user,
            filters=filters,
            fmt=fmt,
            unmask=request.GET.get("unmask") == "1",
            request=request,
        )
    except DomainError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    response = HttpResponse(data, content_type=spreadsheet.content_type(fmt))
    response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    return response
