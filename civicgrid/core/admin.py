"""Admin for the working-time calendar: district administrators keep it, year by year."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.admin_scoping import RulesPermissions

from . import calendar_services
from .models import CalendarDay, CalendarYear


class RulesAdmin(RulesPermissions, admin.ModelAdmin):
    pass


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
        calendar_services.calendar_day_save(day=obj)

    def delete_model(self, request, obj):
        calendar_services.calendar_day_delete(day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            calendar_services.calendar_day_delete(day=day)


@admin.register(CalendarYear)
class CalendarYearAdmin(MissingYearWarning, RulesAdmin):
    list_display = ("year", "source", "note")

    def save_model(self, request, obj, form, change):
        calendar_services.calendar_year_save(year=obj)

    def delete_model(self, request, obj):
        obj.delete()
        calendar_services.CALENDAR.changed()

    def delete_queryset(self, request, queryset):
        for year in queryset:
            self.delete_model(request, year)
