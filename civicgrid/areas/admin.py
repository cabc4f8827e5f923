from django.contrib import admin

from civicgrid.accounts.admin_scoping import ScopedAdmin

from .models import Area


@admin.register(Area)
class AreaAdmin(ScopedAdmin):
    list_display = ("code", "name", "level", "parent", "active")
    list_filter = ("level", "active")
    search_fields = ("code", "name")
    readonly_fields = ("path", "bbox", "centroid_lon", "centroid_lat")
    raw_id_fields = ("parent",)
