"""The input of the micro-project pages, typed once: each form's fields are the model's own
(label, length, choices), and a choice of a related row is limited to what the user may pick.
The forms type and read the input; the services keep the rules (scope, dates, money, state)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.registry.models import Person

from .council_models import Council
from .models import (
    Call,
    Method,
    Milestone,
    PaperEntry,
    Project,
    ProjectType,
    Proposal,
    Rating,
    Spending,
)
from .selectors import chosen_label
from .voting import ID_NUMBER_LENGTH, Proof


def model_field(model: type[models.Model], name: str, **overrides) -> forms.Field:
    """The form field the model's field makes: its label, length, choices and type."""
    column = model._meta.get_field(name)
    field = column.formfield(**overrides) if isinstance(column, models.Field) else None
    assert field is not None, name
    return field


def picked(queryset: QuerySet, **overrides) -> forms.ModelChoiceField:
    """A choice among ``queryset`` (what the user may pick), by primary key."""
    return forms.ModelChoiceField(queryset=queryset, **overrides)


class EmptyForm(forms.Form):
    """An action that takes no input (its button is the whole form)."""


# -- calls ---------------------------------------------------------------------------------------
class CallForm(forms.Form):
    """A vote of the area's residents; the fields of its purpose are asked by the service
    (a micro-project call's budget and caps, an election's council and seats)."""

    purpose = model_field(Call, "purpose")
    title = model_field(Call, "title")
    description = model_field(Call, "description")
    requirements = model_field(Call, "requirements")
    budget = model_field(Call, "budget", required=False)
    cap_works = model_field(Call, "cap_works", required=False)
    cap_services = model_field(Call, "cap_services", required=False)
    cap_goods = model_field(Call, "cap_goods", required=False)
    proposals_from = model_field(Call, "proposals_from")
    proposals_until = model_field(Call, "proposals_until")
    voting_from = model_field(Call, "voting_from")
    voting_until = model_field(Call, "voting_until")
    method = model_field(Call, "method", required=False)
    max_choices = model_field(Call, "max_choices", required=False)
    seats = forms.IntegerField(label=_("seats"), required=False, min_value=1, max_value=100)
    majority = model_field(Call, "majority", required=False)

    def __init__(self, *args, areas: QuerySet[Area], councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = picked(areas, label=Call._meta.get_field("area").verbose_name)
        self.fields["council"] = picked(
            councils, required=False, label=Call._meta.get_field("council").verbose_name
        )

    def values(self) -> dict:
        """The service's keyword arguments."""
        data = dict(self.cleaned_data)
        data["caps"] = {k: data.pop(f"cap_{k}") for k in ProjectType.values}
        data["max_choices"] = data["max_choices"] or 0
        data["method"] = data["method"] or Method.APPROVAL
        data["majority"] = data["majority"] or 50
        return data


class ProposalFields(forms.Form):
    title = model_field(Proposal, "title")
    description = model_field(Proposal, "description")
    beneficiaries = model_field(Proposal, "beneficiaries", required=True)
    kind = model_field(Proposal, "kind", required=True)
    cost = model_field(Proposal, "cost")
    address = model_field(Proposal, "address")


class UnitProposalForm(ProposalFields):
    """A proposal for a unit the user works for."""

    def __init__(self, *args, units: QuerySet[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = picked(units, label=_("your unit"))


class ProofForm(forms.Form):
    """A resident's name and ID number, checked against the register by the service."""

    name = model_field(Person, "name", label=_("your name"))
    id_number = forms.CharField(label=_("your ID number"), max_length=ID_NUMBER_LENGTH)

    @staticmethod
    def proof_of(data: dict) -> Proof:
        """The proof in a form's typed values (taken out of them)."""
        return Proof(data.pop("name"), data.pop("id_number"))


class ResidentProposalForm(ProposalFields, ProofForm):
    """A resident's proposal, with their proof of living in the area."""


class NominationForm(ProofForm):
    """A resident nominates a candidate (海选): their own proof and the candidate's."""

    candidate_name = model_field(Person, "name", label=_("the candidate's name"))
    candidate_id_number = forms.CharField(
        label=_("the candidate's ID number"), max_length=ID_NUMBER_LENGTH
    )
    description = model_field(Proposal, "description", required=False, label=_("why (optional)"))

    @staticmethod
    def candidate_of(data: dict) -> Proof:
        """The candidate in a form's typed values (taken out of them)."""
        return Proof(data.pop("candidate_name"), data.pop("candidate_id_number"))


class OptionForm(forms.Form):
    title = model_field(Proposal, "title", label=_("option"))
    description = model_field(Proposal, "description", label=_("what it means"))


class DeliberationForm(forms.Form):
    admit = forms.TypedChoiceField(
        label=_("put to the vote"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
    )
    reasons = model_field(Proposal, "reasons")

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"] = picked(call.proposals.all(), label=Proposal._meta.verbose_name)


class ChoicesField(forms.TypedMultipleChoiceField):
    """The projects chosen on a ballot: proposals on the ballot of the call, by id."""

    def __init__(self, call: Call, **kwargs):
        ballot = Proposal.objects.filter(call=call, status=Proposal.Status.ON_BALLOT)
        super().__init__(
            choices=[(p.pk, p.title) for p in ballot],
            coerce=int,
            label=chosen_label(call),
            **kwargs,
        )


class PaperForm(forms.Form):
    number = model_field(PaperEntry, "number")

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"] = ChoicesField(call)


class ConfirmForm(forms.Form):
    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"] = picked(
            PaperEntry.objects.filter(call=call, confirmed_by=None),
            label=PaperEntry._meta.verbose_name,
        )
        self.fields["choices"] = ChoicesField(call)


class VoteForm(ProofForm):
    """The voter's proof, and their choices once they have seen their ballot (optional: a
    proof alone shows the ballot to change)."""

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"] = ChoicesField(call, required=False)


class RatingForm(ProofForm):
    score = model_field(Rating, "score")
    comment = model_field(Rating, "comment")


# -- projects ------------------------------------------------------------------------------------
class ProgressForm(forms.Form):
    progress = model_field(Project, "progress", required=False)
    implementer = model_field(Project, "implementer")

    def __init__(self, *args, organisations: QuerySet[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implementer_unit"] = picked(
            organisations,
            required=False,
            label=Project._meta.get_field("implementer_unit").verbose_name,
        )


class MilestoneForm(forms.Form):
    title = model_field(Milestone, "title")
    due_on = model_field(Milestone, "due_on")


class MilestoneDoneForm(forms.Form):
    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"] = picked(
            project.milestones.all(), label=Milestone._meta.verbose_name
        )


class SpendingForm(forms.Form):
    spent_on = model_field(Spending, "spent_on")
    item = model_field(Spending, "item")
    amount = model_field(Spending, "amount")
    # the service says when it is missing; its name is not limited (the storage shortens it)
    receipt = model_field(Spending, "receipt", required=False, max_length=None)


class AcceptanceForm(forms.Form):
    accepted_by = model_field(Project, "accepted_by")
    record = model_field(Project, "acceptance")
