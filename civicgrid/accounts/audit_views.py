"""The audit trail of powers, as a page with filters and an xlsx export (district
administrators only; for everyone else the page does not exist)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from civicgrid.core import audit
from civicgrid.core.models import PowerChange
from civicgrid.core.spreadsheet import table_bytes, xlsx_response

from . import permissions

EXPORT_LIMIT = 100_000


def can_view_power_audit(user) -> bool:
    """The audit trail of powers is for the district's administrators (granted on the district
    or above: those who keep the district-wide rules), who answer for who may do what (PIPL)."""
    return permissions.can_manage_rules(user)


def filters_from(data) -> dict:
    """The trail's filters from a query string; an unknown kind or a bad date is ignored."""
    kind = data.get("kind", "")
    return {
        "kind": kind if kind in PowerChange.Kind.values else "",
        "actor": data.get("actor", "").strip()[:150],
        "since": parse_date_or_none(data.get("since", "")),
        "until": parse_date_or_none(data.get("until", "")),
    }


def parse_date_or_none(text: str):
    try:
        return parse_date(text or "")
    except ValueError:
        return None


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
    if not can_view_power_audit(request.user):
        raise Http404
    filters = filters_from(request.GET)
    entries = audit.entries(**filters)
    if request.GET.get("format") == "xlsx":
        header, rows = export_table(entries[:EXPORT_LIMIT])
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
            "filters": filters,
            "kinds": PowerChange.Kind.choices,
            "query": query.urlencode(),
        },
    )
