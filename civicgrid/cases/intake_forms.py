"""The forms of the pages that take reports in (the intake page of staff, the residents' portal)
and the portal's rating form.

Each field is typed and limited as the case model stores it; the class's extra questions
(``answer_<code>``) are collected as given and judged by the catalogue's own check of answers in
the intake service, which every channel passes. The service turns the report into a case and
keeps the rules of the domain (the class open to the channel, the place in a grid, the phone, a
name where anonymity is not allowed).
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.catalogue.choices import Priority, QuestionType
from civicgrid.catalogue.models import CaseClass, ClassQuestion
from civicgrid.core.text import column_length

from .actions import NOTE_MAX
from .choices import Channel, Rating
from .forms import PhotosField
from .models import Case
from .services import Report

STAFF_CHANNELS = [
    Channel.HOTLINE,
    Channel.WINDOW,
    Channel.PATROL,
    Channel.IOT,
    Channel.SUPERIOR,
    Channel.LIAISON,
    Channel.LEADER,
]


def questions_answered(
    case_class: CaseClass | None, typed
) -> list[tuple[ClassQuestion, list[str]]]:
    """The class's questions, each with what was answered to it when the form comes back
    refused (nothing on a fresh form), so that a refusal never makes anyone answer again."""
    if case_class is None:
        return []
    read = getattr(typed, "getlist", None)
    return [
        (question, read(f"answer_{question.code}") if read else [])
        for question in case_class.questions.all()
    ]


def find_class(classes, code: str):
    """The class of ``classes`` a typed code names (spaces and case aside), with its questions."""
    code = str(code or "").strip().upper()
    if not code or len(code) > _max_code():
        return None
    return classes.filter(code=code).prefetch_related("questions").first()


def _max_code() -> int:
    return column_length(CaseClass, "code")


def _max(name: str) -> int:
    """How many characters the model field ``name`` of a case holds (text fields too)."""
    field = Case._meta.get_field(name)
    assert isinstance(field, models.CharField | models.TextField) and field.max_length is not None
    return field.max_length


class AnswerList(forms.Field):
    """A question answered with several choices (checkboxes of one name)."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[str]:
        return [str(v) for v in value or []]


class ReportForm(forms.Form):
    """What a resident hands in on the portal; the staff's intake form asks for more."""

    case_class = forms.CharField(label=_("Class"), max_length=5)
    description = forms.CharField(
        label=_("Description"), max_length=_max("description"), required=False, strip=False
    )
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180, required=False)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    address = forms.CharField(label=_("address"), max_length=_max("address"), required=False)
    reporter_name = forms.CharField(
        label=_("reporter name"), max_length=_max("reporter_name"), required=False
    )
    reporter_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    anonymous = forms.BooleanField(required=False)
    idempotency_key = forms.CharField(max_length=_max("idempotency_key"), required=False)
    photos = PhotosField(label=_("Photos"), required=False)

    def __init__(self, *args, classes, **kwargs):
        """``classes``: those this page may report (the class's questions become fields)."""
        super().__init__(*args, **kwargs)
        found = find_class(classes, self.data.get("case_class", ""))
        self.case_class = found
        self.questions = list(found.questions.all()) if found else []
        for q in self.questions:
            self.fields[f"answer_{q.code}"] = (
                AnswerList(label=q.label, required=False)
                if q.datatype == QuestionType.MULTI
                else forms.CharField(label=q.label, max_length=200, required=False)
            )

    def clean_case_class(self) -> str:
        return self.cleaned_data["case_class"].strip().upper()

    def report(self, *, channel: str, **more) -> Report:
        """The cleaned input as the intake service takes it."""
        data = self.cleaned_data
        return Report(
            case_class=data["case_class"],
            description=data["description"],
            channel=channel,
            lon=data["lon"],
            lat=data["lat"],
            address=data["address"],
            answers={q.code: data[f"answer_{q.code}"] for q in self.questions},
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            anonymous=data["anonymous"],
            idempotency_key=data["idempotency_key"],
            photos=data["photos"],
            **more,
        )


class IntakeForm(ReportForm):
    """The staff's intake page: a channel of theirs, a building, GCJ-02 points, a priority,
    and the grid worker's fix on the spot (with its note)."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=[(c.value, c.label) for c in STAFF_CHANNELS], required=False
    )
    gcj02 = forms.BooleanField(required=False)
    building = forms.CharField(label=_("building"), max_length=40, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, required=False)
    self_handle = forms.BooleanField(required=False)
    answer_from = forms.CharField(label=_("Knowledge-base article"), max_length=24, required=False)
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)

    def clean(self):
        data = super().clean() or {}
        if data.get("self_handle") and data.get("answer_from"):
            self.add_error(
                "answer_from",
                _("A case is either fixed on the spot or answered on the spot, not both."),
            )
        return data

    def intake_report(self) -> Report:
        data = self.cleaned_data
        return self.report(
            channel=data["channel"] or Channel.HOTLINE,
            gcj02=data["gcj02"],
            building=data["building"],
            priority=data["priority"],
        )


class RateForm(forms.Form):
    """A reporter's rating on the portal (the phone they reported with, unless logged in)."""

    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    resolved = forms.ChoiceField(
        label=_("Was the problem solved?"),
        choices=[("yes", _("Solved")), ("no", _("Not solved"))],
        required=False,
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    note = forms.CharField(label=_("Anything to add?"), max_length=NOTE_MAX, required=False)
