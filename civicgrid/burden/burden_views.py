"""Burden pages: the district ranking of the most loaded communities and the departments that
load them, and each community's burden with its items, tasks, refused attempts and trend against
the baseline year. A user sees the communities their grants cover (the review office all)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.spreadsheet import table_bytes, xlsx_response

from . import figures
from .models import CommunityTask, Complaint, Refusal


def parse_year(value, name: str, default: int) -> int:
    """A year from a query parameter, or a field-naming error."""
    if value in (None, ""):
        return default
    text = str(value).strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise DomainError(
            _("Give a year between 2000 and 2100."), code=ErrorCode.INVALID, field=name
        )
    return int(text)


def years(params) -> tuple[int, int]:
    """(year, baseline) asked for, defaulting to this year and the configured baseline."""
    year = parse_year(params.get("year"), "year", timezone.localdate().year)
    return year, parse_year(params.get("baseline"), "baseline", figures.baseline_year())


def district(user, year: int, baseline: int) -> dict:
    """The ranking, the departments and the totals of each year since the baseline."""
    communities = list(figures.visible_communities(user).order_by("code"))
    if not communities:
        raise Http404
    history = figures.trend(communities, baseline, year)
    found, loads = figures.compared(communities, year, baseline, history)
    names = OrgUnit.objects.in_bulk([d.department_id for d in loads])
    for load in loads:
        load.department = names[load.department_id]
    totals = []
    for entry in history:
        rows = list(entry["burdens"].values())
        totals.append(
            {
                "year": entry["year"],
                "items": sum(r.statutory + r.assisting for r in rows) / len(rows),
                "hours": sum(r.hours_per_month for r in rows) / len(rows),
                "refused": sum(r.refused for r in rows),
            }
        )
    return {"rows": found, "departments": loads, "totals": totals}


@login_required
def ranking(request):
    try:
        year, baseline = years(request.GET)
    except DomainError as exc:
        return render(request, "duties/burden.html", {"error": exc}, status=400)
    return render(
        request,
        "duties/burden.html",
        {"year": year, "baseline": baseline, **district(request.user, year, baseline)},
    )


HEADER = [
    "排名", "社区", "社区类型", "依法履职事项", "协助工作事项", "每月工时", "每年报表", "每年会议",
    "下派任务", "被拒绝的下派", "年度经费", "每工时经费", "基准年每月工时", "变化（%）",
]  # fmt: skip


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _row(r) -> list:
    return [
        r.rank, r.community.name, r.kind.name if r.kind else "", r.statutory, r.assisting,
        float(r.hours_per_month), r.reports_per_year, r.meetings_per_year, r.tasks, r.refused,
        float(r.funding_per_year), _number(r.yuan_per_hour), float(r.before.hours_per_month),
        _number(r.change),
    ]  # fmt: skip


@login_required
def ranking_export(request):
    try:
        year, baseline = years(request.GET)
    except DomainError as exc:
        return render(request, "duties/burden.html", {"error": exc}, status=400)
    rows = district(request.user, year, baseline)["rows"]
    data = table_bytes(HEADER, (_row(r) for r in rows), sheet=str(year))
    return xlsx_response(data, f"community-burden-{year}")


@login_required
def community(request, code: str):
    area = get_object_or_404(figures.visible_communities(request.user), code=code)
    try:
        year, baseline = years(request.GET)
    except DomainError as exc:
        return render(request, "duties/burden.html", {"error": exc}, status=400)
    (found,) = figures.burdens([area], year)
    history = [e["burdens"][area.pk] for e in figures.trend([area], baseline, year)]
    first = history[0]
    for entry in history:
        entry.change = figures.change(entry.hours_per_month, first.hours_per_month)
    names = OrgUnit.objects.in_bulk(
        [i.department_id for i in found.items if i.department_id] + list(found.departments)
    )
    for item in found.items:
        item.department = names.get(item.department_id)
    departments = sorted(((names[d], h) for d, h in found.departments.items()), key=lambda x: -x[1])
    return render(
        request,
        "duties/burden_community.html",
        {
            "area": area,
            "year": year,
            "baseline": baseline,
            "b": found,
            "history": history,
            "departments": departments,
            "tasks": CommunityTask.objects.filter(community=area)
            .select_related("department")
            .order_by("-first_due")[:100],
            "refusals": Refusal.objects.filter(
                community=area, created_at__year=year
            ).select_related("department")[:100],
            "complaints": Complaint.objects.filter(community=area).select_related(
                "department", "case"
            )[:100],
        },
    )
