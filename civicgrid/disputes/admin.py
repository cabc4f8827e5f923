"""Legal advisers and expert panels in the admin: shown to the district's administrators for
reference; kept on /disputes/advisers/, where the rules apply (one adviser a community at a time,
phones encrypted). Counsel is recorded on the dispute's page by its mediators."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin, ViewOnly

from .models import BuildingCommittee, CommitteeMember, ExpertPanel, LegalAdviser, PanelMember


class ReadOnlyAdmin(ViewOnly, RulesAdmin):
    """Shown to the district's administrators, changed on the pages only."""


@admin.register(LegalAdviser)
class LegalAdviserAdmin(ReadOnlyAdmin):
    list_display = ["name", "firm", "area", "phone_masked", "starts_on", "ends_on"]
    search_fields = ["name", "firm"]
    exclude = ["phone_enc", "phone_index"]


class MemberInline(ViewOnly, admin.TabularInline):
    model = PanelMember
    fields = ("name", "kind", "organisation", "phone_masked", "active")
    extra = 0


@admin.register(ExpertPanel)
class ExpertPanelAdmin(ReadOnlyAdmin):
    list_display = ["name", "area", "active"]
    inlines = [MemberInline]


class CommitteeMemberInline(ViewOnly, admin.TabularInline):
    model = CommitteeMember
    fields = ("name", "organisation", "role", "active")
    extra = 0


@admin.register(BuildingCommittee)
class BuildingCommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "building", "established_on", "active"]
    inlines = [CommitteeMemberInline]
