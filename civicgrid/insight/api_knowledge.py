"""API: the knowledge base, for staff clients (an operator's console, a hotline's system):
search it as the caller speaks, read an article. Keeping articles is done on the pages."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from . import knowledge
from .knowledge_models import Article

router = Router(tags=["cases"])


class ArticleOut(Schema):
    id: int
    code: str = Field(..., description="KB-<id>")
    title: str
    answer: str
    responsible: str
    resident_can: str
    classes: list[str]
    items: list[str]
    owner: str
    review_by: dt.date
    version: int


def _out(a: Article) -> dict:
    return {
        "id": a.pk, "code": a.code, "title": a.title, "answer": a.answer,
        "responsible": a.responsible, "resident_can": a.resident_can,
        "classes": [c.code for c in a.classes.all()], "items": [i.code for i in a.items.all()],
        "owner": a.owner.code, "review_by": a.review_by, "version": a.version,
    }  # fmt: skip


class SearchParams(Schema):
    q: str = Field(..., max_length=knowledge.MAX_QUERY, description="what the caller asks")
    limit: int = Field(10, ge=1, le=30)


def _reader(request) -> None:
    if not knowledge.may_read(request.auth):
        raise Http404


@router.get("/knowledge-articles", response=list[ArticleOut],
            summary="Search the knowledge base")  # fmt: skip
def article_search(request, params: Query[SearchParams]):
    _reader(request)
    found = knowledge.search(params.q, limit=params.limit)
    rows = Article.objects.filter(pk__in=[a.pk for a in found]).select_related("owner")
    by_pk = {a.pk: a for a in rows.prefetch_related("classes", "items")}
    return [_out(by_pk[a.pk]) for a in found if a.pk in by_pk]


@router.get("/knowledge-articles/{article_id}", response=ArticleOut,
            summary="One knowledge article")  # fmt: skip
def article_get(request, article_id: int):
    _reader(request)
    return _out(get_object_or_404(Article.objects.select_related("owner"), pk=article_id))
