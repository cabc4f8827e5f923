"""The web interface's settings in the admin: the command-centre wall's thresholds (one row)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin

from .models import WallThresholds


@admin.register(WallThresholds)
class WallThresholdsAdmin(RulesAdmin):
    """District-wide, like the catalogue: administrators granted on the district change them."""

    list_display = ("__str__", "open_amber", "open_red", "red_amber", "red_red", "changed_at")
    readonly_fields = ("changed_at",)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request) and not WallThresholds.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
