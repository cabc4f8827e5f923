"""What the property oversight pages accept: each field typed once from its model field, a
choice only among what the user may pick, the design system's classes (``core.forms.Styled``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.forms import PHONE, Styled, model_field
from civicgrid.participation.council_models import Council
from civicgrid.registry.models import Building

from .models import Blacklisting, Estate, ServiceTerm


class EstateForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("community"))
    code = model_field(Estate, "code")
    name = model_field(Estate, "name")
    buildings = forms.CharField(
        label=_("buildings"), required=False, max_length=4000,
        help_text=_("The register's building codes, separated by spaces."),
    )  # fmt: skip
    owners_committee = forms.ModelChoiceField(
        queryset=Council.objects.none(), label=_("owners' committee"), required=False
    )
    self_management = model_field(Estate, "self_management")
    arrangement = model_field(Estate, "arrangement")

    limited = {"areas": "area", "councils": "owners_committee"}

    def clean_buildings(self) -> list[Building]:
        codes = [c for c in self.cleaned_data["buildings"].split() if c]
        found = {b.code: b for b in Building.objects.filter(code__in=codes).select_related("grid")}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                _("No building has the code %(code)s.") % {"code": missing[0]}
            )
        return [found[c] for c in dict.fromkeys(codes)]


class TermForm(Styled):
    company = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("property company"))
    starts_on = model_field(ServiceTerm, "starts_on")
    contact = model_field(ServiceTerm, "contact")
    phone = forms.CharField(label=_("phone"), max_length=PHONE, required=False)
    despite_blacklist = forms.BooleanField(
        label=_("I know the company is on the blacklist"), required=False
    )

    limited = {"companies": "company"}


class EndForm(Styled):
    term = forms.ModelChoiceField(queryset=ServiceTerm.objects.none(), label=_("service term"))
    ends_on = forms.DateField(label=_("until"))
    why = forms.CharField(label=_("why it ended"), max_length=200)

    limited = {"terms": "term"}


class BlacklistForm(Styled):
    company = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("property company"))
    reason = model_field(Blacklisting, "reason")
    listed_on = model_field(Blacklisting, "listed_on")
    review_on = model_field(Blacklisting, "review_on")

    limited = {"companies": "company"}


class LiftForm(Styled):
    entry = forms.ModelChoiceField(queryset=Blacklisting.objects.none(), label=_("entry"))
    on = forms.DateField(label=_("lifted on"))
    why = forms.CharField(label=_("why it was lifted"), max_length=300)

    limited = {"entries": "entry"}
