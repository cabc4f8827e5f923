"""Cases in the admin: read-only views for operations (cases change only through the loop)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesPermissions

from .models import SweepRun


class ReadOnly(RulesPermissions):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("at", "yellow", "red", "escalated", "seconds")
    date_hierarchy = "at"
