"""The service catalogue in the admin: district administrators keep the items and their
materials (the items are never deleted: one no longer offered is unticked)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin, RulesInline, ScopedAdmin

from .models import Material, ServiceItem
from .queue_models import Window


class MaterialInline(RulesInline, admin.TabularInline):
    model = Material
    fields = ("position", "name", "form", "copies", "may_follow", "note")
    extra = 1


@admin.register(ServiceItem)
class ServiceItemAdmin(RulesAdmin):
    list_display = (
        "code",
        "name",
        "category",
        "office",
        "kind",
        "promised_days",
        "price",
        "active",
    )
    list_filter = ("category", "kind", "price", "active")
    search_fields = ("code", "name")
    inlines = [MaterialInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Window)
class WindowAdmin(ScopedAdmin):
    """A service centre's windows, kept by administrators where the centre is."""

    list_display = ("centre", "number", "name", "categories", "active")
    list_filter = ("active",)
