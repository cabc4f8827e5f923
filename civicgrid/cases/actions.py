"""Each case action's input, defined once, beside the table (``transitions.py``) and the effects
(``services/effects.py``).

One pydantic model per action says which fields the action takes, their types and ranges,
whether it needs a note (and what to ask for), and whether it takes photos. Everything reads it
here: the REST API's body of each action (``api.py``, and so the OpenAPI document), the case
page's form for each action (a Django form generated from the model, ``forms.py``), the service
(``case_transition`` validates what it is given with the same model, so the sweep's and the
portal's steps pass the same check) and the demo's history (which builds the same inputs).

What the model checks (presence, type, range, length) no effect checks again; the effects keep
the rules of the domain: a unit that is active and serves the case's place, a case number that
names an open case, a tier above the one the case is at.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from civicgrid.catalogue.choices import Priority
from civicgrid.core.errors import DomainError, ErrorCode

from .choices import Action, Rating
from .errors import CasesError

MAX_ID = 2**63 - 1  # the largest id the databases hold
NOTE_MAX = 4000
A_REASON = _("Give a reason.")
ACTIVE_UNIT = _("Choose an active unit.")


@dataclass(frozen=True)
class Ask:
    """How a field is asked for on a page (``label``) and refused anywhere: every refusal of the
    field says ``refused`` with ``code`` (``missing``: the code when it is not given at all).
    ``internal``: set by the platform's own steps (the sweep, the portal), never by a person, so
    neither a page nor the API offers it."""

    label: str | Promise = ""
    refused: str | Promise | None = None
    code: StrEnum = ErrorCode.INVALID
    missing: StrEnum | None = None
    internal: bool = False


UnitId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ActionInput(BaseModel):
    """The fields of one action. ``needs_note``: the note is required, and this asks for it;
    ``takes_photos``: the page offers photos (the API takes them with every action);
    ``whole_field``: the field named when the fields do not fit together."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    action: ClassVar[Action]
    needs_note: ClassVar[str | Promise | None] = None
    takes_photos: ClassVar[bool] = False
    whole_field: ClassVar[str] = "action"


NOT_A_POSITION = _("Not a position.")


class Position(ActionInput):
    """Where the supervisor stood (the browser's position), both coordinates or neither."""

    whole_field: ClassVar[str] = "lon"
    lon: Annotated[
        float | None,
        Field(None, ge=-180, le=180, allow_inf_nan=False, description="WGS84 longitude"),
        Ask(_("Longitude"), NOT_A_POSITION),
    ]
    lat: Annotated[
        float | None,
        Field(None, ge=-90, le=90, allow_inf_nan=False, description="WGS84 latitude"),
        Ask(_("Latitude"), NOT_A_POSITION),
    ]

    @model_validator(mode="after")
    def _both_or_neither(self):
        if (self.lon is None) != (self.lat is None):
            raise PydanticCustomError("position", str(NOT_A_POSITION))
        return self


class SendToVerify(ActionInput):
    action = Action.SEND_TO_VERIFY


class Verify(Position):
    action = Action.VERIFY
    takes_photos = True
    confirmed: Annotated[
        bool,
        Field(description="whether the problem was found on site"),
        Ask(
            _("Found on site?"), _("Say whether the problem was found on site."), ErrorCode.REQUIRED
        ),
    ]


class Register(ActionInput):
    action = Action.REGISTER
    case_class: Annotated[
        str | None,
        StringConstraints(strip_whitespace=True, max_length=5),
        Field(None, description="a class code, to correct the reported class"),
        Ask(_("Class code (to correct it)"), _("Unknown class."), CasesError.UNKNOWN_CLASS),
    ]
    priority: Annotated[
        Priority | None,
        Field(None, description="to change the class's priority"),
        Ask(_("Priority"), _("Unknown priority.")),
    ]


class Void(ActionInput):
    action = Action.VOID
    needs_note = _("Tell the reporter why the case is voided.")


class Merge(ActionInput):
    action = Action.MERGE
    into: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=24),
        Field(description="the number of the open case this one is merged into"),
        Ask(_("Case number to merge into"), _("Give the number of an open case to merge into.")),
    ]


class SelfHandle(ActionInput):
    action = Action.SELF_HANDLE
    takes_photos = True


class Answer(ActionInput):
    """A consultation answered while the caller is on the line: from a knowledge-base article
    (its answer is what the caller was told, unless the note says otherwise), or in the note."""

    action = Action.ANSWER
    article: Annotated[
        str | None,
        StringConstraints(strip_whitespace=True, max_length=24),
        Field(None, description="the knowledge-base article answered from (KB-12)"),
        Ask(_("Knowledge-base article"), _("Give the number of an article in use (KB-12).")),
    ]


class Dispatch(ActionInput):
    action = Action.DISPATCH
    unit: Annotated[
        UnitId | None,
        Field(None, description="the lead unit's id; without it, the suggested unit"),
        Ask(_("Unit"), ACTIVE_UNIT),
    ]
    cooperating: Annotated[
        list[UnitId],
        Field(default_factory=list, description="ids of cooperating units"),
        Ask(_("cooperating units"), ACTIVE_UNIT),
    ]


class Sign(ActionInput):
    action = Action.SIGN


class Return(ActionInput):
    action = Action.RETURN
    needs_note = _("Say why this is not your unit's duty.")


class RequestExtension(ActionInput):
    action = Action.REQUEST_EXTENSION
    needs_note = A_REASON
    hours: Annotated[
        Decimal,
        Field(gt=0, le=2000, decimal_places=2, allow_inf_nan=False, description="working hours"),
        Ask(
            _("Working hours needed"),
            _("Give the working hours needed."),
            missing=ErrorCode.REQUIRED,
        ),
    ]


class ApproveExtension(ActionInput):
    action = Action.APPROVE_EXTENSION


class RefuseExtension(ActionInput):
    action = Action.REFUSE_EXTENSION
    needs_note = A_REASON


class AddUnit(ActionInput):
    action = Action.ADD_UNIT
    unit: Annotated[
        UnitId, Field(description="the cooperating unit's id"), Ask(_("Unit"), ACTIVE_UNIT)
    ]


class RequestSuspension(ActionInput):
    action = Action.REQUEST_SUSPENSION
    needs_note = A_REASON


class ApproveSuspension(ActionInput):
    action = Action.APPROVE_SUSPENSION


class RefuseSuspension(ActionInput):
    action = Action.REFUSE_SUSPENSION
    needs_note = A_REASON


class Resume(ActionInput):
    action = Action.RESUME


class ReportHandled(ActionInput):
    action = Action.REPORT_HANDLED
    takes_photos = True


class SendCheck(ActionInput):
    action = Action.SEND_CHECK


class PassCheck(Position):
    action = Action.PASS_CHECK
    takes_photos = True


class FailCheck(Position):
    action = Action.FAIL_CHECK
    takes_photos = True
    needs_note = _("Say what is still wrong.")


class Close(ActionInput):
    action = Action.CLOSE


class CallBack(ActionInput):
    action = Action.CALL_BACK
    needs_note = _("Note what the reporter said.")
    reached: Annotated[
        bool,
        Field(True, description="whether the reporter was reached"),
        Ask(_("Reporter reached?"), _("Say yes or no.")),
    ]


class Rate(ActionInput):
    action = Action.RATE
    rating: Annotated[
        Rating,
        Field(description="satisfied, basic (basically satisfied) or dissatisfied"),
        Ask(_("Rating"), _("Choose satisfied, basically satisfied or dissatisfied.")),
    ]
    resolved: Annotated[
        bool | None,
        Field(None, description="whether the reporter says the problem was solved"),
        Ask(_("Was the problem solved?"), _("Say whether the problem was solved: yes or no.")),
    ]
    by: Annotated[Literal["reporter"] | None, Field(None), Ask(internal=True)]


class Reopen(ActionInput):
    action = Action.REOPEN
    needs_note = A_REASON


class Escalate(ActionInput):
    action = Action.ESCALATE
    needs_note = A_REASON
    to_tier: Annotated[
        Literal["community", "street", "district"],
        Field(description="a tier above the one the case is at"),
        Ask(_("Raise to"), _("Choose a tier above the one the case is at.")),
    ]
    unit: Annotated[
        UnitId | None,
        Field(None, description="the unit of that tier that takes the case over"),
        Ask(_("Unit"), ACTIVE_UNIT),
    ]
    rule: Annotated[UnitId | None, Field(None), Ask(internal=True)]  # the sweep's rule


class Supervise(ActionInput):
    action = Action.SUPERVISE
    needs_note = _("Write the supervision instruction.")


class PublishPhotos(ActionInput):
    action = Action.PUBLISH_PHOTOS
    shown: Annotated[
        list[UnitId],
        Field(default_factory=list, description="ids of the photos the public sees from now on"),
        Ask(
            _("Photos the public sees (check for faces, number plates and documents first)"),
            _("Give the ids of the photos to show."),
        ),
    ]


SCHEMAS: dict[Action, type[ActionInput]] = {
    schema.action: schema
    for schema in (
        SendToVerify, Verify, Register, Void, Merge, SelfHandle, Answer, Dispatch, Sign, Return,
        RequestExtension, ApproveExtension, RefuseExtension, AddUnit, RequestSuspension,
        ApproveSuspension, RefuseSuspension, Resume, ReportHandled, SendCheck, PassCheck,
        FailCheck, Close, CallBack, Rate, Reopen, Escalate, Supervise, PublishPhotos,
    )
}  # fmt: skip


def ask(schema: type[ActionInput], name: str) -> Ask:
    """The ``Ask`` of a field (an empty one when the field has none)."""
    field = schema.model_fields.get(name)
    found = [m for m in field.metadata if isinstance(m, Ask)] if field else []
    return found[0] if found else Ask()


def asked(schema: type[ActionInput]) -> list[str]:
    """The fields a person gives (pages and the API): all but the internal ones."""
    return [name for name in schema.model_fields if not ask(schema, name).internal]


def list_fields(schema: type[ActionInput]) -> set[str]:
    """The fields that take several values (repeated form fields, or one comma-separated)."""
    return {
        name
        for name, field in schema.model_fields.items()
        if getattr(field.annotation, "__origin__", None) is list
    }


def _given(schema: type[ActionInput], data: Any) -> dict:
    """The values given: an empty one is not given; several values in one text, split."""
    if isinstance(data, BaseModel):
        data = dict(data)
    several = list_fields(schema)
    out = {}
    for name, value in dict(data or {}).items():
        if value is None or value == "":
            continue
        if name in several and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        out[name] = value
    return out


def refusal(schema: type[ActionInput], exc: ValidationError) -> DomainError:
    """The first problem of ``exc`` as the domain reports it: naming the field, with the
    field's own message and code."""
    first = exc.errors(include_url=False)[0]
    loc = first.get("loc") or ()
    name = str(loc[0]) if loc else schema.whole_field
    field_ask = ask(schema, name)
    missing = first.get("type") == "missing"
    code = (field_ask.missing or field_ask.code) if missing else field_ask.code
    return DomainError(str(field_ask.refused or first.get("msg")), code=code, field=name)


def parse(action: str, data: Any = None) -> ActionInput:
    """The typed input of ``action`` from ``data`` (a mapping of its fields, or the input
    itself), or a ``DomainError`` naming the first field at fault."""
    schema = SCHEMAS[Action(action)]
    if isinstance(data, schema):
        return data
    try:
        return schema.model_validate(_given(schema, data))
    except ValidationError as exc:
        raise refusal(schema, exc) from None


def require_note(action: str, note: str) -> None:
    """Refuse an empty note where the action needs one, asking for what it needs."""
    message = SCHEMAS[Action(action)].needs_note
    if message is not None and not note.strip():
        raise DomainError(str(message), code=ErrorCode.REQUIRED, field="note")
