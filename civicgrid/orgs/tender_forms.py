"""What the tender pages accept: opening a tender, and each step on a tender's page (a bid, a
declaration, scores, the award or cancellation, the contract, deliverables and their reports,
the evaluation). Fields are typed from their model fields; choices are limited to the tender's
own bids and deliverables and to the user's own organisations."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area

from .forms import limit, model_field
from .models import (
    Bid,
    Contract,
    Declaration,
    Deliverable,
    Organisation,
    Score,
    Tender,
)
from .procurement import CRITERION_NAME


class Repeated(forms.Field):
    """A field sent several times under one name (the rows of a list): each value is cleaned
    by ``item``; the first refused value refuses the field."""

    widget = forms.MultipleHiddenInput

    def __init__(self, item: forms.Field, **kwargs: Any) -> None:
        self.item = item
        super().__init__(required=False, **kwargs)

    def clean(self, value: Iterable[str] | None) -> list[Any]:
        return [self.item.clean(v) for v in value or []]


class TenderOpenForm(forms.Form):
    area = forms.ModelChoiceField(Area.objects.none(), label=_("where the service is"))
    buyer = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("buyer"))
    title = model_field(Tender, "title")
    needs = model_field(Tender, "needs")
    budget = model_field(Tender, "budget")
    deadline = model_field(Tender, "deadline")
    panel = forms.ModelMultipleChoiceField(User.objects.none(), label=_("evaluation panel"))
    criterion = Repeated(forms.CharField(max_length=CRITERION_NAME, required=False),
                         label=_("criterion"))  # fmt: skip
    weight = Repeated(
        forms.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(0),
                           max_value=Decimal(100), required=False),
        label=_("weight"),
    )  # fmt: skip

    def __init__(
        self, *args: Any, areas: list[Area], buyers: QuerySet[OrgUnit], staff: QuerySet[User],
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        limit(self, "area", Area.objects.filter(pk__in=[a.pk for a in areas]))
        limit(self, "buyer", buyers)
        limit(self, "panel", staff)

    def clean(self) -> dict[str, Any]:
        """The criteria as the service takes them: the rows with a name or a weight."""
        super().clean()
        data = self.cleaned_data
        names, weights = data.pop("criterion", []), data.pop("weight", [])
        if len(names) != len(weights):
            raise ValidationError(_("Each criterion has a name and a weight above zero."))
        data["criteria"] = [
            {"name": name, "weight": weight}
            for name, weight in zip(names, weights, strict=True)
            if name or weight is not None
        ]
        return data


class TenderStepForm(forms.Form):
    """A step on a tender's page; ``tender`` and the user's own organisations limit the
    choices."""

    def __init__(
        self, *args: Any, tender: Tender, mine: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tender = tender
        self.limit(mine)

    def limit(self, mine: QuerySet[Organisation]) -> None:
        """Limit the choices to the tender's and the user's own (none by default)."""


class BidForm(TenderStepForm):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("organisation"))
    amount = model_field(Bid, "amount")
    proposal = model_field(Bid, "proposal")
    document = model_field(Bid, "document")

    def limit(self, mine: QuerySet[Organisation]) -> None:
        limit(self, "organisation", mine)


class DeclarationForm(TenderStepForm):
    conflicts = forms.ModelMultipleChoiceField(
        Bid.objects.none(),
        required=False,
        label=Declaration._meta.get_field("conflicts").verbose_name,
    )
    note = model_field(Declaration, "note")

    def limit(self, mine: QuerySet[Organisation]) -> None:
        limit(self, "conflicts", self.tender.bids.all())


class ScoreForm(TenderStepForm):
    """One bid's points on every criterion: ``c0``, ``c1``, … named by the criteria."""

    bid = forms.ModelChoiceField(Bid.objects.none(), label=_("bid"))

    def limit(self, mine: QuerySet[Organisation]) -> None:
        limit(self, "bid", self.tender.bids.all())
        for n, criterion in enumerate(self.tender.criteria):
            self.fields[f"c{n}"] = model_field(Score, "points", label=criterion["name"])

    def clean(self) -> dict[str, Any]:
        """The points in the criteria's order, as the service takes them."""
        super().clean()
        data = self.cleaned_data
        count = len(self.tender.criteria)
        data["points"] = [data.pop(f"c{n}", None) for n in range(count)]
        return data


class DecisionForm(TenderStepForm):
    """The award or the cancellation, with an optional reason for the record."""

    note = forms.CharField(label=_("why"), max_length=4000, required=False)


class ContractForm(TenderStepForm):
    signed_on = model_field(Contract, "signed_on")
    starts_on = model_field(Contract, "starts_on")
    ends_on = model_field(Contract, "ends_on")


class DeliverableForm(TenderStepForm):
    title = model_field(Deliverable, "title")
    due_on = model_field(Deliverable, "due_on")


class DeliveredForm(TenderStepForm):
    deliverable = forms.ModelChoiceField(Deliverable.objects.none(), label=_("deliverable"))
    report = model_field(Deliverable, "report", required=True)
    document = model_field(Deliverable, "document")

    def limit(self, mine: QuerySet[Organisation]) -> None:
        contract = Contract.objects.filter(tender=self.tender).first()
        if contract is not None:
            limit(self, "deliverable", contract.deliverables.all())


class EvaluationForm(TenderStepForm):
    points = model_field(Contract, "evaluation", required=True)
    note = model_field(Contract, "evaluation_note", required=True)
