"""Residents' say in the admin, for reference: votes (micro-project calls, option votes,
elections), their proposals, options and candidates, councils and meetings are run on their
pages, where the rules apply. Ballots, the roll and who nominated are never shown (decision
0009)."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin, ViewOnly

from .models import Attendee, Call, Council, Meeting, Opinion, Proposal


class ReadOnlyAdmin(ViewOnly, RulesAdmin):
    """Shown to the district's administrators, changed on the pages only."""


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = [
        "title", "purpose", "area", "budget", "voting_from", "voting_until", "tallied_at",
        "roll", "stands",
    ]  # fmt: skip
    list_filter = ["purpose", "status"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "call", "proposer", "kind", "cost", "nominations", "status", "votes"]
    list_filter = ["status", "kind", "proposer"]


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ["name", "area", "kind", "term_from", "term_until"]


class AttendeeInline(ViewOnly, admin.TabularInline):
    """Who was asked, what they came as (a joint property meeting's parties) and when they
    signed in."""

    model = Attendee
    fields = ["name", "organisation", "role", "signed_in_at"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "area", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    inlines = [AttendeeInline]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["collected_on", "area", "channel", "route", "resolved_on"]
