"""The audit trail of powers, as a page with filters and an xlsx export (district
administrators only; for everyone else the page does not exist)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core import audit
from civicgrid.core.feedback import form_errors, form_refused
from civicgrid.core.models import PowerChange
from civicgrid.core.spreadsheet import table_bytes, xlsx_response

from . import permissions
from .forms import PowerAuditFilterForm

EXPORT_LIMIT = 100_000


def export_table(entries) -> tuple[list, list]:
    header = [
        _("at"),
        _("kind"),
        _("action"),
        _("actor"),
        _("address"),
        _("object"),
        _("object id"),
        _("changes"),
        _("before"),
        _("after"),
    ]
    rows = [
        [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            str(e.get_kind_display()),
            audit.action_label(e.action),
            e.actor_name,
            e.address or "",
            e.target,
            e.target_id,
            audit.changes_text(e.before, e.after),
            audit.as_text(e.before),
            audit.as_text(e.after),
        ]
        for e in entries.iterator()
    ]
    return header, rows


@login_required
def power_audit(request):
    if not permissions.can_view_power_audit(request.user):
        raise Http404
    form = PowerAuditFilterForm(request.GET)
    valid, exporting = form.is_valid(), request.GET.get("format") == "xlsx"
    if not valid and exporting:  # a filter that cannot be read: say which, export nothing
        text = "\n".join(form_errors(form))
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    if not valid:  # … and list nothing
        form_refused(request, form)
    entries = audit.entries(**form.cleaned_data) if valid else PowerChange.objects.none()
    if exporting:
        header, rows = export_table(entries[:EXPORT_LIMIT])
        # a sheet's name has at most 31 characters (Excel); the translations' are shorter
        data = table_bytes(header, rows, sheet=_("audit trail of powers")[:31])
        return xlsx_response(data, f"power-audit-{timezone.localdate():%Y%m%d}")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for e in page:
        e.label, e.changes = audit.action_label(e.action), audit.changes(e.before, e.after)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "accounts/power_audit.html",
        {
            "page": page,
            "filters": form.cleaned_data,
            "kinds": PowerChange.Kind.choices,
            "query": query.urlencode(),
        },
        status=200 if valid else 400,
    )
