"""The case page's forms: one per action, generated from the action's schema (``actions.py``),
and the queue's form that applies one action to many cases.

An action's form is a Django form so that a page refuses its input as every page does
(``core.feedback.form_refused``: one message per problem, naming the field by its label), but it
asks for nothing of its own: its fields, their types, ranges and messages come from the schema,
and once its fields are clean the schema itself checks the whole (``actions.parse``), so the page
and the API cannot come to differ. Its input names are the schema's field names, which the case
page's template uses.
"""

from __future__ import annotations

import enum
import types
import typing
from decimal import Decimal
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from civicgrid.core.errors import DomainError

from . import actions
from .actions import ActionInput, Ask

# Django's error keys of the fields below: a field with a message of its own says it for each
ERROR_KEYS = (
    "required",
    "invalid",
    "invalid_choice",
    "invalid_list",
    "max_value",
    "min_value",
    "max_length",
    "min_length",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
)
YES = {"yes", "true", "1", "on"}
NO = {"no", "false", "0", "off"}


class YesNoField(forms.Field):
    """Yes or no (a pair of radio buttons sending ``yes`` / ``no``, or a boolean)."""

    default_error_messages = {"invalid": _("Say yes or no.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in YES | NO:
            return word in YES
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class IdListField(forms.Field):
    """Ids, sent as several values of one name (checkboxes) or one comma-separated text."""

    widget = forms.SelectMultiple
    default_error_messages = {"invalid_list": _("Give whole numbers.")}

    def __init__(self, *, max_value: int = actions.MAX_ID, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        if value in (None, ""):
            return []
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        out = []
        for item in items:
            text = str(item).strip()
            if not text:
                continue
            if not text.isdigit() or not 1 <= int(text) <= self.max_value:
                raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
            out.append(int(text))
        return out


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos under one name; the service checks each (type, size, pixels)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(f, initial) for f in files]


def _constraint(info, name: str):
    return next((getattr(m, name) for m in info.metadata if hasattr(m, name)), None)


def _unwrap(annotation):
    """(the type, whether None is allowed) of ``X | None`` or ``Annotated[X, …]``."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional


def form_field(schema: type[ActionInput], name: str) -> forms.Field:
    """The Django form field that asks for the schema's field ``name``."""
    info = schema.model_fields[name]
    ask: Ask = actions.ask(schema, name)
    kind, _optional = _unwrap(info.annotation)
    common: dict[str, typing.Any] = {
        "required": info.is_required(),
        "label": ask.label,
        "help_text": info.description or "",
    }
    if ask.refused:
        common["error_messages"] = dict.fromkeys(ERROR_KEYS, ask.refused)
    origin = typing.get_origin(kind)
    if origin is list:
        return IdListField(**common)
    if origin is typing.Literal:
        return forms.ChoiceField(choices=[(v, v) for v in typing.get_args(kind)], **common)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        choices = [(m.value, getattr(m, "label", m.value)) for m in kind]
        return forms.ChoiceField(choices=choices, **common)
    if kind is bool:
        return YesNoField(**common)
    bounds = {"min_value": _constraint(info, "ge"), "max_value": _constraint(info, "le")}
    if kind is int:
        return forms.IntegerField(**bounds, **common)
    if kind is float:
        return forms.FloatField(**bounds, **common)
    if kind is Decimal:
        places = _constraint(info, "decimal_places")
        return forms.DecimalField(**bounds, decimal_places=places, **common)
    return forms.CharField(
        max_length=_constraint(info, "max_length"),
        min_length=_constraint(info, "min_length"),
        **common,
    )


class ActionForm(forms.Form):
    """An action's page form; ``action_input`` is its schema's typed input once it is valid."""

    schema: type[ActionInput]
    action_input: ActionInput | None = None

    def clean(self):
        cleaned = super().clean() or {}
        given = {n: cleaned.get(n) for n in actions.asked(self.schema) if n in cleaned}
        if self.errors:
            return cleaned
        try:
            self.action_input = actions.parse(self.schema.action, given)
            actions.require_note(self.schema.action, cleaned.get("note") or "")
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return cleaned


@cache
def action_form(action: str) -> type[ActionForm]:
    """The page form of ``action``: its schema's fields, the note (required where the action
    needs one, asking for what it needs), the version the user saw, and photos where it takes
    them."""
    schema = actions.SCHEMAS[actions.Action(action)]
    fields: dict[str, forms.Field] = {n: form_field(schema, n) for n in actions.asked(schema)}
    note_messages: dict[str, typing.Any] = (
        {"required": schema.needs_note} if schema.needs_note else {}
    )
    fields["note"] = forms.CharField(
        label=_("Note"),
        max_length=actions.NOTE_MAX,
        required=schema.needs_note is not None,
        error_messages=note_messages,
    )
    fields["version"] = forms.IntegerField(
        label=_("Version"), min_value=0, max_value=actions.MAX_ID, required=False
    )
    fields["photos"] = PhotosField(label=_("Photos"), required=False)
    attrs = {"schema": schema, **fields}
    form_class: type = type(ActionForm)  # Django's metaclass: it gathers the fields
    return typing.cast(type[ActionForm], form_class(f"{schema.__name__}Form", (ActionForm,), attrs))


def page_fields(action: str) -> list[str]:
    """What the case page's form of ``action`` shows beside the note (the template's names)."""
    schema = actions.SCHEMAS[actions.Action(action)]
    return [*actions.asked(schema), *(["photos"] if schema.takes_photos else [])]


class BulkForm(forms.Form):
    """The cases ticked on a queue, the note for all, and the version of each the user saw
    (``version-<id>``)."""

    MAX = 100
    ids = IdListField(label=_("Cases"), required=True)
    note = forms.CharField(label=_("Note"), max_length=actions.NOTE_MAX, required=False)
    next = forms.CharField(max_length=2000, required=False)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["ids"].error_messages["required"] = _("Tick the cases first.")
        ticked = data.getlist("ids") if hasattr(data, "getlist") else []
        for raw in ticked:
            if str(raw).isdigit():
                self.fields[f"version-{raw}"] = forms.IntegerField(
                    min_value=0, max_value=actions.MAX_ID, required=False
                )

    def clean_ids(self) -> list[int]:
        ids = list(dict.fromkeys(self.cleaned_data["ids"]))
        if len(ids) > self.MAX:
            raise ValidationError(
                _("At most %(n)s cases at a time."), code="max_value", params={"n": self.MAX}
            )
        return ids

    def version(self, case_id: int) -> int | None:
        return self.cleaned_data.get(f"version-{case_id}")

    def back(self) -> str | None:
        """Where to go back to: a case page or a list, never another site."""
        back = self.cleaned_data.get("next") or ""
        return back if back.startswith("/cases/") else None


@cache
def call_back_form() -> type[ActionForm]:
    """The callback's page form: the callback's own fields and note, with the rating (and
    whether the problem was solved) the reporter gives on the same call — optional, asked in
    the same words as the rating's own form."""
    base = action_form(actions.Action.CALL_BACK)
    rate = actions.Rate
    extra = {name: form_field(rate, name) for name in ("rating", "resolved")}
    for f in extra.values():
        f.required = False
    form_class: type = type(base)
    return typing.cast(type[ActionForm], form_class("CallBackWithRatingForm", (base,), extra))
