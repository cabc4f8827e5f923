"""The dispute page's input, typed once: the dispute's record with its parties, a mediation
session and a follow-up visit. Fields, lengths and choices are the models'."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.core.errors import ErrorCode
from civicgrid.core.phone import PhoneError, normalise

from .models import Dispute, FollowUp, Party, Session
from .services import PartyIn


def leaders():
    """Who may be a dispute's responsible leader: active users holding the leader role."""
    return User.objects.filter(
        assignments__role=Role.LEADER, assignments__active=True, is_active=True
    ).distinct()


class PartyForm(forms.ModelForm):
    """One party: a row of the record form's list (name, role, phone)."""

    phone = forms.CharField(label=_("Phone"), required=False)

    class Meta:
        model = Party
        fields = ["name", "role"]
        labels = {"name": pgettext_lazy("person", "Name")}

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        try:
            return normalise(value) if value else ""
        except PhoneError as exc:
            raise forms.ValidationError(str(exc), code=ErrorCode.INVALID) from None


class DisputeRecordForm(forms.ModelForm):
    """The dispute's record. The parties come as parallel lists (``party_name``, ``party_role``,
    ``party_phone``), one row per party; a row without a name is left out."""

    class Meta:
        model = Dispute
        fields = ["risk", "complexity", "responsible_leader", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["responsible_leader"]).queryset = leaders()

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        posted = cast(MultiValueDict, self.data)  # the POST: a field may come many times
        rows = zip(
            posted.getlist("party_name"),
            posted.getlist("party_role"),
            posted.getlist("party_phone"),
            strict=False,
        )
        parties = []
        for number, (name, role, phone) in enumerate(rows, start=1):
            if not name.strip():
                continue
            row = PartyForm({"name": name, "role": role, "phone": phone})
            if not row.is_valid():
                for field, errors in row.errors.items():
                    label = row.fields[field].label if field in row.fields else ""
                    for message in errors:
                        self.add_error(
                            None,
                            _("Party %(n)s, %(field)s: %(message)s")
                            % {"n": number, "field": label, "message": message},
                        )
                continue
            parties.append(PartyIn(**row.cleaned_data))
        cleaned["parties"] = parties
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["held_at", "place", "outcome", "minutes", "agreement"]


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["visited_at", "satisfaction", "notes"]


class WhichForm(forms.Form):
    """Which of the page's forms was sent: its hidden ``form`` field."""

    form = forms.ChoiceField(
        label=_("Form"),
        choices=[(key, key) for key in ("record", "session", "follow_up", "counsel")],
    )
