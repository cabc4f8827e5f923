"""The workforce in the admin: shown to administrators for reference, each row in their scope,
with a worker's grade history, training and allowances beside them and a volunteer's hours and
incentives beside the volunteer; changed on the workforce pages, where the rules apply (places
checked, phones encrypted, a month paid once)."""

from django.contrib import admin

from civicgrid.accounts import permissions
from civicgrid.accounts.admin_scoping import ScopedAdmin, ScopedInline, ViewOnly

from .models import (
    AllowanceEntry,
    BoardEntry,
    DailyRecord,
    GradeChange,
    Incentive,
    Nomination,
    PayGrade,
    Selection,
    ServiceHours,
    Training,
    Volunteer,
    Worker,
)


class GradeHistoryInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = GradeChange
    fields = ("since", "grade", "reason", "recorded_by")
    extra = 0


class TrainingInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Training
    fields = ("taken_on", "title", "provider", "hours")
    extra = 0


class DailyRecordInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = DailyRecord
    fields = ("day", "kind", "points", "note", "recorded_by", "struck_why")
    extra = 0


@admin.register(Worker)
class WorkerAdmin(ViewOnly, ScopedAdmin):
    list_display = ["name", "post", "area", "funding", "allowance", "grade", "left_on"]
    list_filter = ["post", "funding"]
    search_fields = ["name"]
    exclude = ["phone_enc", "phone_index", "person"]
    inlines = [GradeHistoryInline, TrainingInline, DailyRecordInline]


@admin.register(AllowanceEntry)
class AllowanceEntryAdmin(ViewOnly, ScopedAdmin):
    list_display = ["worker", "month", "amount"]
    date_hierarchy = "month"


@admin.register(PayGrade)
class PayGradeAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["grade", "level", "monthly_pay", "active"]


class NominationsInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Nomination
    fields = ("person", "nominated_by", "nominated_on", "votes")
    extra = 0


@admin.register(Selection)
class SelectionAdmin(ViewOnly, ScopedAdmin):
    list_display = ["grid", "opened_on", "status", "held_on", "appointed"]
    list_filter = ["status"]
    inlines = [NominationsInline]


@admin.register(BoardEntry)
class BoardEntryAdmin(ViewOnly, ScopedAdmin):
    list_display = ["building", "role", "name", "phone_masked", "consent_on", "withdrawn_on"]
    list_filter = ["role"]
    exclude = ["phone_enc", "phone_index"]

    def get_queryset(self, request):
        # no scoped manager (``visible_to``) to filter by: the building's grid in the user's scope
        here = permissions.scope_filter(
            request.user, BoardEntry.scope_path, permissions.MANAGE_USERS
        )
        return super().get_queryset(request).filter(here)


class HoursInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = ServiceHours
    fields = ("day", "hours", "activity", "recorded_by")
    extra = 0


class IncentivesInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Incentive
    fields = ("given_on", "kind", "points", "why", "given_by")
    extra = 0


@admin.register(Volunteer)
class VolunteerAdmin(ViewOnly, ScopedAdmin):
    list_display = ["person", "area", "joined_on", "left_on", "social_worker"]
    list_select_related = ["person", "area", "social_worker"]
    inlines = [HoursInline, IncentivesInline]
