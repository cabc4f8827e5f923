"""The home page: what each role must do now (the workbench) and what it has in its scope."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from civicgrid.accounts import permissions
from civicgrid.accounts.models import RoleAssignment
from civicgrid.areas.models import Area
from civicgrid.registry import selectors
from civicgrid.registry.models import Building, Household, Person

from .workbench import workbench


@login_required
def home(request):
    user = request.user
    can_register = permissions.scope_paths(user, permissions.VIEW_REGISTER) != []
    context = {
        "assignments": RoleAssignment.objects.filter(user=user, active=True).select_related(
            "unit__area"
        ),
        "can_register": can_register,
        "grid_count": Area.objects.visible_to(user).grids().filter(active=True).count(),
        "workbench": workbench(user),
    }
    if can_register:
        context.update(
            persons=Person.objects.visible_to(user).filter(active=True).count(),
            households=Household.objects.visible_to(user).count(),
            buildings=Building.objects.visible_to(user).count(),
            tag_counts=[t for t in selectors.tag_counts(user=user) if t["count"]],
            recent_visits=selectors.visit_list(user=user)[:10],
        )
    return render(request, "web/home.html", context)


@login_required
def workbench_part(request):
    """The workbench alone: the home page asks for it every minute (htmx) to stay current."""
    return render(request, "web/_workbench.html", {"workbench": workbench(request.user)})


@login_required
def inbox_link(request):
    """The navigation's inbox link with its unread count, polled every minute."""
    return render(request, "web/_inbox_link.html")
