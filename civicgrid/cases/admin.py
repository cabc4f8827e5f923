"""Cases in the admin: read-only views for operations (cases change only through the loop)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesPermissions, ViewOnly

from .models import SweepRun


class ReadOnly(ViewOnly, RulesPermissions):
    """The sweep's record, read by the district's administrators."""


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("at", "yellow", "red", "escalated", "seconds")
    date_hierarchy = "at"
