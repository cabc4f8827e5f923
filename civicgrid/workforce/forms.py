"""What the workforce pages accept: each field typed once from its model field, a choice only
among what the user may pick (``limit``), and the design system's classes (party's ``Styled``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.models import Area
from civicgrid.core.forms import PHONE, Styled, limit, model_field
from civicgrid.registry.models import Building

from .models import BoardEntry, DailyRecord, Nomination, PayGrade, Selection, Training, Worker

ID_NUMBER = 18


class WorkerForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("street or community"))
    post = model_field(Worker, "post")
    id_number = forms.CharField(
        label=_("ID number (a resident in the register)"), max_length=ID_NUMBER, required=False,
        help_text=_("Needed for a grid leader or building head; the look-up is counted."),
    )  # fmt: skip
    name = model_field(Worker, "name", required=False)
    phone = forms.CharField(label=_("phone"), max_length=PHONE, required=False)
    grids = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(), label=_("grids"), required=False
    )
    buildings = forms.CharField(
        label=_("building codes"), max_length=400, required=False,
        help_text=_("The register's codes, separated by spaces or commas."),
    )  # fmt: skip
    term_starts = model_field(Worker, "term_starts")
    term_ends = model_field(Worker, "term_ends")
    funding = model_field(Worker, "funding")
    allowance = forms.DecimalField(
        label=_("monthly allowance (yuan)"), min_value=0, max_digits=8, decimal_places=2,
        required=False, help_text=_("Empty: the district's default for the post."),
    )  # fmt: skip

    def __init__(self, *args: Any, areas: Any = None, grids: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if areas is not None:
            limit(self, "area", Area.objects.filter(pk__in=[a.pk for a in areas]))
        if grids is not None:
            limit(self, "grids", grids)

    def clean_buildings(self) -> list[Building]:
        codes = [c for c in self.cleaned_data["buildings"].replace(",", " ").split() if c]
        found = {b.code: b for b in Building.objects.filter(code__in=codes, active=True)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                _("No building has the code %(codes)s.") % {"codes": "、".join(missing)}
            )
        return [found[c] for c in codes]


class LeaveForm(Styled):
    on = forms.DateField(label=_("left on"))
    left_as = model_field(Worker, "left_as", required=True)
    why = model_field(Worker, "left_why", required=True)


class RenewForm(Styled):
    until = forms.DateField(label=_("term renewed until"))


class SelectionForm(Styled):
    grid = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("grid"))
    opened_on = model_field(Selection, "opened_on")
    term_years = model_field(Selection, "term_years")

    limited = {"grids": "grid"}


class NominationForm(Styled):
    id_number = forms.CharField(label=_("the nominee's ID number"), max_length=ID_NUMBER,
                                help_text=_("The look-up is counted and audited."))  # fmt: skip
    nominated_by = model_field(Nomination, "nominated_by")
    nominated_on = model_field(Nomination, "nominated_on")
    reason = model_field(Nomination, "reason")


class HoldForm(Styled):
    """The open selection: who took part, and a number of votes for each nominee."""

    held_on = forms.DateField(label=_("held on"))
    voters = forms.IntegerField(label=_("residents who took part"), min_value=1,
                                max_value=1_000_000)  # fmt: skip

    def __init__(self, *args: Any, nominees: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nominees = list(nominees)
        for n in self.nominees:
            self.fields[f"votes_{n.pk}"] = forms.IntegerField(
                label=_("votes for %(name)s") % {"name": n.person.name}, min_value=0,
                max_value=1_000_000,
            )  # fmt: skip
            self.fields[f"votes_{n.pk}"].widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["votes"] = {n.pk: data.pop(f"votes_{n.pk}", 0) or 0 for n in self.nominees}
        return data


class AppointForm(Styled):
    nomination = forms.ModelChoiceField(queryset=Nomination.objects.none(), label=_("nominee"))
    on = forms.DateField(label=_("appointed on"))
    funding = model_field(Worker, "funding")
    phone = forms.CharField(label=_("phone"), max_length=PHONE, required=False)

    limited = {"nominees": "nomination"}


class GradeForm(Styled):
    grade = forms.ModelChoiceField(queryset=PayGrade.objects.none(), label=_("pay grade"))
    since = forms.DateField(label=_("since"))
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    limited = {"grades": "grade"}


class TrainingForm(Styled):
    title = model_field(Training, "title")
    provider = model_field(Training, "provider")
    taken_on = model_field(Training, "taken_on")
    hours = model_field(Training, "hours")


class RunForm(Styled):
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("street or community"))
    month = forms.DateField(label=_("month"), help_text=_("Any day of the month."))

    def __init__(self, *args: Any, areas: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if areas is not None:
            limit(self, "area", Area.objects.filter(pk__in=[a.pk for a in areas]))


class PayGradeForm(Styled):
    level = model_field(PayGrade, "level")
    grade = model_field(PayGrade, "grade")
    monthly_pay = model_field(PayGrade, "monthly_pay")
    active = model_field(PayGrade, "active")


class BoardEntryForm(Styled):
    role = model_field(BoardEntry, "role")
    from_records = forms.BooleanField(
        label=_("take the name and phone from the records"), required=False,
        help_text=_("The phone is copied as it is kept, never shown."),
    )  # fmt: skip
    name = model_field(BoardEntry, "name", required=False)
    phone = forms.CharField(label=_("phone"), max_length=PHONE, required=False)
    photo = forms.FileField(label=_("photo"), required=False,
                            help_text=_("JPEG, PNG or WebP; stored without its EXIF data."))  # fmt: skip
    consent_on = model_field(BoardEntry, "consent_on")
    consent_how = model_field(BoardEntry, "consent_how")


class WithdrawConsentForm(Styled):
    entry = forms.ModelChoiceField(queryset=BoardEntry.objects.none(), label=_("person"))
    on = forms.DateField(label=_("consent withdrawn on"))

    limited = {"entries": "entry"}


class DailyRecordForm(Styled):
    day = model_field(DailyRecord, "day")
    kind = model_field(DailyRecord, "kind")
    points = forms.DecimalField(
        label=_("points"), max_digits=4, decimal_places=1, initial=0,
        help_text=_("0 for duty and visits; above 0 for a commendation; below 0 for a lapse."),
    )  # fmt: skip
    note = model_field(DailyRecord, "note")


class StrikeForm(Styled):
    entry = forms.ModelChoiceField(queryset=DailyRecord.objects.none(), label=_("record"))
    why = forms.CharField(label=_("struck out because"), max_length=200)

    limited = {"records": "entry"}
