"""The catalogue as Open311 services: every class the public may report is a service."""

from __future__ import annotations

from django.db.models import Max

from civicgrid.catalogue.models import CaseClass, ClassQuestion
from civicgrid.catalogue.selectors import ACTIVE_CLASSES


def service(case_class: CaseClass) -> dict:
    return {
        "service_code": case_class.code,
        "service_name": case_class.label,
        "description": case_class.description or case_class.registration_condition,
        "metadata": bool(case_class.questions.all()),
        "type": case_class.service_type,
        "keywords": ", ".join(k for k in case_class.keywords.replace("，", ",").split(",") if k),
        "group": case_class.major.label,
    }


def service_list() -> list[dict]:
    """Every public class, from the process's catalogue cache (no query once it is built)."""
    active = ACTIVE_CLASSES.get()
    public = [c for c in active.values() if c.public]
    public.sort(key=lambda c: (c.major.order, c.major.code, c.code))
    return [service(c) for c in public]


_rendered: dict = {}


def service_document(fmt: str, language: str, render) -> bytes:
    """The services document as bytes, rendered once per catalogue version, language and
    format (clients fetch it often; it changes when an administrator edits the catalogue)."""
    active = ACTIVE_CLASSES.get()
    key = (fmt, language)
    held = _rendered.get(key)
    if held is None or held[0] is not active:
        held = (active, render(service_list()))
        _rendered[key] = held
    return held[1]


def definition(case_class: CaseClass) -> dict:
    """The class's extra questions as Open311 attributes."""
    return {
        "service_code": case_class.code,
        "attributes": [
            {
                "variable": True,
                "code": q.code,
                "datatype": q.datatype,
                "required": q.required,
                "datatype_description": q.description or None,
                "order": position,
                "description": q.text,
                "values": [{"key": key, "name": name} for key, name in q.choice_names()],
            }
            for position, q in enumerate(case_class.questions.all(), start=1)
        ],
    }


def changeset():
    """When the services last changed: the latest edit of a class or a question."""
    moments = [
        CaseClass.objects.aggregate(at=Max("updated_at"))["at"],
        ClassQuestion.objects.aggregate(at=Max("updated_at"))["at"],
    ]
    return max((m for m in moments if m), default=None)
