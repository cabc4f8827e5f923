"""Score cards in the admin: the weights and grades a district assesses by."""

from django import forms
from django.contrib import admin

from civicgrid.core.admin import RulesAdmin

from .definitions import LIBRARY
from .models import ScoreCard, ScoreItem


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
