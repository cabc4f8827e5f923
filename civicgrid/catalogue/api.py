"""API: the catalogue — classes with their rules and questions, and the hotline's class search."""

from django.http import Http404
from ninja import Router, Schema
from pydantic import Field

from . import selectors
from .models import CaseClass

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
    duplicate_radius_m: int
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
    found = (
        CaseClass.objects.select_related("major")
        .prefetch_related("questions")
        .filter(code=code.upper())
        .first()
    )
    if found is None:
        raise Http404
    return found
