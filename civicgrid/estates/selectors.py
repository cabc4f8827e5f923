"""What each user sees of property oversight: the estates of the communities they lead (their
leaders and those above), each with who manages it today; the blacklist is the district's and
every leader reads it. A contact's phone is shown masked. Anyone else: nothing, and an estate
asked for by id is not found."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led, led_paths
from civicgrid.areas.models import Area

from .models import Blacklisting, Estate, ServiceTerm


def sees_estates(user: User) -> bool:
    return permissions.leads_somewhere(user)


def communities(user: User) -> list[Area]:
    """The communities the user leads: the forms' choices."""
    if not sees_estates(user):
        return []
    areas = Area.objects.filter(level=4, active=True).order_by("path")
    paths = led_paths(user)
    if paths is not None:
        areas = areas.filter(permissions.paths_q(paths)) if paths else areas.none()
    return list(areas)


def serving(on=None) -> QuerySet[ServiceTerm]:
    """The terms running on ``on`` (today)."""
    on = on or timezone.localdate()
    return ServiceTerm.objects.filter(starts_on__lte=on).filter(
        Q(ends_on=None) | Q(ends_on__gte=on)
    )


def listed_now(on=None) -> QuerySet[Blacklisting]:
    on = on or timezone.localdate()
    return Blacklisting.objects.filter(listed_on__lte=on).filter(
        Q(lifted_on=None) | Q(lifted_on__gt=on)
    )


def estates(user: User) -> QuerySet[Estate]:
    """The estates the user sees, each marked ``managed`` (a company today) and ``blacklisted``
    (today's company is on the blacklist)."""
    today = serving().filter(estate=OuterRef("pk"))
    bad = listed_now().values("company")
    return (
        led(Estate.objects.all(), user, "area__path")
        .select_related("area", "owners_committee")
        .annotate(managed=Exists(today), blacklisted=Exists(today.filter(company__in=bad)))
    )


def without_company(qs: QuerySet[Estate]) -> QuerySet[Estate]:
    """The estates of ``qs`` no company manages today."""
    return qs.exclude(Exists(serving().filter(estate=OuterRef("pk"))))


def blacklist(user: User) -> QuerySet[Blacklisting]:
    if not sees_estates(user):
        return Blacklisting.objects.none()
    return Blacklisting.objects.select_related("company", "assessment__round")
