"""What the screening campaign pages accept: each field typed once from its model field, a
choice only among what the user may pick (``core.forms.Styled``); a checklist one item a line."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.forms import Styled, model_field
from civicgrid.registry.models import Building

from .models import Campaign, CheckItem, Finding, Visit

ITEMS_HELP = _("One item a line: what every place visited is checked for.")


class ItemsField(forms.CharField):
    widget = forms.Textarea

    def to_python(self, value) -> list[str]:  # type: ignore[override]
        return [line.strip() for line in (super().to_python(value) or "").splitlines()
                if line.strip()]  # fmt: skip


class LaunchForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("scope"))
    name = model_field(Campaign, "name")
    theme = model_field(Campaign, "theme")
    starts_on = model_field(Campaign, "starts_on")
    ends_on = model_field(Campaign, "ends_on")
    items = ItemsField(label=_("checklist"), max_length=8000, help_text=ITEMS_HELP)
    lead_unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("lead unit"), required=False
    )
    case_class = model_field(Campaign, "case_class")

    limited = {"areas": "area", "units": "lead_unit"}


class ChecklistForm(Styled):
    items = ItemsField(label=_("checklist"), max_length=8000, help_text=ITEMS_HELP)


class ConcludeForm(Styled):
    on = forms.DateField(label=_("concluded on"))
    conclusion = model_field(Campaign, "conclusion")


class VisitForm(Styled):
    grid = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("grid"))
    building = forms.CharField(
        label=_("building code"), max_length=40, required=False,
        help_text=_("The register's code, when the place is a building of it."),
    )  # fmt: skip
    place = model_field(Visit, "place", required=False)
    visited_on = model_field(Visit, "visited_on")
    note = model_field(Visit, "note")

    limited = {"grids": "grid"}

    def clean_building(self) -> Building | None:
        code = self.cleaned_data["building"].strip()
        if not code:
            return None
        found = Building.objects.filter(code=code).first()
        if found is None:
            raise forms.ValidationError(_("No building has the code %(code)s.") % {"code": code})
        return found


class FindingForm(Styled):
    visit = forms.ModelChoiceField(queryset=Visit.objects.none(), label=_("screening visit"))
    item = forms.ModelChoiceField(queryset=CheckItem.objects.none(), label=_("checklist item"))
    description = model_field(Finding, "description")

    limited = {"visits": "visit", "items": "item"}


class FindingCaseForm(Styled):
    finding = forms.ModelChoiceField(queryset=Finding.objects.none(), label=_("finding"))
    case_class = forms.CharField(
        label=_("class code"), max_length=10, required=False,
        help_text=_("Empty: the campaign's class."),
    )  # fmt: skip

    limited = {"findings": "finding"}
