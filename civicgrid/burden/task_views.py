"""Community-task pages: a department pushes a recurring task to communities (refused, with the
rule cited, where no admitted item allows it); everyone sees the tasks and refused attempts that
concern them (the review office all, a department its own, a community's people theirs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import form_refused, refused

from . import tasks
from .admission import departments_of
from .forms import TaskForm
from .models import CommunityTask


def may_list_tasks(user) -> bool:
    """A department pushes tasks; those who see some or their refusals read them."""
    return (
        bool(departments_of(user))
        or tasks.task_list(user=user).exists()
        or tasks.refusal_list(user=user).exists()
    )


@login_required
def task_list(request):
    departments = departments_of(request.user)
    if request.method == "POST" and departments:
        form = TaskForm(request.POST, departments=departments)
        if not form.is_valid():
            form_refused(request, form)
        else:
            data = form.cleaned_data
            try:
                done = tasks.task_push(
                    actor=request.user, **{**data, "communities": list(data["communities"])}
                )
            except DomainError as exc:
                refused(request, exc)
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
            "tasks": tasks.task_list(user=request.user)[:200],
            "refusals": tasks.refusal_list(user=request.user)[:200],
            "departments": departments,
            "communities": Area.objects.filter(level=AreaLevel.COMMUNITY, active=True),
            "kinds": CommunityTask.Kind.choices,
            "everies": CommunityTask.Every.choices,
        },
    )
