"""Residents' say in the admin, for reference: votes (micro-project calls, option votes,
elections), their proposals, options and candidates, the micro-projects carried out, councils
with their members and notices, elections with their candidates, meetings with their
resolutions and follow-up tasks, opinions and claims are run on their pages, where the rules
apply. Ballots (paper entries too), the roll, who nominated and who rated a project are never
shown (decision 0009), nor are receipts, which only the call's staff open."""

from django.contrib import admin

from civicgrid.accounts.admin_scoping import RulesAdmin, RulesInline, ViewOnly

from .models import (
    Attendee,
    Call,
    CallStep,
    Candidate,
    Claim,
    Council,
    CouncilMember,
    CouncilNotice,
    Election,
    FollowUp,
    Meeting,
    MeetingStep,
    Milestone,
    Opinion,
    Project,
    Proposal,
    Resolution,
    Spending,
)


class ReadOnlyAdmin(ViewOnly, RulesAdmin):
    """Shown to the district's administrators, changed on the pages only."""


class StepsInline(ViewOnly, RulesInline, admin.TabularInline):
    """A call's or a meeting's steps on the record: who, when, from which state to which, why."""

    fields = ("at", "action", "from_state", "to_state", "actor", "note")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class CallStepsInline(StepsInline):
    model = CallStep


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = [
        "title", "purpose", "area", "budget", "voting_from", "voting_until", "tallied_at",
        "roll", "stands",
    ]  # fmt: skip
    list_filter = ["purpose", "status"]
    inlines = [CallStepsInline]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "call", "proposer", "kind", "cost", "nominations", "status", "votes"]
    list_filter = ["status", "kind", "proposer"]


class MilestonesInline(ViewOnly, RulesInline, admin.TabularInline):
    model = Milestone
    fields = ("title", "due_on", "done_on")
    extra = 0


class SpendingInline(ViewOnly, RulesInline, admin.TabularInline):
    model = Spending
    fields = ("spent_on", "item", "amount", "entered_by")  # the receipt: on the project's page
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entered_by")


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    """A chosen proposal carried out, with its milestones and spending. Residents' ratings are
    not shown: who rated stays unseen."""

    list_display = ["proposal", "proposal__call", "implementer", "implementer_unit", "progress",
                    "accepted_on"]  # fmt: skip
    search_fields = ["proposal__title", "implementer"]
    list_select_related = ["proposal__call", "implementer_unit"]
    inlines = [MilestonesInline, SpendingInline]


class CouncilMembersInline(ViewOnly, RulesInline, admin.TabularInline):
    model = CouncilMember
    fields = ("person", "role", "term_from", "term_until")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class NoticesInline(ViewOnly, RulesInline, admin.TabularInline):
    model = CouncilNotice
    fields = ("sent_at", "title", "sent_by")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sent_by")


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ["name", "area", "kind", "term_from", "term_until"]
    inlines = [CouncilMembersInline, NoticesInline]


class CandidatesInline(ViewOnly, RulesInline, admin.TabularInline):
    model = Candidate
    fields = ("person", "votes", "elected")
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    """An election's count and its candidates; recorded on the council's page (or counted from
    the vote it names)."""

    list_display = ["council", "held_on", "seats", "eligible", "ballots", "invalid", "call"]
    search_fields = ["council__name"]
    date_hierarchy = "held_on"
    list_select_related = ["council", "call"]
    inlines = [CandidatesInline]


class AttendeeInline(ViewOnly, RulesInline, admin.TabularInline):
    """Who was asked, what they came as (a joint property meeting's parties) and when they
    signed in."""

    model = Attendee
    fields = ["name", "organisation", "role", "signed_in_at"]
    extra = 0


class ResolutionsInline(ViewOnly, RulesInline, admin.TabularInline):
    model = Resolution
    fields = ("text", "votes_for", "votes_against", "abstentions", "passed")
    extra = 0


class MeetingStepsInline(StepsInline):
    model = MeetingStep


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "area", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    inlines = [AttendeeInline, ResolutionsInline, MeetingStepsInline]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    """A resolution's follow-up tasks (a resolution is itself shown under its meeting), each with
    the unit responsible and the case it became."""

    list_display = ["task", "resolution__meeting", "unit", "due_on", "done_on", "case"]
    search_fields = ["task", "resolution__meeting__title"]
    list_select_related = ["resolution__meeting", "unit", "case"]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ["collected_on", "area", "channel", "route", "resolved_on"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    """Who took on a micro-project or a volunteer task, and the service hours given."""

    list_display = ["__str__", "area", "claimant", "unit", "volunteer", "hours"]
    list_filter = ["claimant"]
    list_select_related = ["area", "project__proposal", "unit"]
