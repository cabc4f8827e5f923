"""Screening campaigns in the admin: shown to administrators for reference, each campaign in
their scope with its checklist, and each visit in a grid of their scope with its findings;
launched, visited and concluded on the campaign pages."""

from django.contrib import admin

from civicgrid.accounts import permissions
from civicgrid.accounts.admin_scoping import ScopedAdmin, ScopedInline, ViewOnly

from .models import Campaign, CheckItem, Finding, Visit


class ItemInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = CheckItem
    fields = ("position", "text")
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(ViewOnly, ScopedAdmin):
    list_display = ["name", "theme", "area", "starts_on", "ends_on", "concluded_on"]
    search_fields = ["name"]
    inlines = [ItemInline]


class FindingsInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Finding
    fields = ("item", "description", "case")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item", "case")


@admin.register(Visit)
class VisitAdmin(ViewOnly, ScopedAdmin):
    list_display = ["place", "campaign", "grid", "building", "visited_on", "visited_by"]
    list_filter = ["campaign__theme", "visited_on"]
    search_fields = ["place", "campaign__name", "building__name", "building__code"]
    list_select_related = ["campaign", "grid", "building", "visited_by"]
    inlines = [FindingsInline]

    def get_queryset(self, request):
        # no scoped manager (``visible_to``) to filter by: the visit's grid in the user's scope
        # (a district's campaign is visited in every street; each sees its own visits)
        here = permissions.scope_filter(request.user, "grid__path", permissions.MANAGE_USERS)
        return super().get_queryset(request).filter(here)
