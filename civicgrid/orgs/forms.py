"""What the pages of the register and of subsidies accept: each field typed once, from its model
field (label, length, choices, range), and a choice only among what the user may pick. The
tender's forms are ``orgs/tender_forms.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.forms import PHONE, limit, model_field

from .models import Organisation, Subsidy


class OrganisationEntryForm(forms.Form):
    """The register entry a leader of the area keeps."""

    type = model_field(Organisation, "type")
    credit_code = model_field(Organisation, "credit_code")
    authority = model_field(Organisation, "authority")
    party_branch = model_field(Organisation, "party_branch")
    staff = model_field(Organisation, "staff", required=False)
    volunteers = model_field(Organisation, "volunteers", required=False)
    contact_name = model_field(Organisation, "contact_name")
    phone = forms.CharField(label=_("contact phone"), max_length=PHONE, required=False)
    incubation = model_field(Organisation, "incubation")
    rating = model_field(Organisation, "rating")
    honours = model_field(Organisation, "honours")

    def clean(self) -> dict[str, Any]:
        """Staff and volunteers left empty are none."""
        super().clean()
        data = self.cleaned_data
        for name in ("staff", "volunteers"):
            if name in data and data[name] is None:
                data[name] = 0
        return data


class OrganisationRegisterForm(OrganisationEntryForm):
    """A new organisation: its unit (name, code), where it serves (an area the user leads), and
    its entry."""

    name = model_field(OrgUnit, "name")
    code = forms.CharField(label=_("unit code"), max_length=40)
    service_area = forms.ModelChoiceField(Area.objects.none(), label=_("serves"))
    registered_on = model_field(Organisation, "registered_on")
    hub = model_field(Organisation, "hub")

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "service_area", Area.objects.filter(pk__in=[a.pk for a in areas]))


class SubsidyApplyForm(forms.Form):
    purpose = model_field(Subsidy, "purpose")
    reason = model_field(Subsidy, "reason")
    requested = model_field(Subsidy, "requested")


# -- the subsidy's steps: one form per step, each naming the subsidy among those the user sees --

YES_NO = [("yes", _("yes")), ("no", _("no"))]


class SubsidyStepForm(forms.Form):
    subsidy = forms.ModelChoiceField(Subsidy.objects.none(), label=_("subsidy"))

    def __init__(self, *args: Any, subsidies: QuerySet[Subsidy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self, "subsidy", subsidies)


class SubsidyReviewForm(SubsidyStepForm):
    ok = forms.ChoiceField(choices=YES_NO, label=_("Recommend"))
    text = forms.CharField(label=_("review"), max_length=4000)


class SubsidyDecideForm(SubsidyStepForm):
    ok = forms.ChoiceField(choices=YES_NO, label=_("Approve"))
    amount = model_field(Subsidy, "approved")
    text = forms.CharField(label=_("decision"), max_length=4000)


class SubsidyPayForm(SubsidyStepForm):
    paid_on = model_field(Subsidy, "paid_on")
    text = model_field(Subsidy, "payment_reference", required=True)
