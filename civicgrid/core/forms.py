"""What every page's forms share: a field typed once from its model field, a choice limited to
what the user may pick, and which of a page's forms was sent."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from .errors import DomainError
from .feedback import form_refused, refused

T = TypeVar("T")

PHONE = 20  # characters of a phone number as people type it


def model_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field of ``model.name``, carrying the model field's own validators (a grade's
    1–5, a number's floor) besides its label, length and choices."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    made = field.formfield(**kwargs)
    assert made is not None
    # the validators written on the model field itself; those its type implies (length, the
    # database's integer range) the form field already has
    made.validators = [*made.validators, *(v for v in field.validators if v not in made.validators)]
    return made


def limit(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """Offer in the choice field ``name`` only the rows of ``queryset``."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ActionForm(forms.Form):
    """Which of a page's forms was sent (its hidden ``action``)."""

    action = forms.ChoiceField(choices=())

    def __init__(self, *args: Any, actions: Collection[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(a, a) for a in actions]


def sent(request: HttpRequest, actions: Collection[str]) -> str:
    """The ``action`` a page's form names; an unknown one is no page of ours."""
    form = ActionForm(request.POST, actions=actions)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["action"]


def acted(request: HttpRequest, form: forms.Form, act: Callable[[dict[str, Any]], T]) -> T | None:
    """Run ``act`` on the form's typed values and return what it made; tell the user why when
    the form or the domain refuses (and nothing changes), and return None."""
    if not form.is_valid():
        form_refused(request, form)
        return None
    try:
        return act(form.cleaned_data)
    except DomainError as exc:
        field = (exc.field or "").split(".", 1)[0]
        if field in form.fields:
            # named by the form's own label, and shown on the field when the page shows the form
            # again with what was typed
            form.add_error(field, exc.message)
            form_refused(request, form)
        else:
            refused(request, exc)
        return None
