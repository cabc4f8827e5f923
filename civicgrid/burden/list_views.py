"""Duty-list pages: the lists in force for every kind of community, readable by anyone (no
login); a list's versions; and, for the district's administrators, importing a new version and
exporting a list as xlsx."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused, refused
from civicgrid.core.replicas import reads_from_replica
from civicgrid.core.spreadsheet import table_bytes, xlsx_response
from civicgrid.duties.models import CommunityKind, ListType, ListVersion
from civicgrid.duties.services import in_force
from civicgrid.registry.importing.columns import CellError, parse_date

from .forms import ListImportForm
from .lists import export_rows, import_file


def _on(request) -> dt.date:
    try:
        return parse_date(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except CellError:
        return timezone.localdate()


def lists(request):
    """Public: every kind's four lists as in force on a day (today by default)."""
    on = _on(request)
    kinds = []
    for kind in CommunityKind.objects.all():
        versions = []
        for value, label in ListType.choices:
            version = in_force(kind, value, on)
            items = (
                list(version.items.select_related("department").prefetch_related("case_classes"))
                if version
                else []
            )
            versions.append({"type": value, "label": label, "version": version, "items": items})
        kinds.append({"kind": kind, "lists": versions})
    return render(
        request,
        "duties/lists.html",
        {"kinds": kinds, "on": on, "can_manage": permissions.can_manage_rules(request.user)},
    )


def history(request, kind: str, list_type: str):
    """Public: a list's versions, newest first."""
    kind_obj = get_object_or_404(CommunityKind, code=kind)
    if list_type not in ListType.values:
        raise Http404
    versions = ListVersion.objects.filter(kind=kind_obj, list_type=list_type).prefetch_related(
        "items"
    )
    return render(
        request,
        "duties/history.html",
        {"kind": kind_obj, "label": ListType(list_type).label, "versions": versions},
    )


@login_required
@reads_from_replica
def export(request, kind: str, list_type: str):
    kind_obj = get_object_or_404(CommunityKind, code=kind)
    if list_type not in ListType.values:
        raise Http404
    header, body = export_rows(in_force(kind_obj, list_type, _on(request)))
    return xlsx_response(table_bytes(header, body, sheet=list_type), f"duties-{kind}-{list_type}")


@login_required
def import_version(request, kind: str, list_type: str):
    """District administrators: a file becomes the list's new version, or nothing is written."""
    if not permissions.can_manage_rules(request.user):
        raise Http404
    kind_obj = get_object_or_404(CommunityKind, code=kind)
    if list_type not in ListType.values:
        raise Http404
    errors = []
    if request.method == "POST":
        form = ListImportForm(request.POST, request.FILES)
        if not form.is_valid():
            form_refused(request, form)
        else:
            upload = form.cleaned_data["file"]
            try:
                version, errors = import_file(
                    name=upload.name,
                    file=upload,
                    kind=kind_obj,
                    list_type=list_type,
                    effective_from=form.cleaned_data["effective_from"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                    address=client_address(request),
                )
            except DomainError as exc:
                refused(request, exc)
            else:
                if version is not None:
                    messages.success(
                        request,
                        _("Version %(n)s of the list is in force from %(day)s.")
                        % {"n": version.number, "day": version.effective_from},
                    )
                    return redirect("duties:history", kind=kind, list_type=list_type)
    return render(
        request,
        "duties/import.html",
        {
            "kind": kind_obj,
            "list_type": list_type,
            "label": ListType(list_type).label,
            "errors": errors,
            "today": timezone.localdate(),
        },
    )
