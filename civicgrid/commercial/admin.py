"""Commercial buildings in the admin: shown to administrators for reference, each profile in
their scope; changed on the commercial building pages, where the rules apply."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import ScopedAdmin, ViewOnly

from .models import Activity, Agreement, CommercialBuilding, Inspection, Member


class MemberInline(ViewOnly, admin.TabularInline):
    model = Member
    fields = ("kind", "organisation", "unit", "contact", "joined_on", "left_on")
    extra = 0


class AgreementInline(ViewOnly, admin.TabularInline):
    model = Agreement
    fields = ("member", "title", "signed_on", "until")
    extra = 0


class ActivityInline(ViewOnly, admin.TabularInline):
    model = Activity
    fields = ("kind", "held_on", "subject", "attended", "score")
    extra = 0


class InspectionInline(ViewOnly, admin.TabularInline):
    model = Inspection
    fields = ("kind", "held_on", "inspectors")
    extra = 0


@admin.register(CommercialBuilding)
class CommercialBuildingAdmin(ViewOnly, ScopedAdmin):
    list_display = ["building", "area", "party_organisation", "enterprises", "workers"]
    search_fields = ["building__name", "building__code"]
    inlines = [MemberInline, AgreementInline, ActivityInline, InspectionInline]
