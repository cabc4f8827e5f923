"""Kinds of community in the admin (which communities are villages, …). The lists themselves
change only by a new version (import on the duty lists page, or ``civicgrid duties import``), so
that every past version reads back as it was: they are shown here, not edited."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin

from .models import CommunityKind, ListItem, ListVersion


@admin.register(CommunityKind)
class CommunityKindAdmin(RulesAdmin):
    list_display = ["code", "name", "default"]
    filter_horizontal = ["areas"]


class ListItemInline(admin.TabularInline):
    model = ListItem
    extra = 0
    can_delete = False
    fields = ("code", "title", "department", "hours_per_month", "funding_per_year")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ListVersion)
class ListVersionAdmin(RulesAdmin):
    list_display = ["kind", "list_type", "number", "effective_from", "note"]
    list_filter = ["kind", "list_type"]
    readonly_fields = ["kind", "list_type", "number", "effective_from", "note", "created_by"]
    inlines = [ListItemInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
