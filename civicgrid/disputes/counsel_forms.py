"""What the legal advisers' page and the dispute page's counsel form accept: each field typed
once from its model field, a choice only among what the user may pick (``core.forms.Styled``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.core.forms import PHONE, Styled, model_field

from .models import Counsel, ExpertPanel, LegalAdviser, PanelMember


class AdviserForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("community"))
    name = model_field(LegalAdviser, "name")
    firm = model_field(LegalAdviser, "firm")
    phone = forms.CharField(label=_("phone"), max_length=PHONE, required=False)
    starts_on = model_field(LegalAdviser, "starts_on")

    limited = {"communities": "area"}


class AdviserEndForm(Styled):
    adviser = forms.ModelChoiceField(queryset=LegalAdviser.objects.none(), label=_("legal adviser"))
    ends_on = forms.DateField(label=_("until"))

    limited = {"advisers": "adviser"}


class PanelForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("street"))
    name = model_field(ExpertPanel, "name")

    limited = {"streets": "area"}


class MemberForm(Styled):
    panel = forms.ModelChoiceField(queryset=ExpertPanel.objects.none(), label=_("expert panel"))
    name = model_field(PanelMember, "name")
    kind = model_field(PanelMember, "kind")
    organisation = model_field(PanelMember, "organisation")
    phone = forms.CharField(label=_("phone"), max_length=PHONE, required=False)

    limited = {"panels": "panel"}


class RetireForm(Styled):
    member = forms.ModelChoiceField(queryset=PanelMember.objects.none(), label=_("panel member"))

    limited = {"members": "member"}


class CounselForm(Styled):
    adviser = forms.ModelChoiceField(
        queryset=LegalAdviser.objects.none(), label=_("legal adviser"), required=False
    )
    panel = forms.ModelChoiceField(
        queryset=ExpertPanel.objects.none(), label=_("expert panel"), required=False
    )
    given_on = model_field(Counsel, "given_on")
    opinion = model_field(Counsel, "opinion")

    limited = {"advisers": "adviser", "panels": "panel"}
