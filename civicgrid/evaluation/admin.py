"""Score cards in the admin: the weights and grades a district assesses by."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.core.admin import RulesAdmin, RulesInline

from .assessments import compute, scheme_copy
from .definitions import LIBRARY
from .models import (
    Assessment,
    AssessmentRound,
    RatingDimension,
    RatingRound,
    Scheme,
    SchemeItem,
    ScoreCard,
    ScoreItem,
)


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


@admin.register(RatingRound)
class RatingRoundAdmin(RulesAdmin):
    """Rounds and their dimensions. Sheets are not listed here: who rated stays unseen."""

    list_display = ["name", "period", "opens_on", "closes_on"]
    inlines = [RatingDimensionInline]


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
    raw_id_fields = ["unit", "person", "area"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(RulesAdmin):
    list_display = ["name", "scheme", "period", "scoring_due", "appeals_due", "closed"]
    inlines = [AssessmentInline]
    actions = ["compute_items"]

    @admin.action(description=gettext_lazy("Compute the indicator items"))
    def compute_items(self, request, queryset):
        written = sum(compute(r) for r in queryset)
        self.message_user(request, _("%(n)s item scores computed.") % {"n": written})
