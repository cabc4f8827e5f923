"""Admin for the working-time calendar (district administrators keep it, year by year) and the
read-only audit trail of powers: the ground's models, administered under the register's scope."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from civicgrid.core import calendar_services
from civicgrid.core.models import CalendarDay, CalendarYear, PowerChange

from .admin_scoping import ModelAdminMixin, RulesAdmin, ViewOnly, who


class MissingYearWarning(ModelAdminMixin):
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


# where a calendar row came from (its ``source``), as the administrator reads it
SOURCES = {"seed": _("Built in"), "admin": _("Entered by an administrator")}


def source_label(value: str) -> str:
    return str(SOURCES.get(value, value))


class SourceFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return list(SOURCES.items())

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(MissingYearWarning, RulesAdmin):
    list_display = ("date", "kind", "name", "name_en", "source_shown")
    list_filter = ("kind", SourceFilter)

    @admin.display(description=_("source"), ordering="source")
    def source_shown(self, obj):
        return source_label(obj.source)

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
    list_display = ("year", "source_shown", "note")

    @admin.display(description=_("source"), ordering="source")
    def source_shown(self, obj):
        return source_label(obj.source)

    def save_model(self, request, obj, form, change):
        calendar_services.calendar_year_save(year=obj, **who(request))

    def delete_model(self, request, obj):
        calendar_services.calendar_year_delete(year=obj, **who(request))

    def delete_queryset(self, request, queryset):
        for year in queryset:
            self.delete_model(request, year)


@admin.register(PowerChange)
class PowerChangeAdmin(ViewOnly, RulesAdmin):
    """The audit trail of powers, read-only for everyone (superusers included): it is appended
    to by the services, never changed."""

    list_display = ("at", "kind", "action", "actor_name", "address", "target")
    list_filter = ("kind", "action")
    search_fields = ("actor_name", "target", "target_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in PowerChange._meta.fields]

    def get_actions(self, request):
        return {}
