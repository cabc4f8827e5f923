"""Who may do what with applications (the services ask here; pages show a button exactly when
the action would succeed).

- **The front desk**: a centre's people and the leaders of its area accept applications at the
  centre, tell what is missing, receive materials that follow and hand results over.
- **The back office**: the people of the office responsible (a department, or the centre itself
  for its own items) and the leaders over it review, pass up, approve or refuse, and answer
  bad ratings.
- **Acting for a resident (代办)**: a grid worker whose grid holds the applicant (one who
  records visits there), with the applicant's consent.
- **The applicant** follows the application from the account that submitted it; anyone with the
  receipt number and the applicant's ID number follows and rates it on the public page.
Everyone else gets 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area

from .application_models import Application


def at_desk(user: User, centre_id: int) -> bool:
    """The centre's people and the leaders of its area (the hall's rule)."""
    return centre_id in permissions.works_at_or_leads(user, UnitKind.SERVICE_CENTRE)


NOT_STAFF = (Role.RESIDENT, Role.COUNCIL_MEMBER)


def office_units(user: User) -> set[int]:
    """The units the user works for as staff (a resident's or a council member's grant on a
    committee makes nobody its office)."""
    return {g.unit_id for g in permissions.grants(user) if g.role not in NOT_STAFF}


def in_office(user: User, office: OrgUnit) -> bool:
    return office.pk in office_units(user) or permissions.can_lead(user, office.area)


def may_see(user: User, application: Application) -> bool:
    return (
        at_desk(user, application.centre_id)
        or in_office(user, application.office)
        or (application.submitted_by_id is not None and application.submitted_by_id == user.pk)
    )


def acts_for(user: User, grid: Area) -> bool:
    """A grid worker may apply for a resident of a grid where they record visits."""
    return permissions.can_record_visit(user, grid)


def visible(user: User) -> QuerySet[Application]:
    """The applications the user sees: at their centres, for their offices (or under the areas
    they lead), and those they submitted."""
    apps = Application.objects.all()
    if permissions.is_everywhere(user):
        return apps
    leads = [g.path for g in permissions.grants(user) if g.role in (Role.ADMIN, Role.LEADER)]
    where = (
        Q(centre_id__in=permissions.works_at_or_leads(user, UnitKind.SERVICE_CENTRE))
        | Q(office_id__in=office_units(user))
        | Q(submitted_by=user)
    )
    if leads:
        where |= permissions.paths_q(leads, "office__area__path")
    return apps.filter(where)


def centre_of(grid: Area) -> OrgUnit | None:
    """The service centre nearest above the grid (its community's, else its street's, else the
    district's): where an application from the portal or a grid worker is accepted."""
    centres = dict(permissions.units_of_kind(UnitKind.SERVICE_CENTRE))
    best = max(
        ((pk, path) for pk, path in centres.items() if grid.path.startswith(path)),
        key=lambda row: len(row[1]),
        default=None,
    )
    return OrgUnit.objects.get(pk=best[0]) if best else None


def is_grid_worker(user: User) -> bool:
    """Records visits somewhere: applies for residents (代办) rather than as one."""
    return any(g.allows(permissions.RECORD_VISIT) for g in permissions.grants(user))
