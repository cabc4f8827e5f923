"""Screening campaigns in the admin: shown to administrators for reference, each campaign in
their scope with its checklist; launched, visited and concluded on the campaign pages."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import ScopedAdmin, ViewOnly

from .models import Campaign, CheckItem


class ItemInline(ViewOnly, admin.TabularInline):
    model = CheckItem
    fields = ("position", "text")
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(ViewOnly, ScopedAdmin):
    list_display = ["name", "theme", "area", "starts_on", "ends_on", "concluded_on"]
    search_fields = ["name"]
    inlines = [ItemInline]
