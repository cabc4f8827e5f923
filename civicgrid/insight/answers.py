"""Consultations answered on the spot from the knowledge base (issue #21 §2: a consultation
answered from an article is closed on the spot and counted).

The operator finds the article while the caller is on the line and records the call as answered
from it — at intake (the case is recorded and closed at once) or on a consultation just recorded
(the case's ``answer`` action). The cases cite the article through ``cite``, registered with them
when the app is ready: it checks the reference names an article in use that the person may read,
and records which article, in which version, answered which case, in the action's transaction.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from civicgrid.cases.services.sources import Cited
from civicgrid.core.errors import DomainError, ErrorCode

from .knowledge import may_read
from .knowledge_models import Article, SpotAnswer

REFERENCE = re.compile(r"(?:KB-?)?(\d{1,18})", re.IGNORECASE)


def article_of(reference: str) -> Article | None:
    """The article in use a reference names (KB-12, kb12 or 12), None for any other text."""
    found = REFERENCE.fullmatch((reference or "").strip())
    if found is None:
        return None
    return Article.objects.filter(pk=int(found[1]), active=True).first()


def cite(*, case, actor, reference: str, now) -> Cited:
    article = article_of(reference) if may_read(actor) else None
    if article is None:
        raise DomainError(
            _("Give the number of an article in use (KB-12)."),
            code=ErrorCode.INVALID,
            field="article",
        )
    SpotAnswer.objects.create(
        case=case, article=article, version=article.version, answered_by=actor, at=now
    )
    return Cited(
        data={
            "article": article.code,
            "article_id": article.pk,
            "article_title": article.title,
            "article_version": article.version,
        },
        answer=article.answer,
    )
