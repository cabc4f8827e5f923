from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_scoping import ScopedAdmin
from .models import ApiToken, OrgUnit, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ("unit",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("civicgrid"), {"fields": ("display_name",)}))
    list_display = ("username", "display_name", "is_active", "is_staff", "last_login")
    inlines = [RoleAssignmentInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdmin):
    list_display = ("name", "code", "kind", "area", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "code")
    raw_id_fields = ("parent", "area")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    list_display = ("user", "role", "unit", "view_pii", "tag_clearance", "active")
    list_filter = ("role", "view_pii", "active")
    search_fields = ("user__username", "unit__name")
    raw_id_fields = ("user", "unit")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "hint", "last_used_at")
    search_fields = ("name", "user__username")

    def has_add_permission(self, request):
        return False  # tokens are created from the user's page, where the secret is shown once
