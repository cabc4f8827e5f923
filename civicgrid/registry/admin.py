"""Admin for the register: scoped like every page; personal data only in masked form.

Persons are read-only here (they change through imports and services, which validate ID numbers
and encrypt); the audit log is read-only for everybody.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.admin_scoping import RulesAdmin, ScopedAdmin, ViewOnly

from . import admin_areas  # noqa: F401  (registers the area tree's admin)
from .models import Building, Household, Person, PiiAccess, StaffPost, Tag, Unit

PII_HIDDEN = [
    "id_number_enc",
    "id_number_index",
    "phone_enc",
    "phone_index",
    "contact_phone_enc",
    "contact_phone_index",
]


@admin.register(Building)
class BuildingAdmin(ScopedAdmin):
    list_display = ("code", "name", "address", "building_type", "floors", "grid", "active")
    list_filter = ("building_type", "active")
    search_fields = ("code", "name", "address")
    raw_id_fields = ("grid", "property_company")


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ("number", "grid", "house")
    search_fields = ("number",)
    raw_id_fields = ("grid", "house")


@admin.register(Person)
class PersonAdmin(ViewOnly, ScopedAdmin):
    list_display = (
        "name",
        "id_number_masked",
        "gender",
        "birth_year",
        "phone_masked",
        "residence_type",
        "grid",
    )
    list_filter = ("residence_type", "gender", "active")
    search_fields = ("name",)
    # the birth date is the masked part of the ID number: the year only (not sortable either)
    exclude = ["id_number_enc", "id_number_index", "phone_enc", "phone_index", "birth_date"]
    readonly_fields = ("birth_year",)
    list_select_related = ("grid",)

    @admin.display(description=_("Year of birth"))
    def birth_year(self, obj):
        return obj.birth_year

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = (
        "name",
        "kind",
        "address",
        "grid",
        "contact_name",
        "contact_phone_masked",
        "active",
    )
    list_filter = ("kind", "active")
    search_fields = ("name", "credit_code")
    exclude = ["contact_phone_enc", "contact_phone_index"]
    readonly_fields = ("contact_phone_masked",)
    raw_id_fields = ("grid", "building")


@admin.register(StaffPost)
class StaffPostAdmin(ScopedAdmin):
    list_display = ("kind", "name", "area", "building", "user", "phone_masked")
    list_filter = ("kind",)
    exclude = ["phone_enc", "phone_index"]
    readonly_fields = ("phone_masked",)
    raw_id_fields = ("area", "building", "user")


@admin.register(Tag)
class TagAdmin(RulesAdmin):
    """Tags and their sensitivity are district-wide: kept by the district's administrators."""

    list_display = ("code", "name", "name_en", "group", "sensitivity")
    list_filter = ("group", "sensitivity")


@admin.register(PiiAccess)
class PiiAccessAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ("at", "user", "subject", "fields", "count", "channel", "address")
    list_filter = ("channel",)
    search_fields = ("user__username", "subject")
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
