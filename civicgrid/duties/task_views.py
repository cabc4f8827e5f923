"""Community-task pages: a department pushes a recurring task to communities (refused, with the
rule cited, where no admitted item allows it); everyone sees the tasks and refused attempts that
concern them (the review office all, a department its own, a community's people theirs)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.registry.importing.columns import CellError, parse_date

from .admission_views import _departments
from .models import CommunityTask
from .tasks_service import push, seen_by


def may_list_tasks(user) -> bool:
    """A department pushes tasks; those who see some or their refusals read them."""
    tasks, refusals = seen_by(user)
    return bool(_departments(user)) or tasks.exists() or refusals.exists()


@login_required
def task_list(request):
    tasks, refusals = seen_by(request.user)
    departments = _departments(request.user)
    if request.method == "POST" and departments:
        try:
            department = next(
                (d for d in departments if str(d.pk) == request.POST.get("department")), None
            )
            if department is None:
                raise DomainError(_("Choose your department."), field="department")
            try:
                first_due = parse_date(request.POST.get("first_due", ""))
                hours = Decimal(request.POST.get("hours") or "0")
            except (CellError, InvalidOperation) as exc:
                raise DomainError(str(exc), field="first_due") from None
            done = push(
                actor=request.user,
                department=department,
                communities=list(
                    Area.objects.filter(
                        pk__in=request.POST.getlist("communities"), level=AreaLevel.COMMUNITY
                    )
                ),
                kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""),
                item_code=request.POST.get("item_code", ""),
                every=request.POST.get("every", ""),
                first_due=first_due,
                hours=hours,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if done.tasks:
                messages.success(
                    request, _("Pushed to %(n)s communities.") % {"n": len(done.tasks)}
                )
            for refusal in done.refused:
                messages.error(request, f"{refusal.community.name}: {refusal.rule}")
            return redirect("duties:tasks")
    if not may_list_tasks(request.user):
        raise Http404
    return render(
        request,
        "duties/tasks.html",
        {
            "tasks": tasks[:200],
            "refusals": refusals[:200],
            "departments": departments,
            "communities": Area.objects.filter(level=AreaLevel.COMMUNITY, active=True),
            "kinds": CommunityTask.Kind.choices,
            "everies": CommunityTask.Every.choices,
        },
    )
