"""What the rewards and accountability page accepts (``consequences.py`` says the rules): the
subject among those the user oversees, a figure of the library by its name, a final assessment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.forms import Styled, model_field

from .definitions import AREA, UNIT, of
from .models import Assessment, Consequence


def _figures():
    return [("", "—")] + [
        (str(kind_label), [(i.code, f"{i.name} ({i.code})") for i in of(kind)])
        for kind, kind_label in ((UNIT, _("a unit's figures")), (AREA, _("an area's figures")))
    ]


class ConsequenceForm(Styled):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("unit"),
                                  required=False)  # fmt: skip
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("area"), required=False)
    kind = model_field(Consequence, "kind")
    indicator = forms.ChoiceField(label=_("the figure it rests on"), required=False, choices=())
    period = forms.CharField(
        label=_("period"), required=False, max_length=20,
        help_text=_("A year (2026), a quarter (2026-Q3) or a month (2026-09)."),
    )  # fmt: skip
    assessment = forms.ModelChoiceField(
        queryset=Assessment.objects.none(), label=_("or the assessment it rests on"),
        required=False,
    )  # fmt: skip
    amount = model_field(Consequence, "amount")
    reason = model_field(Consequence, "reason")
    decided_on = model_field(Consequence, "decided_on")

    limited = {"units": "unit", "areas": "area", "assessments": "assessment"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _figures()
