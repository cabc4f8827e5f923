"""The hub ("1+14+x") is kept in the admin by the district's administrators; organisations,
tenders and subsidies are shown there for reference and changed on their pages, where the rules
(codes checked, phones encrypted, the scoring) apply."""

from django.contrib import admin

from civicgrid.core.admin import RulesAdmin

from .models import HubNode, Organisation, Subsidy, Tender


@admin.register(HubNode)
class HubNodeAdmin(RulesAdmin):
    list_display = ["name", "level", "parent", "area"]
    list_filter = ["level"]
    search_fields = ["name"]


class ReadOnlyAdmin(RulesAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "type", "credit_code", "service_area", "hub", "rating"]
    list_filter = ["type", "incubation", "rating"]
    exclude = ["contact_phone_enc", "contact_phone_index"]


@admin.register(Tender)
class TenderAdmin(ReadOnlyAdmin):
    list_display = ["title", "buyer", "budget", "deadline", "status"]
    list_filter = ["status"]


@admin.register(Subsidy)
class SubsidyAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "purpose", "requested", "approved", "status"]
    list_filter = ["status"]
