"""What every page's forms share: a field typed once from its model field, a choice limited to
what the user may pick, which of a page's forms was sent, and a page of several forms acting on
the one sent (``run_action``) and showing it again as typed when refused (``kept_or``)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib import messages
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

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


class Styled(forms.Form):
    """A form whose widgets carry the design system's classes (rendered by web/_fields.html)."""

    # keyword → choice field: ``Form(data, members=qs)`` offers in ``member`` only the rows of
    # ``qs`` (``limit``); a keyword not given leaves the field's own (empty) choices
    limited: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        rows = {k: kwargs.pop(k, None) for k in self.limited}
        super().__init__(*args, **kwargs)
        for keyword, name in self.limited.items():
            if rows[keyword] is not None:
                limit(self, name, rows[keyword])
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css
            if isinstance(widget, forms.DateInput):
                # the browser's date picker reads and sends ISO dates, whatever the language
                widget.input_type, widget.format = "date", "%Y-%m-%d"
            if isinstance(widget, forms.Textarea):
                widget.attrs["rows"] = 3

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        """Fields refused show as such (Bootstrap's is-invalid, aria-invalid)."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


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


# a page's action: the form it sends and what acts on its values (the user, the page's subject,
# the form's cleaned data)
Action = tuple[Callable[..., forms.Form], Callable[[Any, Any, dict[str, Any]], object]]


@dataclass
class Sent:
    """What a page's POST did: ``done`` (what the service made) or the refused form, bound to what
    was typed, to show again with its errors."""

    done: Any = None
    action: str = ""
    form: forms.Form | None = None

    def again(self, action: str) -> forms.Form | None:
        return self.form if self.action == action else None


def run_action(
    request: HttpRequest,
    actions: dict[str, Action],
    subject: Any,
    limits: dict[str, dict[str, Any]],
) -> Sent:
    """The form the page sent (its ``action``), acted on; each form's ids are its action's."""
    action = sent(request, actions)
    make, handler = actions[action]
    form = make(request.POST, request.FILES, auto_id=f"{action}_%s", **limits.get(action, {}))
    done = acted(request, form, lambda data: handler(request.user, subject, data))
    if done is not None:
        messages.success(request, _("Saved."))
    return Sent(done, action, form)


def kept_or(sent_: Sent | None, action: str, make: Callable[[], forms.Form]) -> forms.Form:
    """The refused form of ``action`` as it was typed, or a fresh one."""
    return (sent_.again(action) if sent_ else None) or make()


def shown(
    sent_: Sent | None, action: str, form_class: Callable[..., forms.Form],
    limits: dict[str, dict[str, Any]], **initial: Any,
) -> forms.Form:  # fmt: skip
    """The form of ``action`` to show: refused as typed, or fresh with ``initial`` — its ids and
    its choices as ``run_action`` gives them."""
    return kept_or(sent_, action, lambda: form_class(
        initial=initial, auto_id=f"{action}_%s", **limits.get(action, {})))  # fmt: skip


def year_asked(request: HttpRequest) -> int:
    """The year a page is asked for (``?year=``, 2000–2100), this year otherwise."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
