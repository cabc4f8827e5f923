"""The REST API's body of each case action, made from the action's schema (``actions.py``).

Each action is its own operation, ``POST /cases/{case_id}/actions/<action>``, whose form body
(``multipart/form-data`` or url-encoded, so that photos travel with it) carries the action's
fields by name, typed as the schema types them, beside ``note``, ``expected_version`` and
``photos``. The OpenAPI document marks required what the action needs (the note included).

Clients written before the fields had names send them as one JSON object in ``data``; that still
works, and a field sent on its own wins. So that such a request is not refused before it reaches
the service, the body itself requires nothing: the service checks the whole input with the same
schema and refuses what is missing (400, naming the field, as it always did).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, cast

from ninja import Schema
from pydantic import ConfigDict, Field
from pydantic.fields import FieldInfo

from civicgrid.core.errors import DomainError, ErrorCode

from . import actions, transitions
from .actions import ActionInput


def _document(definition: dict, model: type) -> None:
    """The fields the action needs are required in the document (see the module's note)."""
    needed = getattr(model, "documented_required", ())
    if needed:
        definition["required"] = sorted({*definition.get("required", []), *needed})


class ActionBody(Schema):
    """What every action's body takes beside the action's own fields."""

    model_config = ConfigDict(json_schema_extra=_document)
    documented_required: ClassVar[tuple[str, ...]] = ()

    note: str = Field(
        "",
        description="why, or what was done; at most 4,000 characters",
        examples=["已联系责任单位"],
        json_schema_extra={"maxLength": actions.NOTE_MAX},
    )
    expected_version: int | None = Field(None, description="the version you saw; 409 if changed")
    data: str = Field(
        "",
        description="the older way to send the action's fields: one JSON object of them "
        '(e.g. {"unit": 12}); a field sent on its own wins',
    )


def _camel(action: str) -> str:
    return "".join(part.title() for part in action.split("_"))


def _not_null(prop: dict) -> None:
    """Document a field the body takes as absent (``None``) as the schema types it."""
    branches = [b for b in prop.pop("anyOf", []) if b.get("type") != "null"]
    if len(branches) == 1:
        prop.update(branches[0])
    elif branches:
        prop["anyOf"] = branches
    prop.pop("default", None)


def _lenient(info: FieldInfo) -> tuple[Any, FieldInfo]:
    """The field as the body takes it: typed and ranged as in the schema, but not required."""
    if info.is_required():
        lenient = FieldInfo.merge_field_infos(info, default=None, json_schema_extra=_not_null)
        annotation: Any = info.annotation
        return annotation | None, lenient
    return info.annotation, info


def action_body(action: str) -> type[ActionBody]:
    """The body model of ``action``'s operation (named ``Case<Action>In`` in the document)."""
    schema: type[ActionInput] = actions.SCHEMAS[actions.Action(action)]
    asked = actions.asked(schema)
    required = [n for n in asked if schema.model_fields[n].is_required()]
    if schema.needs_note is not None:
        required.append("note")

    fields = {name: _lenient(schema.model_fields[name]) for name in asked}
    namespace = {
        "__module__": __name__,
        "__annotations__": {name: annotation for name, (annotation, _i) in fields.items()},
        **{name: info for name, (_a, info) in fields.items()},
        "documented_required": tuple(required),
    }
    schema_class: type = type(ActionBody)  # pydantic's metaclass: it builds the fields
    return cast(type[ActionBody], schema_class(f"Case{_camel(action)}In", (ActionBody,), namespace))


def given(action: str, body: ActionBody) -> dict:
    """The action's fields from the body: those sent on their own, over those in ``data``
    (without the fields only the platform sets)."""
    asked = set(actions.asked(actions.SCHEMAS[actions.Action(action)]))
    older = {k: v for k, v in json_object(body.data, "data").items() if k in asked}
    sent = {name: getattr(body, name) for name in body.model_fields_set & asked}
    return {**older, **sent}


def json_object(value: str, field: str) -> dict:
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        raise DomainError("Not valid JSON.", code=ErrorCode.INVALID, field=field) from None
    if not isinstance(parsed, dict):
        raise DomainError("Give a JSON object.", code=ErrorCode.INVALID, field=field)
    return parsed


def summary(action: str) -> str:
    """``dispatch: registered → dispatched``, from the table."""
    moves = [(s, t) for (s, a), t in transitions.TRANSITIONS.items() if a == action]
    targets = {t for _s, t in moves}
    sources = ", ".join(sorted({str(s) for s, _t in moves}))
    if all(s == t for s, t in moves):
        return f"{action} (keeps the state: {sources})" if len(moves) < 4 else f"{action}"
    return f"{action}: {sources} → {', '.join(sorted(str(t) for t in targets))}"


def description(action: str) -> str:
    schema = actions.SCHEMAS[actions.Action(action)]
    roles = ", ".join(sorted(str(r) for r in transitions.ROLES[actions.Action(action)]))
    lines = [f"Who: {roles} (for this case)."]
    if schema.needs_note is not None:
        lines.append("A `note` is required.")
    if schema.takes_photos:
        lines.append("Takes `photos` (required as evidence for classes that need it).")
    lines.append(
        "Answers the case as the caller now sees it; when the action ends the caller's access "
        "(a handler returning a case), answers where the case went (`visible`: false)."
    )
    return " ".join(lines)
