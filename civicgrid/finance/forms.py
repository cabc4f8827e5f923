"""What the finance pages accept: each field typed once from its model field, a choice only among
what the user may pick, and the design system's classes (``core.forms.Styled``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.core.forms import Styled, model_field
from civicgrid.duties.models import ListItem
from civicgrid.participation.council_models import Resolution

from .models import Allocation, Budget, Claim, Receipt


class BudgetForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("street or community"))
    year = model_field(Budget, "year")
    category = model_field(Budget, "category")
    amount = model_field(Budget, "amount")
    source = model_field(Budget, "source")
    note = model_field(Budget, "note")

    limited = {"areas": "area"}


class AllocationForm(Styled):
    received_on = model_field(Allocation, "received_on")
    amount = model_field(Allocation, "amount")
    source = model_field(Allocation, "source")
    department = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=_("paying department"), required=False
    )
    duty_item = forms.ModelChoiceField(
        queryset=ListItem.objects.none(), label=_("assisting task paid for"), required=False
    )
    note = model_field(Allocation, "note")

    limited = {"departments": "department", "items": "duty_item"}


class ClaimForm(Styled):
    budget = forms.ModelChoiceField(queryset=Budget.objects.none(), label=_("budget line"))
    title = model_field(Claim, "title")
    project = model_field(Claim, "project")
    payee = model_field(Claim, "payee")
    amount = model_field(Claim, "amount")
    spent_on = model_field(Claim, "spent_on")
    resolution = forms.ModelChoiceField(
        queryset=Resolution.objects.none(), label=_("council resolution"), required=False,
        help_text=_("Needed for a payment from the community fund."),
    )  # fmt: skip

    limited = {"budgets": "budget", "resolutions": "resolution"}


class StatementForm(Styled):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)], coerce=int
    )


class ReceiptForm(Styled):
    number = model_field(Receipt, "number")
    issuer = model_field(Receipt, "issuer")
    issued_on = model_field(Receipt, "issued_on")
    amount = model_field(Receipt, "amount")
    scan = forms.FileField(label=_("scan (PDF, JPEG or PNG)"), required=False)


class ReviewForm(Styled):
    approve = forms.TypedChoiceField(
        label=_("decision"), coerce=lambda v: v == "yes",
        choices=[("yes", _("approve")), ("no", _("refuse"))],
    )  # fmt: skip
    note = forms.CharField(label=_("review"), max_length=500, required=False)


class PayForm(Styled):
    paid_on = forms.DateField(label=_("paid on"))


class EmptyForm(Styled):
    """An action that takes nothing but the press of its button (submit, withdraw)."""
