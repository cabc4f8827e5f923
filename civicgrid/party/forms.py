"""What the party-building pages accept: each field typed once, from its model field (label,
length, choices, range), and a choice only among what the user may pick (``limit``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.core.forms import PHONE, Styled, limit, model_field

from . import cobuilding, reviews, services
from .choices import Advice, ProjectKind, Side
from .models import (
    Agreement,
    Commitment,
    Need,
    PartyOrganisation,
    Project,
    Recommendation,
    Resource,
    Review,
    Seat,
    StationedUnit,
)


class _AreaChoice(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("area"))

    def __init__(self, *args: Any, areas: list[Area] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "area" in self.fields:
            limit(self, "area", Area.objects.filter(pk__in=[a.pk for a in areas or []]))


class _BuildingCode(Styled):
    building = forms.CharField(label=_("building code"), max_length=40, required=False)

    def clean_building(self):
        try:
            return services.building_by_code(self.cleaned_data["building"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


class OrganisationForm(_AreaChoice, _BuildingCode):
    name = forms.CharField(label=_("name"), max_length=100)
    code = forms.CharField(label=_("unit code"), max_length=40)
    level = model_field(PartyOrganisation, "level")
    parent = forms.ModelChoiceField(
        queryset=PartyOrganisation.objects.none(), label=_("parent organisation"), required=False
    )
    setting = model_field(PartyOrganisation, "setting")
    host = model_field(PartyOrganisation, "host")
    secretary = model_field(PartyOrganisation, "secretary")
    phone = forms.CharField(label=_("secretary's phone"), max_length=PHONE, required=False)
    members = model_field(PartyOrganisation, "members")
    founded_on = model_field(PartyOrganisation, "founded_on")
    field_order = ["name", "code", "area", "level", "parent", "setting", "host", "building"]

    limited = {"parents": "parent"}


class OrganisationEditForm(OrganisationForm):
    """The entry of an organisation already set up (its code and area stay)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"], self.fields["area"]


class StationedForm(_AreaChoice):
    name = model_field(StationedUnit, "name")
    kind = model_field(StationedUnit, "kind")
    address = model_field(StationedUnit, "address")
    credit_code = model_field(StationedUnit, "credit_code")
    party_body = model_field(StationedUnit, "party_body")
    members = model_field(StationedUnit, "members")
    contact_name = model_field(StationedUnit, "contact_name")
    phone = forms.CharField(label=_("contact phone"), max_length=PHONE, required=False)
    active = model_field(StationedUnit, "active", required=False)


class SeatForm(Styled):
    stationed_unit = forms.ModelChoiceField(
        queryset=StationedUnit.objects.none(), label=_("stationed unit")
    )
    post = model_field(Seat, "post")
    holder = model_field(Seat, "holder")
    since = model_field(Seat, "since")

    limited = {"units": "stationed_unit"}


class SeatEndForm(Styled):
    seat = forms.ModelChoiceField(queryset=Seat.objects.none(), label=_("seat"))
    until = forms.DateField(label=_("until"))

    limited = {"seats": "seat"}


class AgreementForm(Styled):
    stationed_unit = forms.ModelChoiceField(
        queryset=StationedUnit.objects.none(), label=_("stationed unit")
    )
    title = model_field(Agreement, "title")
    starts_on = model_field(Agreement, "starts_on")
    ends_on = model_field(Agreement, "ends_on")
    community_commits = forms.CharField(
        label=_("the community commits to (one a line)"), widget=forms.Textarea, required=False
    )
    unit_commits = forms.CharField(
        label=_("the unit commits to (one a line)"), widget=forms.Textarea, required=False
    )

    limited = {"units": "stationed_unit"}

    def clean(self) -> dict[str, Any]:
        """Each side's commitments, one a line, as ``promises``."""
        data = super().clean() or {}
        data["promises"] = [
            cobuilding.Promise(side, line.strip())
            for side, name in ((Side.COMMUNITY, "community_commits"), (Side.UNIT, "unit_commits"))
            for line in data.pop(name, "").splitlines()
            if line.strip()
        ]
        return data


class SignForm(Styled):
    signed_on = model_field(Agreement, "signed_on", required=True)


class TerminateForm(Styled):
    on = forms.DateField(label=_("terminated on"))
    why = model_field(Agreement, "ended_why", required=True)


class CommitmentForm(Styled):
    side = model_field(Commitment, "side")
    text = model_field(Commitment, "text")
    due_on = model_field(Commitment, "due_on")


class CommitmentDoneForm(Styled):
    commitment = forms.ModelChoiceField(queryset=Commitment.objects.none(), label=_("commitment"))
    on = forms.DateField(label=_("done on"))

    limited = {"commitments": "commitment"}


class ReviewForm(Styled):
    """A committee's review of the unit, with one recommendation about its people (more through
    the API)."""

    committee = forms.ModelChoiceField(
        queryset=PartyOrganisation.objects.none(), label=_("committee")
    )
    year = model_field(Review, "year")
    rating = model_field(Review, "rating")
    reviewed_on = model_field(Review, "reviewed_on")
    comments = model_field(Review, "comments")
    veto = model_field(Review, "veto", required=False)
    reason = model_field(Review, "reason")
    advice_name = forms.CharField(label=_("recommendation about (name)"), max_length=50,
                                  required=False)  # fmt: skip
    advice_post = model_field(Recommendation, "post")
    advice = forms.ChoiceField(
        label=_("advice"), choices=[("", "—"), *Advice.choices], required=False
    )
    advice_reason = forms.CharField(
        label=_("why recommended"), widget=forms.Textarea, required=False
    )

    limited = {"committees": "committee"}

    def clean(self) -> dict[str, Any]:
        """The recommendation, when a name is given, as ``recommendations``."""
        data = super().clean() or {}
        name = data.pop("advice_name", "").strip()
        post, advice = data.pop("advice_post", ""), data.pop("advice", "")
        why = data.pop("advice_reason", "")
        data["recommendations"] = (
            [reviews.Advice(name=name, advice=advice, reason=why, post=post)] if name else []
        )
        return data


class NeedForm(_AreaChoice):
    title = model_field(Need, "title")
    category = model_field(Need, "category")
    raised_on = model_field(Need, "raised_on")
    detail = model_field(Need, "detail")


class ResourceForm(Styled):
    stationed_unit = forms.ModelChoiceField(
        queryset=StationedUnit.objects.none(), label=_("offered by")
    )
    title = model_field(Resource, "title")
    kind = model_field(Resource, "kind")
    category = model_field(Resource, "category")
    value = model_field(Resource, "value")
    detail = model_field(Resource, "detail")

    limited = {"units": "stationed_unit"}


class ProjectForm(_AreaChoice):
    title = model_field(Project, "title")
    kind = model_field(Project, "kind", required=False)
    sponsor = model_field(Project, "sponsor")
    publisher = forms.ModelChoiceField(
        queryset=PartyOrganisation.objects.none(), label=_("published or run by"), required=False
    )
    category = model_field(Project, "category")
    starts_on = model_field(Project, "starts_on")
    need = forms.ModelChoiceField(queryset=Need.objects.none(), label=_("need met"), required=False)
    resources = forms.ModelMultipleChoiceField(
        queryset=Resource.objects.none(), label=_("resources used"), required=False
    )
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(), label=_("under agreement"), required=False
    )
    detail = model_field(Project, "detail")

    limited = {"needs": "need", "resources": "resources", "agreements": "agreement",
               "publishers": "publisher"}  # fmt: skip

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or ProjectKind.COBUILDING


class ProgressForm(Styled):
    status = model_field(Project, "status")
    beneficiaries = forms.IntegerField(label=_("beneficiaries"), min_value=0, required=False)
    ends_on = model_field(Project, "ends_on")
