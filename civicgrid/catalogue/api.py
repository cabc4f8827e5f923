"""API: the catalogue — classes with their rules and questions, and the hotline's class search;
for administrators of the district, local classes, rule changes, retirement and questions."""

from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.core.api.schemas import given
from civicgrid.core.client import client_address
from civicgrid.core.errors import DomainError, ErrorCode, NotPermitted
from civicgrid.core.working_time import TimeUnit

from . import selectors, services
from .choices import Priority, QuestionType, ServiceType
from .models import CaseClass, ClassQuestion, MajorClass

router = Router(tags=["catalogue"])


class QuestionOut(Schema):
    code: str
    label: str
    label_en: str
    description: str
    datatype: str = Field(
        ..., description="string, number, datetime, text, singlevaluelist, multivaluelist"
    )
    required: bool
    order: int
    choices: list[dict]


class ClassOut(Schema):
    code: str
    kind: str
    name: str
    name_en: str
    major_code: str = Field(..., alias="major.code")
    major_name: str = Field(..., alias="major.name")
    initials: str
    sign_limit: float
    sign_unit: str
    handle_limit: float
    handle_unit: str
    check_limit: float
    check_unit: str
    priority: str
    evidence_required: bool
    anonymous_allowed: bool
    self_handle_allowed: bool
    answerable: bool
    duplicate_radius_m: int
    public: bool
    service_type: str
    keywords: str
    local: bool
    active: bool


class ClassDetailOut(ClassOut):
    registration_condition: str
    closing_condition: str
    description: str
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return list(obj.questions.all())


@router.get(
    "/classes",
    response=list[ClassOut],
    summary="Classes, or a search by code, characters or pinyin initials",
)
def class_list(request, q: str = "", kind: str = "", major: str = "", limit: int = 50):
    limit = max(1, min(limit, 500))
    if q:
        return selectors.class_search(q, kind=kind, limit=limit)
    return list(
        selectors.class_list(kind=kind, major=major)[:limit]
        if limit < 500
        else selectors.class_list(kind=kind, major=major)
    )


@router.get(
    "/classes/{code}", response=ClassDetailOut, summary="One class with its rules and questions"
)
def class_detail(request, code: str):
    return _class(code)


def _class(code: str) -> CaseClass:
    found = (
        CaseClass.objects.select_related("major")
        .prefetch_related("questions")
        .filter(code=code.upper())
        .first()
    )
    if found is None:
        raise Http404
    return found


def _rules_admin(user) -> None:
    if not permissions.can_manage_rules(user):
        raise NotPermitted(_("Only the district's administrators change the catalogue."))


Limit = Field(None, gt=0, max_digits=6, decimal_places=2)


class ClassPatch(Schema):
    """Any of a class's rules; what is left out stays as it is."""

    name: str | None = Field(None, min_length=1, max_length=100, examples=["共享单车乱停放"])
    name_en: str | None = Field(None, max_length=200, examples=["Shared bikes parked badly"])
    description: str | None = Field(None, max_length=4000)
    keywords: str | None = Field(None, max_length=200)
    registration_condition: str | None = Field(None, max_length=4000)
    closing_condition: str | None = Field(None, max_length=4000)
    sign_limit: Decimal | None = Limit
    sign_unit: TimeUnit | None = None
    handle_limit: Decimal | None = Limit
    handle_unit: TimeUnit | None = None
    check_limit: Decimal | None = Limit
    check_unit: TimeUnit | None = None
    priority: Priority | None = None
    evidence_required: bool | None = None
    anonymous_allowed: bool | None = None
    self_handle_allowed: bool | None = None
    answerable: bool | None = None
    duplicate_radius_m: int | None = Field(None, ge=0, le=10000)
    public: bool | None = None
    service_type: ServiceType | None = None


class ClassIn(ClassPatch):
    major_code: str = Field(..., min_length=2, max_length=2, examples=["01"])
    name: str = Field(..., min_length=1, max_length=100, examples=["共享单车乱停放"])
    sign_limit: Decimal = Field(..., gt=0, max_digits=6, decimal_places=2, examples=["2"])
    handle_limit: Decimal = Field(..., gt=0, max_digits=6, decimal_places=2, examples=["3"])
    check_limit: Decimal = Field(..., gt=0, max_digits=6, decimal_places=2, examples=["4"])


@router.post(
    "/classes",
    response={201: ClassDetailOut},
    summary="Add a local class to a major class (the next free code counting down from 999)",
)
def class_create(request, payload: ClassIn):
    _rules_admin(request.auth)
    major = MajorClass.objects.filter(code=payload.major_code.upper()).first()
    if major is None:
        raise DomainError(
            _("No major class “%(code)s”.") % {"code": payload.major_code}, field="major_code"
        )
    fields = given(payload, without=("major_code", "name"))
    made = services.class_create_local(major=major, name=payload.name, **fields, **_who(request))
    return Status(201, _class(made.code))


@router.patch("/classes/{code}", response=ClassDetailOut, summary="Change a class's rules")
def class_update(request, code: str, payload: ClassPatch):
    _rules_admin(request.auth)
    services.class_update(case_class=_class(code), **given(payload), **_who(request))
    return _class(code)


@router.delete(
    "/classes/{code}",
    response={204: None},
    summary="Retire a class: no new cases; its code is never given again",
)
def class_retire(request, code: str):
    _rules_admin(request.auth)
    services.class_retire(case_class=_class(code), **_who(request))
    return Status(204, None)


class ChoiceIn(Schema):
    key: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=100)
    name_en: str = Field("", max_length=100)


class QuestionIn(Schema):
    code: str = Field(
        ..., min_length=1, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$", examples=["bikes"]
    )
    label: str = Field(..., min_length=1, max_length=200, examples=["有几辆车？"])
    label_en: str = Field("", max_length=200)
    description: str = Field("", max_length=300)
    datatype: QuestionType
    required: bool = False
    order: int | None = Field(None, ge=0, le=1000, description="last when left out")
    choices: list[ChoiceIn] = Field(default_factory=list, max_length=100)


@router.post(
    "/classes/{code}/questions",
    response={201: QuestionOut},
    summary="Add an extra question that every channel asks",
)
def question_add(request, code: str, payload: QuestionIn):
    _rules_admin(request.auth)
    case_class = _class(code)
    if case_class.questions.filter(code=payload.code).exists():
        raise DomainError(
            _("This class already has a question with this code."),
            code=ErrorCode.DUPLICATE,
            field="code",
        )
    fields = payload.dict(exclude_none=True)
    fields["choices"] = [c.dict() for c in payload.choices]
    return Status(201, services.question_add(case_class=case_class, **fields, **_who(request)))


@router.delete(
    "/classes/{code}/questions/{question_code}",
    response={204: None},
    summary="Stop asking a question (answers already given stay on their cases)",
)
def question_remove(request, code: str, question_code: str):
    _rules_admin(request.auth)
    question = get_object_or_404(ClassQuestion, case_class=_class(code), code=question_code)
    services.question_remove(question=question, **_who(request))
    return Status(204, None)


def _who(request) -> dict:
    """The actor and address every change of the catalogue is audited with."""
    return {"actor": request.auth, "address": client_address(request)}
