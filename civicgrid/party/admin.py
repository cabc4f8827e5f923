"""Party building in the admin: shown to administrators for reference, each row in their scope,
with seats, commitments, claims, credit entries and a review's recommendations beside their owners;
changed on the party-building pages, where the rules apply (places checked, phones encrypted, a
need following its projects, a review filed once a year with the reasons it owes)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import ScopedAdmin, ScopedInline, ViewOnly

from .models import (
    Activity,
    Agreement,
    Claim,
    Commitment,
    CreditEntry,
    Member,
    Need,
    PartyOrganisation,
    Project,
    Recommendation,
    Resource,
    Review,
    Seat,
    StationedUnit,
)


class SeatsInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Seat
    fk_name = "committee"
    fields = ("stationed_unit", "post", "holder", "since", "until")
    extra = 0


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(ViewOnly, ScopedAdmin):
    list_display = ["unit", "level", "setting", "secretary", "members"]
    list_filter = ["level", "setting"]
    search_fields = ["unit__name", "unit__code", "secretary"]
    exclude = ["secretary_phone_enc", "secretary_phone_index"]
    inlines = [SeatsInline]


@admin.register(StationedUnit)
class StationedUnitAdmin(ViewOnly, ScopedAdmin):
    list_display = ["name", "kind", "area", "party_body", "members", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "credit_code"]
    exclude = ["contact_phone_enc", "contact_phone_index"]


class RecommendationsInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Recommendation
    fields = ("name", "post", "advice", "reason")
    extra = 0


@admin.register(Review)
class ReviewAdmin(ViewOnly, ScopedAdmin):
    """A committee's yearly review of a stationed unit, the veto on its party-building rating and
    the recommendations on its people; filed on the unit's page."""

    list_display = ["stationed_unit", "committee", "year", "rating", "veto", "reviewed_on",
                    "reviewer"]  # fmt: skip
    list_filter = ["year", "rating", "veto"]
    search_fields = ["stationed_unit__name", "committee__unit__name"]
    list_select_related = ["stationed_unit", "committee__unit", "reviewer"]
    inlines = [RecommendationsInline]


class CommitmentsInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Commitment
    fields = ("side", "text", "due_on", "done_on")
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(ViewOnly, ScopedAdmin):
    list_display = ["title", "party_organisation", "stationed_unit", "status", "starts_on",
                    "ends_on"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [CommitmentsInline]


@admin.register(Need)
class NeedAdmin(ViewOnly, ScopedAdmin):
    list_display = ["title", "area", "category", "raised_on", "status"]
    list_filter = ["category", "status"]
    search_fields = ["title"]


@admin.register(Resource)
class ResourceAdmin(ViewOnly, ScopedAdmin):
    list_display = ["title", "stationed_unit", "kind", "category", "available"]
    list_filter = ["kind", "category", "available"]
    search_fields = ["title"]


class ClaimsInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = Claim
    fields = ("claimant", "organisation", "member", "stationed_unit", "claimed_on",
              "delivered_on", "beneficiaries", "withdrawn_on")  # fmt: skip
    extra = 0


@admin.register(Project)
class ProjectAdmin(ViewOnly, ScopedAdmin):
    list_display = ["title", "area", "kind", "sponsor", "category", "status", "beneficiaries"]
    list_filter = ["kind", "sponsor", "category", "status"]
    search_fields = ["title"]
    inlines = [ClaimsInline]


class CreditInline(ViewOnly, ScopedInline, admin.TabularInline):
    model = CreditEntry
    fields = ("on", "category", "points", "reason", "recorded_by")
    extra = 0


@admin.register(Member)
class MemberAdmin(ViewOnly, ScopedAdmin):
    list_display = ["name", "organisation", "kind", "since", "until"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = ["organisation", "name", "workplace", "kind", "since", "until"]
    inlines = [CreditInline]


@admin.register(Activity)
class ActivityAdmin(ViewOnly, ScopedAdmin):
    list_display = ["title", "organisation", "kind", "held_on"]
    list_filter = ["kind"]
    search_fields = ["title"]
