"""What each user sees of commercial buildings: the profiles in the communities they lead (their
leaders and those above). Anyone else: nothing, and a profile asked for by id is not found."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import led
from civicgrid.cases.choices import State
from civicgrid.registry.models import Building

from .models import CommercialBuilding, Hazard, Member
from .services import COMMERCIAL_TYPES


def sees(user: User) -> bool:
    return permissions.leads_somewhere(user)


def profiles(user: User) -> QuerySet[CommercialBuilding]:
    """The profiles the user sees, each with its sitting ``members`` and ``open_hazards`` (found,
    and not yet rectified: no case, or its case not closed)."""
    today = timezone.localdate()
    sitting = Q(members__left_on=None) | Q(members__left_on__gte=today)
    return (
        led(CommercialBuilding.objects.all(), user, "area__path")
        .select_related("building", "area", "party_organisation__unit")
        .annotate(
            sitting=Count("members", filter=sitting, distinct=True),
            open_hazards=Coalesce(Subquery(
                unrectified().filter(inspection__profile=OuterRef("pk"))
                .values("inspection__profile").annotate(n=Count("id")).values("n"),
                output_field=IntegerField(),
            ), 0),
        )
    )  # fmt: skip


def unrectified() -> QuerySet[Hazard]:
    """The hazards found and not rectified yet: no case, or a case not closed."""
    return Hazard.objects.exclude(case__state=State.CLOSED)


def unprofiled(user: User) -> QuerySet[Building]:
    """The commercial and mixed-use buildings in the communities the user leads, not yet
    profiled: the new profile form's choices."""
    if not sees(user):
        return Building.objects.none()
    return (
        led(Building.objects.filter(active=True, building_type__in=COMMERCIAL_TYPES), user,
            "grid__path")
        .exclude(Exists(CommercialBuilding.objects.filter(building=OuterRef("pk"))))
        .order_by("code")
    )  # fmt: skip


def sitting(profile: CommercialBuilding, on=None) -> QuerySet[Member]:
    on = on or timezone.localdate()
    return profile.members.filter(joined_on__lte=on).filter(Q(left_on=None) | Q(left_on__gte=on))


def hazards(profile: CommercialBuilding) -> QuerySet[Hazard]:
    return Hazard.objects.filter(inspection__profile=profile).select_related("inspection", "case")
