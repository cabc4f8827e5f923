"""Score cards in the admin: the weights and grades a district assesses by."""

from django import forms
from django.contrib import admin

from civicgrid.core.admin import RulesAdmin

from .definitions import LIBRARY
from .models import RatingDimension, RatingRound, ScoreCard, ScoreItem


class ScoreItemForm(forms.ModelForm):
    indicator = forms.ChoiceField(
        choices=lambda: [(i.code, f"{i.name} ({i.code})") for i in LIBRARY]
    )

    class Meta:
        model = ScoreItem
        fields = ["indicator", "weight", "target"]


class ScoreItemInline(admin.TabularInline):
    model = ScoreItem
    form = ScoreItemForm
    extra = 1


@admin.register(ScoreCard)
class ScoreCardAdmin(RulesAdmin):
    list_display = ["name", "subject", "level", "role", "active"]
    list_filter = ["subject", "active"]
    inlines = [ScoreItemInline]


class RatingDimensionInline(admin.TabularInline):
    model = RatingDimension
    extra = 1


@admin.register(RatingRound)
class RatingRoundAdmin(RulesAdmin):
    """Rounds and their dimensions. Sheets are not listed here: who rated stays unseen."""

    list_display = ["name", "period", "opens_on", "closes_on"]
    inlines = [RatingDimensionInline]
