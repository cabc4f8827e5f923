"""The forms of the front desk, the back office and the applicant. They carry what was typed;
the services in ``desk.py``, ``office.py`` and ``ratings.py`` decide (and name the field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.core.forms import Styled, model_field
from civicgrid.registry.identity import ID_NUMBER_LENGTH, Proof
from civicgrid.registry.models import Person

from .application_models import Application, Rating
from .choices import Grade, HandOver
from .models import Material


class Form(Styled):
    """Styled, with checkboxes and radio buttons as such (the page lists them one by one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"


class ProofFields(Form):
    """The applicant's name and ID number, as on the card."""

    name = model_field(Person, "name", label=_("applicant's name"))
    id_number = forms.CharField(label=_("applicant's ID number"), max_length=ID_NUMBER_LENGTH)

    @staticmethod
    def proof_of(data: dict) -> Proof:
        return Proof(data["name"], data["id_number"])


class ChecklistFields(Form):
    """The materials brought, and those that follow (容缺) with the date promised."""

    provided = forms.MultipleChoiceField(
        label=_("materials provided"), required=False, widget=forms.CheckboxSelectMultiple
    )
    following = forms.MultipleChoiceField(
        label=_("to follow (容缺)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    follow_by = forms.DateField(
        label=_("promised by"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date the applicant promises to bring what follows."),
    )  # fmt: skip
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, materials: list[Material] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        for name, rows in (("provided", materials), ("following",
                                                      [m for m in materials if m.may_follow])):  # fmt: skip
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [(str(m.pk), m.name) for m in rows]
        if not any(m.may_follow for m in materials):
            del self.fields["following"], self.fields["follow_by"]

    def ids(self, name: str) -> list[int]:
        return [int(v) for v in self.cleaned_data.get(name, [])]

    def rows(self) -> list[tuple]:
        """One row a material, as the desk ticks it: its name, the box for brought and, for one
        that may follow later, the box for to follow."""
        following = {}
        if "following" in self.fields:
            following = {str(w.data["value"]): w for w in self["following"].subwidgets}
        return [(w.choice_label, w, following.get(str(w.data["value"])))
                for w in self["provided"].subwidgets]  # fmt: skip


class IntakeForm(ProofFields, ChecklistFields):
    """At the window: who applies, and what they brought."""


class ApplyForm(ProofFields):
    """On the portal (a resident for themself) or by a grid worker for a resident (代办)."""

    consent = model_field(Application, "consent", required=False)

    def __init__(self, *args, proxy: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if proxy:
            self.fields["consent"].required = True
        else:
            del self.fields["consent"]
            self.fields["name"].label = _("your name")
            self.fields["id_number"].label = _("your ID number")


class NoteForm(Form):
    note = forms.CharField(label=_("note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class PassUpForm(Form):
    note = forms.CharField(label=_("to which office, with what"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ApproveForm(NoteForm):
    document = model_field(Application, "document", required=True)
    field_order = ["document", "note"]


class RefuseForm(Form):
    reasons = model_field(Application, "reasons", required=True)


class ReceiveForm(Form):
    material = forms.TypedChoiceField(label=_("material received"), coerce=int)

    def __init__(self, *args, owed: list[tuple[int, str]] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        field = self.fields["material"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = owed


class HandOverForm(NoteForm):
    how = forms.ChoiceField(label=_("how it was handed over"), choices=HandOver.choices)
    field_order = ["how", "note"]


class RateForm(Form):
    grade = forms.TypedChoiceField(label=_("your rating"), choices=Grade.choices, coerce=int,
                                   widget=forms.RadioSelect)  # fmt: skip
    comment = model_field(Rating, "comment", required=False)


class AnswerForm(Form):
    answer = model_field(Rating, "answer", required=True)


class FollowForm(ProofFields):
    number = model_field(Application, "number")
    field_order = ["number", "name", "id_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("applicant's name")
