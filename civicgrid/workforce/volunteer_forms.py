"""What the volunteers' page accepts (``volunteers.py`` says the rules): each field typed once
from its model field, a choice only among what the user may pick (``core.forms.Styled``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.core.forms import Styled, model_field

from .forms import ID_NUMBER
from .models import Incentive, ServiceHours, Volunteer, Worker


class VolunteerForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("community"))
    id_number = forms.CharField(label=_("ID number (a resident in the register)"),
                                max_length=ID_NUMBER,
                                help_text=_("The look-up is counted and audited."))  # fmt: skip
    joined_on = model_field(Volunteer, "joined_on")
    skills = model_field(Volunteer, "skills")
    social_worker = forms.ModelChoiceField(
        queryset=Worker.objects.none(), label=_("paired with the social worker"), required=False
    )

    limited = {"communities": "area", "social_workers": "social_worker"}


class HoursForm(Styled):
    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.none(), label=_("volunteer"))
    day = model_field(ServiceHours, "day")
    hours = model_field(ServiceHours, "hours")
    activity = model_field(ServiceHours, "activity")

    limited = {"volunteers": "volunteer"}


class IncentiveForm(Styled):
    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.none(), label=_("volunteer"))
    kind = model_field(Incentive, "kind")
    points = model_field(Incentive, "points")
    given_on = model_field(Incentive, "given_on")
    why = model_field(Incentive, "why")

    limited = {"volunteers": "volunteer"}


class PairForm(Styled):
    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.none(), label=_("volunteer"))
    social_worker = forms.ModelChoiceField(
        queryset=Worker.objects.none(), label=_("paired with the social worker"), required=False
    )

    limited = {"volunteers": "volunteer", "social_workers": "social_worker"}


class LeaveForm(Styled):
    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.none(), label=_("volunteer"))
    left_on = model_field(Volunteer, "left_on", required=True)

    limited = {"volunteers": "volunteer"}
