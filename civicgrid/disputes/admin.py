"""Legal advisers and expert panels in the admin: shown to the district's administrators for
reference; kept on /disputes/advisers/, where the rules apply (one adviser a community at a time,
phones encrypted). Counsel is recorded on the dispute's page by its mediators (only from the
street's advisers and panels) and shown here for reference too. The disputes themselves, their
parties, sessions and follow-ups are parts of their cases: they are seen on the dispute's page,
where the case's own rule decides who sees them, and are not in the admin."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin, RulesInline, ViewOnly

from .models import (
    BuildingCommittee,
    CommitteeMember,
    Counsel,
    ExpertPanel,
    LegalAdviser,
    PanelMember,
)


class ReadOnlyAdmin(ViewOnly, RulesAdmin):
    """Shown to the district's administrators, changed on the pages only."""


@admin.register(LegalAdviser)
class LegalAdviserAdmin(ReadOnlyAdmin):
    list_display = ["name", "firm", "area", "phone_masked", "starts_on", "ends_on"]
    search_fields = ["name", "firm"]
    exclude = ["phone_enc", "phone_index"]


class MemberInline(ViewOnly, RulesInline, admin.TabularInline):
    model = PanelMember
    fields = ("name", "kind", "organisation", "phone_masked", "active")
    extra = 0


@admin.register(ExpertPanel)
class ExpertPanelAdmin(ReadOnlyAdmin):
    list_display = ["name", "area", "active"]
    inlines = [MemberInline]


class CommitteeMemberInline(ViewOnly, RulesInline, admin.TabularInline):
    model = CommitteeMember
    fields = ("name", "organisation", "role", "active")
    extra = 0


@admin.register(BuildingCommittee)
class BuildingCommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "building", "established_on", "active"]
    inlines = [CommitteeMemberInline]


@admin.register(Counsel)
class CounselAdmin(ReadOnlyAdmin):
    list_display = ["dispute", "given_on", "adviser", "panel", "recorded_by"]
    search_fields = ["dispute__case__number", "adviser__name", "panel__name"]
    date_hierarchy = "given_on"
    list_select_related = ["dispute__case", "adviser", "panel", "recorded_by"]
