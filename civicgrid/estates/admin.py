"""Property oversight in the admin: shown to administrators for reference, each estate in their
scope; changed on the estates pages, where the rules apply (the blacklist shown before an estate
is given, phones encrypted)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import ScopedAdmin, ScopedInline, ViewOnly

from .models import Blacklisting, Estate, ServiceTerm


class TermInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = ServiceTerm
    fields = ("company", "starts_on", "ends_on", "contact", "phone_masked", "blacklisted_then")
    extra = 0


@admin.register(Estate)
class EstateAdmin(ViewOnly, ScopedAdmin):
    list_display = ["name", "code", "area", "self_management"]
    search_fields = ["name", "code"]
    inlines = [TermInline]


@admin.register(Blacklisting)
class BlacklistingAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["company", "listed_on", "review_on", "lifted_on"]
