"""Answers to a class's extra questions, checked the same way whatever the channel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from civicgrid.core.errors import DomainError

from .choices import QuestionType
from .errors import CatalogueError


def _error(code: str, message: str) -> DomainError:
    return DomainError(message, code=CatalogueError.INVALID_ANSWER, field=f"answers.{code}")


def clean_answers(case_class, answers: dict | None) -> dict:
    """Validated answers keyed by question code; raises naming the first bad one.

    Numbers become numbers, datetimes ISO 8601 strings, multiple choices lists of keys.
    """
    answers = dict(answers or {})
    questions = {q.code: q for q in case_class.questions.all()}
    for code in answers:
        if code not in questions:
            raise _error(code, _("This class has no question %(code)s.") % {"code": code})
    cleaned = {}
    for code, q in questions.items():
        value = answers.get(code)
        empty = value is None or value == "" or value == []
        if empty:
            if q.required:
                raise _error(code, _("An answer to “%(q)s” is required.") % {"q": q.text})
            continue
        cleaned[code] = _clean_one(q, value)
    return cleaned


def _clean_one(q, value):
    kind = q.datatype
    if kind == QuestionType.NUMBER:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise _error(q.code, _("“%(q)s” needs a number.") % {"q": q.text}) from None
        if not number.is_finite():
            raise _error(q.code, _("“%(q)s” needs a number.") % {"q": q.text})
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == QuestionType.DATETIME:
        try:
            return dt.datetime.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise _error(
                q.code, _("“%(q)s” needs a date and time like 2026-11-23T09:30.") % {"q": q.text}
            ) from None
    if kind == QuestionType.SINGLE:
        if isinstance(value, list):
            if len(value) != 1:
                raise _error(q.code, _("Choose one answer for “%(q)s”.") % {"q": q.text})
            value = value[0]
        if str(value) not in q.choice_keys():
            raise _error(
                q.code, _("“%(v)s” is not a choice of “%(q)s”.") % {"v": value, "q": q.text}
            )
        return str(value)
    if kind == QuestionType.MULTI:
        values = value if isinstance(value, list) else [value]
        for v in values:
            if str(v) not in q.choice_keys():
                raise _error(
                    q.code, _("“%(v)s” is not a choice of “%(q)s”.") % {"v": v, "q": q.text}
                )
        return sorted({str(v) for v in values}, key=q.choice_keys().index)
    text = str(value).strip()
    limit = 200 if kind == QuestionType.STRING else 4000
    if len(text) > limit:
        raise _error(
            q.code, _("“%(q)s” is longer than %(n)s characters.") % {"q": q.text, "n": limit}
        )
    return text
