"""The evaluation pages' input, typed once: a rater's sheet in a rating round, an item's score, an
appeal against it and the decision on the appeal. Each field has its label, its type and the
length its column holds; a form refused is told field by field (``core.feedback``) and changes
nothing. What a value means for the round (a unit that serves the rater's area, an answer the
item's rule allows, a round still open) is the services' to say."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.core.forms import Styled

from .models import Appeal, RatingDimension, RatingSheet, Verdict
from .models.rounds import COMMENT_MAX, LEVELS
from .models.schemes import ANSWER_MAX, TEXT_MAX


class RatingSheetForm(forms.Form):
    """One unit rated on each of the round's dimensions (``level-<dimension id>``, 1–5)."""

    unit = forms.ModelChoiceField(label=_("unit rated"), queryset=OrgUnit.objects.none())
    comment = forms.CharField(
        label=RatingSheet._meta.get_field("comment").verbose_name,
        max_length=COMMENT_MAX,
        required=False,
    )

    def __init__(
        self, data=None, *, units: Iterable[OrgUnit], dimensions: Iterable[RatingDimension]
    ):
        super().__init__(data)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        self.dimensions = list(dimensions)
        for d in self.dimensions:
            self.fields[f"level-{d.pk}"] = forms.TypedChoiceField(
                label=d.name, choices=LEVELS, coerce=int
            )

    def levels(self) -> dict[int, int]:
        """Each dimension's id → the level chosen (a valid form only)."""
        return {d.pk: self.cleaned_data[f"level-{d.pk}"] for d in self.dimensions}


class ItemScoreForm(forms.Form):
    value = forms.CharField(label=_("answer"), max_length=ANSWER_MAX)
    note = forms.CharField(label=_("note"), max_length=TEXT_MAX, required=False)
    evidence = forms.FileField(label=_("evidence"), required=False)


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=TEXT_MAX)


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(d.value, d.label) for d in (Appeal.Decision.UPHELD, Appeal.Decision.REFUSED)],
    )
    outcome = forms.CharField(label=_("outcome"), max_length=TEXT_MAX)
    value = forms.CharField(label=_("answer"), max_length=ANSWER_MAX, required=False)

    def upheld(self) -> bool:
        return self.cleaned_data["decision"] == Appeal.Decision.UPHELD


class GroupRatingForm(forms.Form):
    value = forms.CharField(label=_("your rating"), max_length=ANSWER_MAX)


class VerdictForm(Styled):
    """The party organisation's decision on a community worker's result."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(d.value, d.label) for d in Verdict.Decision if d != Verdict.Decision.PENDING],
    )
    reasons = forms.CharField(label=_("reasons"), max_length=TEXT_MAX, widget=forms.Textarea)
    on = forms.DateField(label=_("decided on"))
    until = forms.DateField(
        label=_("renewed until"), required=False, help_text=_("For a renewal: the new term's end.")
    )
