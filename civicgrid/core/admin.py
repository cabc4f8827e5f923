"""Admin for the working-time calendar: district administrators keep it, year by year."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.admin_scoping import RulesPermissions, ScopeChoices

from . import calendar_services
from .client import client_address
from .models import CalendarDay, CalendarYear, PowerChange


class RulesAdmin(RulesPermissions, ScopeChoices, admin.ModelAdmin):
    """District-wide configuration; units, areas and people offered are the user's own."""


class RulesInline(RulesPermissions, ScopeChoices):
    """An inline of a ``RulesAdmin``: the same permission and choices."""


def who(request) -> dict:
    """The actor and address a change made in the admin is audited with."""
    return {"actor": request.user, "address": client_address(request)}


class MissingYearWarning:
    def changelist_view(self, request, extra_context=None):
        for year in calendar_services.missing_years():
            messages.warning(
                request,
                _(
                    "The official holiday schedule for %(year)s is not entered: working time "
                    "assumes Monday to Friday for it. Add its holidays and adjusted working days, "
                    "then add the year under Calendar years."
                )
                % {"year": year},
            )
        return super().changelist_view(request, extra_context)


@admin.register(CalendarDay)
class CalendarDayAdmin(MissingYearWarning, RulesAdmin):
    list_display = ("date", "kind", "name", "name_en", "source")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
    search_fields = ("name", "name_en")

    def save_model(self, request, obj, form, change):
        calendar_services.calendar_day_save(day=obj, **who(request))

    def delete_model(self, request, obj):
        calendar_services.calendar_day_delete(day=obj, **who(request))

    def delete_queryset(self, request, queryset):
        for day in queryset:
            calendar_services.calendar_day_delete(day=day, **who(request))


@admin.register(CalendarYear)
class CalendarYearAdmin(MissingYearWarning, RulesAdmin):
    list_display = ("year", "source", "note")

    def save_model(self, request, obj, form, change):
        calendar_services.calendar_year_save(year=obj, **who(request))

    def delete_model(self, request, obj):
        calendar_services.calendar_year_delete(year=obj, **who(request))

    def delete_queryset(self, request, queryset):
        for year in queryset:
            self.delete_model(request, year)


@admin.register(PowerChange)
class PowerChangeAdmin(RulesAdmin):
    """The audit trail of powers, read-only for everyone (superusers included): it is appended
    to by the services, never changed."""

    list_display = ("at", "kind", "action", "actor_name", "address", "target")
    list_filter = ("kind", "action")
    search_fields = ("actor_name", "target", "target_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in PowerChange._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}
