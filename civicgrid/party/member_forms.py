"""What the pages of rosters, members' activities, credit entries and project claims accept
(``forms.Styled``: the design system's classes; a choice only among what the user may pick)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.core.forms import Styled, model_field

from .models import Activity, Claim, CreditEntry, Member, PartyOrganisation, StationedUnit

ID_NUMBER = 18


class MemberForm(Styled):
    kind = model_field(Member, "kind")
    id_number = forms.CharField(
        label=_("ID number (a member in the register)"), max_length=ID_NUMBER, required=False,
        help_text=_("The register's name is taken; the look-up is counted and audited."),
    )  # fmt: skip
    name = model_field(Member, "name", required=False)
    workplace = model_field(Member, "workplace")
    since = model_field(Member, "since")


class _MemberChoice(Styled):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("party member"))

    limited = {"members": "member"}


class LeaveForm(_MemberChoice):
    until = forms.DateField(label=_("left the roster on"))


class CreditForm(_MemberChoice):
    on = model_field(CreditEntry, "on")
    category = model_field(CreditEntry, "category")
    points = model_field(CreditEntry, "points")
    reason = model_field(CreditEntry, "reason")


class ActivityForm(Styled):
    kind = model_field(Activity, "kind")
    title = model_field(Activity, "title")
    held_on = model_field(Activity, "held_on")
    participants = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(), label=_("participants"),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    limited = {"members": "participants"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].widget.attrs["class"] = "form-check-input"


class ClaimForm(Styled):
    claimant = model_field(Claim, "claimant")
    organisation = forms.ModelChoiceField(
        queryset=PartyOrganisation.objects.none(), label=_("party organisation"), required=False
    )
    member = forms.ModelChoiceField(
        queryset=Member.objects.none(), label=_("party member"), required=False
    )
    stationed_unit = forms.ModelChoiceField(
        queryset=StationedUnit.objects.none(), label=_("stationed unit"), required=False
    )
    claimed_on = model_field(Claim, "claimed_on")

    limited = {"organisations": "organisation", "members": "member", "units": "stationed_unit"}


class _ClaimChoice(Styled):
    claim = forms.ModelChoiceField(queryset=Claim.objects.none(), label=_("claim"))

    limited = {"claims": "claim"}


class DeliverForm(_ClaimChoice):
    delivered_on = forms.DateField(label=_("delivered on"))
    beneficiaries = model_field(Claim, "beneficiaries", required=True)
    what_was_done = model_field(Claim, "what_was_done")


class WithdrawForm(_ClaimChoice):
    on = forms.DateField(label=_("withdrawn on"))
