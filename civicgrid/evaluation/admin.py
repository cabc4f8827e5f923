"""Score cards in the admin: the weights and grades a district assesses by; rating and
assessment rounds, whose state is changed only by the actions that make their results final or
reopen them (through ``evaluation/workflow.py``, each step on the round's record). Item scores
with their appeals, and rewards and accountability, are shown for reference: they are given,
decided and appealed on the assessment's and the consequences' pages, where the rules apply."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts.admin_scoping import RulesAdmin, RulesInline, ViewOnly
from civicgrid.core.errors import DomainError

from .assessments import compute, scheme_copy
from .choices import RoundAction
from .definitions import LIBRARY
from .models import (
    Appeal,
    Assessment,
    AssessmentRound,
    AssessmentRoundStep,
    Consequence,
    ItemScore,
    RatingDimension,
    RatingRound,
    RatingRoundStep,
    Scheme,
    SchemeItem,
    ScoreCard,
    ScoreItem,
    Verdict,
)
from .workflow import assessment_round_transition, rating_round_transition


class ScoreItemForm(forms.ModelForm):
    indicator = forms.ChoiceField(
        choices=lambda: [(i.code, f"{i.name} ({i.code})") for i in LIBRARY]
    )

    class Meta:
        model = ScoreItem
        fields = ["indicator", "weight", "target"]


class ScoreItemInline(RulesInline, admin.TabularInline):
    model = ScoreItem
    form = ScoreItemForm
    extra = 1


@admin.register(ScoreCard)
class ScoreCardAdmin(RulesAdmin):
    list_display = ["name", "subject", "level", "role", "active"]
    list_filter = ["subject", "active"]
    inlines = [ScoreItemInline]


class RatingDimensionInline(RulesInline, admin.TabularInline):
    model = RatingDimension
    extra = 1


class StepInline(RulesInline, admin.TabularInline):
    """The round's steps on the record, read only."""

    extra = 0
    can_delete = False
    fields = ("at", "action", "from_state", "to_state", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RatingRoundStepInline(StepInline):
    model = RatingRoundStep


class AssessmentRoundStepInline(StepInline):
    model = AssessmentRoundStep


class RoundAdmin(RulesAdmin):
    """A round's state is read only here: the actions make the chosen rounds' results final, or
    reopen them, each through the one writer."""

    readonly_fields = ("state",)
    actions: tuple[str, ...] = ("close", "reopen")

    # the one writer of the round's kind (set by each round's admin)
    writer: Callable[..., object]

    def _move(self, request, queryset, action: RoundAction) -> None:
        moved = 0
        for rnd in queryset:
            try:
                self.writer(round_id=rnd.pk, action=action, actor=request.user, now=timezone.now())
            except DomainError as exc:
                self.message_user(request, f"{rnd}: {exc.message}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(request, _("%(n)s rounds changed.") % {"n": moved})

    @admin.action(description=gettext_lazy("Make the results final"))
    def close(self, request, queryset):
        self._move(request, queryset, RoundAction.CLOSE)

    @admin.action(description=gettext_lazy("Reopen the rounds"))
    def reopen(self, request, queryset):
        self._move(request, queryset, RoundAction.REOPEN)


@admin.register(RatingRound)
class RatingRoundAdmin(RoundAdmin):
    """Rounds and their dimensions. Sheets are not listed here: who rated stays unseen."""

    list_display = ["name", "period", "opens_on", "closes_on", "state"]
    inlines = [RatingDimensionInline, RatingRoundStepInline]

    writer = staticmethod(rating_round_transition)


class SchemeItemInline(RulesInline, admin.TabularInline):
    model = SchemeItem
    extra = 1
    fields = [
        "order",
        "section",
        "title",
        "weight",
        "rule",
        "scale_top",
        "deduction",
        "indicator",
        "target",
        "rated_by",
        "evidence_required",
    ]


@admin.register(Scheme)
class SchemeAdmin(RulesAdmin):
    list_display = ["name", "subject", "template", "active"]
    list_filter = ["template", "subject", "active"]
    inlines = [SchemeItemInline]
    actions = ["copy"]

    @admin.action(description=gettext_lazy("Copy to a working scheme"))
    def copy(self, request, queryset):
        for scheme in queryset:
            scheme_copy(scheme, name=f"{scheme.name} ({_('copy')})")
        self.message_user(request, _("Copied."))


class AssessmentInline(RulesInline, admin.TabularInline):
    model = Assessment
    extra = 1
    raw_id_fields = ["unit", "person", "area", "worker"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(RoundAdmin):
    list_display = ["name", "scheme", "period", "scoring_due", "appeals_due", "state"]
    inlines = [AssessmentInline, AssessmentRoundStepInline]
    actions = ("compute_items", *RoundAdmin.actions)

    writer = staticmethod(assessment_round_transition)

    @admin.action(description=gettext_lazy("Compute the indicator items"))
    def compute_items(self, request, queryset):
        written = sum(compute(r) for r in queryset)
        self.message_user(request, _("%(n)s item scores computed.") % {"n": written})


@admin.register(Verdict)
class VerdictAdmin(RulesAdmin):
    """Community workers' results sent to the party organisations, for reference: decided on the
    assessment's page, where the decision's effect on the roster is made. Group ratings are not
    listed here: who rated stays unseen."""

    list_display = ["assessment", "organisation", "score", "level", "decision", "decided_on"]
    list_filter = ["decision"]
    readonly_fields = [f.name for f in Verdict._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppealsInline(ViewOnly, RulesInline, admin.TabularInline):
    model = Appeal
    fields = ("filed_by", "reason", "decision", "outcome", "points_before", "decided_by",
              "decided_at")  # fmt: skip
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("filed_by", "decided_by")


@admin.register(ItemScore)
class ItemScoreAdmin(ViewOnly, RulesAdmin):
    """An item's score in an assessment and its appeals, for reference. The evidence is opened on
    the assessment's page; a rater group's item shows the mean only (who rated stays unseen)."""

    list_display = ["assessment", "item", "value", "points", "scored_by"]
    search_fields = ["item__title", "assessment__round__name"]
    exclude = ["evidence"]
    list_select_related = ["assessment__round", "assessment__unit", "assessment__person",
                           "assessment__area", "assessment__worker", "item", "scored_by"]  # fmt: skip
    inlines = [AppealsInline]


@admin.register(Consequence)
class ConsequenceAdmin(ViewOnly, RulesAdmin):
    """Rewards and accountability (``consequences.py``), for reference: decided on the
    consequences' page by the subject's overseers, on a figure or an assessment."""

    list_display = ["__str__", "kind", "indicator", "period", "amount", "decided_on",
                    "decided_by"]  # fmt: skip
    list_filter = ["kind"]
    search_fields = ["unit__name", "area__name", "reason"]
    date_hierarchy = "decided_on"
    list_select_related = ["unit", "area", "decided_by"]
