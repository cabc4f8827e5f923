"""What the pages under /duties/ accept: each field typed once, from its model field (label,
length, choices, range), and a choice only among what the user may pick (their departments, their
communities, working schemes). A number left empty is nought, as the pages have always read it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.forms import model_field
from civicgrid.duties.models import CommunityKind, ListType, ListVersion
from civicgrid.evaluation.models import Scheme

from .admission import DEPARTMENTS
from .models import Application, CommunityTask, Complaint

TEXT_MAX = 4000  # a decision's reasons, a withdrawal's note, a finding, in characters


def limit_choices(form: forms.Form, name: str, chosen: Sequence[models.Model]) -> None:
    """Let ``form``'s field ``name`` accept only ``chosen`` (what the user may pick)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
    field.queryset = field.queryset.model.objects.filter(pk__in=[c.pk for c in chosen])


class ZeroWhenEmpty(forms.Form):
    """Numbers the page may leave empty, read as nought."""

    ZERO: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.ZERO:
            if name in data and data[name] is None:
                data[name] = Decimal(0) if isinstance(self.fields[name], forms.DecimalField) else 0
        return data


class ListImportForm(forms.Form):
    """A whole list from a file, as a new version from a day."""

    file = forms.FileField(label=_("File (xlsx or csv)"))
    effective_from = model_field(ListVersion, "effective_from")
    note = model_field(ListVersion, "note")


class ApplicationForm(ZeroWhenEmpty):
    """An application for one of the user's departments."""

    ZERO = ("hours_per_month", "reports_per_year", "meetings_per_year", "funding_per_year")

    department = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("department"))
    list_type = forms.ChoiceField(
        label=_("for the list of"),
        choices=[
            (ListType.ASSISTING, ListType.ASSISTING.label),
            (ListType.ASSESSMENT, ListType.ASSESSMENT.label),
        ],
    )
    kinds = forms.ModelMultipleChoiceField(
        CommunityKind.objects.all(), label=_("kinds of community")
    )
    title = model_field(Application, "title")
    reason = model_field(Application, "reason")
    basis = model_field(Application, "basis")
    hours_per_month = model_field(Application, "hours_per_month", required=False)
    reports_per_year = model_field(Application, "reports_per_year", required=False)
    meetings_per_year = model_field(Application, "meetings_per_year", required=False)
    funding_per_year = model_field(Application, "funding_per_year", required=False)
    starts_on = model_field(Application, "starts_on")
    ends_on = model_field(Application, "ends_on")
    scheme = forms.ModelChoiceField(
        Scheme.objects.filter(template=False, active=True),
        label=_("assessment scheme"),
        required=False,
    )

    def __init__(self, *args: Any, departments: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "department", departments)


class DecisionForm(forms.Form):
    """The review office admits or refuses, with reasons."""

    reasons = forms.CharField(
        label=_("decision and reasons"), max_length=TEXT_MAX, widget=forms.Textarea
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=TEXT_MAX, required=False)


class ComplaintForm(ZeroWhenEmpty):
    """A community's people report a department for work pushed without admission."""

    ZERO = ("hours",)

    community = forms.ModelChoiceField(Area.objects.none(), label=_("community"))
    department = forms.ModelChoiceField(
        OrgUnit.objects.filter(kind__in=DEPARTMENTS, active=True),
        label=_("department that pushed the work"),
    )
    what = model_field(Complaint, "what")
    details = model_field(Complaint, "details")
    hours = model_field(Complaint, "hours", required=False)

    def __init__(self, *args: Any, communities: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "community", communities)


class FindingForm(forms.Form):
    """The review office's finding on a complaint."""

    outcome = forms.ChoiceField(
        label=_("status"),
        choices=[
            ("upheld", Complaint.Status.UPHELD.label),
            ("dismissed", Complaint.Status.DISMISSED.label),
        ],
    )
    finding = forms.CharField(
        label=_("finding and reasons"), max_length=TEXT_MAX, widget=forms.Textarea
    )


class TaskForm(ZeroWhenEmpty):
    """A recurring task a department pushes to communities."""

    ZERO = ("hours",)

    department = forms.ModelChoiceField(OrgUnit.objects.none(), label=_("department"))
    communities = forms.ModelMultipleChoiceField(
        Area.objects.filter(level=AreaLevel.COMMUNITY, active=True), label=_("Communities")
    )
    kind = model_field(CommunityTask, "kind")
    title = model_field(CommunityTask, "title")
    item_code = model_field(CommunityTask, "item_code")
    every = model_field(CommunityTask, "every")
    first_due = model_field(CommunityTask, "first_due")
    hours = model_field(CommunityTask, "hours", required=False)

    def __init__(self, *args: Any, departments: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "department", departments)
