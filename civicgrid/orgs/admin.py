"""The hub ("1+14+x") is kept in the admin by the district's administrators; organisations,
tenders and subsidies are shown there for reference, with the record of their steps, and changed
on their pages, where the rules (codes checked, phones encrypted, the scoring) apply."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin, RulesInline, ViewOnly

from .models import HubNode, Organisation, Subsidy, SubsidyStep, Tender, TenderStep


@admin.register(HubNode)
class HubNodeAdmin(RulesAdmin):
    list_display = ["name", "level", "parent", "area"]
    list_filter = ["level"]
    search_fields = ["name"]


class ReadOnlyAdmin(ViewOnly, RulesAdmin):
    """Shown to the district's administrators, changed on the pages only."""


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "type", "credit_code", "service_area", "hub", "rating"]
    list_filter = ["type", "incubation", "rating"]
    exclude = ["contact_phone_enc", "contact_phone_index"]


class StepsInline(RulesInline, admin.TabularInline):
    """The record of an object's steps: who, when, from which state to which, why."""

    readonly_fields = ("at", "action", "from_state", "to_state", "actor", "note")
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TenderStepsInline(StepsInline):
    model = TenderStep


class SubsidyStepsInline(StepsInline):
    model = SubsidyStep


@admin.register(Tender)
class TenderAdmin(ReadOnlyAdmin):
    list_display = ["title", "buyer", "budget", "deadline", "status"]
    list_filter = ["status"]
    inlines = [TenderStepsInline]


@admin.register(Subsidy)
class SubsidyAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "purpose", "requested", "approved", "status"]
    list_filter = ["status"]
    inlines = [SubsidyStepsInline]
