"""The home page: what each role must do now (the workbench) and what it has in its scope.
Handlers, grid workers and checkers on a phone land on the phone page instead (web/phone.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from civicgrid.accounts import permissions
from civicgrid.accounts.models import RoleAssignment
from civicgrid.accounts.scope import areas_visible_to
from civicgrid.areas.choices import AreaLevel
from civicgrid.cases.intake_views import may_take_reports
from civicgrid.core.kept import kept
from civicgrid.registry import selectors
from civicgrid.registry.models import Building, Household, Person

from .phone import has_phone_pages, lands_on_phone
from .workbench import workbench


@login_required
def home(request):
    user = request.user
    if not permissions.is_staff_member(user):  # a resident's home is their own area
        return redirect("portal:area")
    if lands_on_phone(request):
        return redirect("phone")
    can_register = permissions.scope_paths(user, permissions.VIEW_REGISTER) != []
    context = {
        "assignments": RoleAssignment.objects.filter(user=user, active=True).select_related(
            "unit__area"
        ),
        "can_register": can_register,
        # the desk's first job (a phoned-in case) one click from home, as on the case list
        "can_report": may_take_reports(user),
        "grid_count": areas_visible_to(user).filter(level=AreaLevel.GRID, active=True).count(),
        "workbench": workbench(user),
        "phone_link": has_phone_pages(user),  # "phone version", back from the desktop pages
    }
    if can_register:
        context.update(_register_counts(user), recent_visits=selectors.visit_list(user=user)[:10])
    return render(request, "web/home.html", context)


def _register_counts(user) -> dict:
    """The register's figures on the home page; a district's (1,000,000 persons: 0.5 s) is kept
    a moment for everyone who sees the same register (``core.kept``)."""
    persons = Person.objects.visible_to(user).filter(active=True)
    households = Household.objects.visible_to(user)
    buildings = Building.objects.visible_to(user)
    return kept(
        "home:register",
        [persons, households, buildings],
        lambda: {
            "persons": persons.count(),
            "households": households.count(),
            "buildings": buildings.count(),
            "tag_counts": [t for t in selectors.tag_counts(user=user) if t["count"]],
        },
    )


@login_required
def workbench_part(request):
    """The workbench alone: the home page asks for it every minute (htmx) to stay current."""
    return render(request, "web/_workbench.html", {"workbench": workbench(request.user)})


@login_required
def inbox_link(request):
    """The navigation's inbox link with its unread count, polled every minute."""
    return render(request, "web/_inbox_link.html")


def favicon(request):
    """Browsers ask for /favicon.ico on pages without a <link rel=icon> (a PDF, an image): the
    product's own icon, never a 404 in the log."""
    return redirect(static("civicgrid/favicon.svg"), permanent=True)
