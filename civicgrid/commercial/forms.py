"""What the commercial building pages accept: each field typed once from its model field, a
choice only among what the user may pick (``core.forms.Styled``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.core.forms import Styled, model_field
from civicgrid.disputes.models import BuildingCommittee, CommitteeMember
from civicgrid.party.models import PartyOrganisation
from civicgrid.registry.models import Building

from .models import Activity, Agreement, CommercialBuilding, Hazard, Inspection, Member


class ProfileForm(Styled):
    building = forms.ModelChoiceField(queryset=Building.objects.none(), label=_("building"))
    party_organisation = forms.ModelChoiceField(
        queryset=PartyOrganisation.objects.none(), label=_("party organisation"), required=False
    )
    service_point = model_field(CommercialBuilding, "service_point")
    safety_association = model_field(CommercialBuilding, "safety_association")
    e_service = model_field(CommercialBuilding, "e_service")
    enterprises = model_field(CommercialBuilding, "enterprises")
    workers = model_field(CommercialBuilding, "workers")

    limited = {"buildings": "building", "organisations": "party_organisation"}


class ProfileEditForm(ProfileForm):
    """The profile's building stays."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["building"]


class MemberForm(Styled):
    kind = model_field(Member, "kind")
    organisation = model_field(Member, "organisation")
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("organisation unit"), required=False,
        help_text=Member._meta.get_field("unit").help_text,
    )  # fmt: skip
    contact = model_field(Member, "contact")
    joined_on = model_field(Member, "joined_on")

    limited = {"units": "unit"}


class LeaveForm(Styled):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("member"))
    left_on = forms.DateField(label=_("left the body on"))

    limited = {"members": "member"}


class AgreementForm(Styled):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("signed by"))
    title = model_field(Agreement, "title")
    duties = model_field(Agreement, "duties")
    signed_on = model_field(Agreement, "signed_on")
    until = model_field(Agreement, "until")

    limited = {"members": "member"}


class ActivityForm(Styled):
    kind = model_field(Activity, "kind")
    held_on = model_field(Activity, "held_on")
    subject = model_field(Activity, "subject")
    attended = model_field(Activity, "attended")
    outcome = model_field(Activity, "outcome")
    score = model_field(Activity, "score", min_value=0, max_value=100)


class InspectionForm(Styled):
    kind = model_field(Inspection, "kind")
    held_on = model_field(Inspection, "held_on")
    inspectors = model_field(Inspection, "inspectors")
    summary = model_field(Inspection, "summary")


class HazardForm(Styled):
    inspection = forms.ModelChoiceField(queryset=Inspection.objects.none(), label=_("inspection"))
    installation = model_field(Hazard, "installation")
    severity = model_field(Hazard, "severity")
    description = model_field(Hazard, "description")

    limited = {"inspections": "inspection"}


class HazardCaseForm(Styled):
    hazard = forms.ModelChoiceField(queryset=Hazard.objects.none(), label=_("hazard"))
    case_class = forms.CharField(
        label=_("class code"), max_length=10, initial="01013",
        help_text=_("The catalogue's class of the case: 01013 for fire installations."),
    )  # fmt: skip

    limited = {"hazards": "hazard"}


class CommitteeForm(Styled):
    name = model_field(BuildingCommittee, "name")
    established_on = model_field(BuildingCommittee, "established_on")
    active = model_field(BuildingCommittee, "active")


class CommitteeMemberForm(Styled):
    name = model_field(CommitteeMember, "name")
    organisation = model_field(CommitteeMember, "organisation")
    role = model_field(CommitteeMember, "role")


class CommitteeLeaveForm(Styled):
    member = forms.ModelChoiceField(
        queryset=CommitteeMember.objects.none(), label=_("committee member")
    )

    limited = {"members": "member"}
