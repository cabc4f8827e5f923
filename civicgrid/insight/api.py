"""API: the class suggestion for a text (what a caller says, what a resident writes): the three
likeliest classes with their confidence, to be confirmed by whoever records the case."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from civicgrid.core.api.schemas import ErrorOut
from civicgrid.core.errors import TooManyAttempts

from .classifier import MAX_TEXT
from .views import LIMIT, suggested_for

router = Router(tags=["cases"])


class ClassSuggestParams(Schema):
    text: str = Field(..., max_length=MAX_TEXT, description="what the caller says or the "
                                                             "resident writes")  # fmt: skip


class ClassSuggestionOut(Schema):
    code: str
    name: str
    confidence: float = Field(..., description="0–1, the model's probability")


@router.get("/class-suggestions", response={200: list[ClassSuggestionOut], 429: ErrorOut},
            summary="Suggest a case's class from its words")  # fmt: skip
def class_suggestions(request, params: Query[ClassSuggestParams]):
    if not LIMIT.hit(f"user:{request.auth.pk}"):
        raise TooManyAttempts(_("Too many requests: wait a little."))
    return [
        {"code": s.case_class.code, "name": s.case_class.name,
         "confidence": round(s.confidence, 4)}
        for s in suggested_for(request.auth, params.text)
    ]  # fmt: skip
