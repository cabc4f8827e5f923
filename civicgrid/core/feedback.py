"""What a page tells the user when the domain refuses a form: the message, naming the field by
its label (the model field's verbose name, translated), never by its key ("address",
"answers.volume"). A key no model field carries is left out: the message says enough."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.contrib import messages

from civicgrid.core.errors import DomainError


@cache
def _labels() -> dict[str, object]:
    """Each field name of the project's models → its verbose name (lazy, so translated when
    shown). Where models share a name, the first app's label stands: they mean the same."""
    out: dict[str, object] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("civicgrid."):
            continue
        for f in model._meta.get_fields():
            verbose = getattr(f, "verbose_name", None)
            if verbose and not getattr(f, "auto_created", False):
                out.setdefault(f.name, verbose)
    return out


def field_label(field: str | None) -> str:
    """The label of a refused field ("answers.volume" → the answers' label), or ""."""
    if not field:
        return ""
    key = str(field).split(".", 1)[0].removesuffix("_id")
    label = _labels().get(key)
    return str(label) if label else ""


def explained(exc: DomainError) -> str:
    """The message, after the field's label when it has one: "地址：……"."""
    label = field_label(exc.field)
    return f"{label}: {exc.message}" if label else str(exc.message)


def refused(request, exc: DomainError) -> None:
    messages.error(request, explained(exc))


def form_errors(form) -> list[str]:
    """A bound form's errors as the user reads them: "标题: 这个字段是必填项。", each named by the
    field's label (its key only when the form gives it none); errors of the whole form alone."""
    out = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else field_label(name)
        for message in errors:
            out.append(f"{label}: {message}" if name != "__all__" and label else str(message))
    return out


def form_refused(request, form) -> None:
    """Tell the user why the form was refused, one message per error, naming the field."""
    for text in form_errors(form):
        messages.error(request, text)
