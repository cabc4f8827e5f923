"""Admin for the area tree: names may be corrected in the administrator's scope."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import ScopedAdmin
from civicgrid.areas.models import Area


@admin.register(Area)
class AreaAdmin(ScopedAdmin):
    list_display = ("code", "name", "level", "parent", "active")
    list_filter = ("level", "active")
    search_fields = ("code", "name")
    # Codes, levels, parents and boundaries change only through `civicgrid import areas`, which
    # checks codes and geometry and refreshes the locator; here only names can be corrected.
    readonly_fields = (
        "code",
        "level",
        "parent",
        "path",
        "boundary",
        "bbox",
        "centroid_lon",
        "centroid_lat",
        "active",
    )

    def has_add_permission(self, request, obj=None):
        return False
