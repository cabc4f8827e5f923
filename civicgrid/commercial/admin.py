"""Commercial buildings in the admin: shown to administrators for reference, each profile and
each hazard found in their scope; changed on the commercial building pages, where the rules
apply (a hazard made a case once, through the liaison channel)."""

from django.contrib import admin

from civicgrid.accounts import permissions
from civicgrid.accounts.admin_scoping import ScopedAdmin, ScopedInline, ViewOnly

from .models import Activity, Agreement, CommercialBuilding, Hazard, Inspection, Member


class MemberInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Member
    fields = ("kind", "organisation", "unit", "contact", "joined_on", "left_on")
    extra = 0


class AgreementInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Agreement
    fields = ("member", "title", "signed_on", "until")
    extra = 0


class ActivityInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Activity
    fields = ("kind", "held_on", "subject", "attended", "score")
    extra = 0


class InspectionInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Inspection
    fields = ("kind", "held_on", "inspectors")
    extra = 0


@admin.register(CommercialBuilding)
class CommercialBuildingAdmin(ViewOnly, ScopedAdmin):
    list_display = ["building", "area", "party_organisation", "enterprises", "workers"]
    search_fields = ["building__name", "building__code"]
    inlines = [MemberInline, AgreementInline, ActivityInline, InspectionInline]


@admin.register(Hazard)
class HazardAdmin(ViewOnly, ScopedAdmin):
    """The hazards the inspections found, each with the case it was made (an inspection is
    itself shown under its building, where a hazard cannot be nested)."""

    list_display = ["__str__", "severity", "inspection__profile", "inspection", "case"]
    list_filter = ["installation", "severity"]
    search_fields = ["description", "inspection__profile__building__name",
                     "inspection__profile__building__code"]  # fmt: skip
    list_select_related = ["inspection__profile__building", "case"]

    def get_queryset(self, request):
        # no scoped manager (``visible_to``) to filter by: the building's community in scope
        here = permissions.scope_filter(
            request.user, "inspection__profile__area__path", permissions.MANAGE_USERS
        )
        return super().get_queryset(request).filter(here)
