"""The class suggestion, on this district's data (``classifier.py`` says how it reads).

- ``retrain``: a model from the catalogue's words for each active class (with the report texts
  shipped for the commonest classes) and the descriptions of
  the district's latest classified cases (``CIVICGRID_SUGGEST_CASES``, the voided left out: their
  class was never confirmed), stored signed; the periodic task runs it every night, so the
  suggestion improves as cases are classified. The newest model is the one asked; the last
  three are kept.
- ``suggest``: the three likeliest active classes for a text, with their confidence, or nothing
  before the first training.
- ``record``: once a case is recorded from words, the suggestion for its description, the class
  chosen and whether it was the first suggestion (taken) or among the three.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civicgrid.cases.choices import State
from civicgrid.cases.models import Case
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.stamped import StampedCache

from . import classifier, corpus
from .models import ClassModel, Suggestion

log = logging.getLogger(__name__)
KEPT = 3


def _key() -> bytes:
    return hashlib.sha256(f"civicgrid.insight.model:{settings.SECRET_KEY}".encode()).digest()


def _newest() -> tuple[int, classifier.Model] | None:
    row = ClassModel.objects.order_by("-trained_at", "-id").first()
    if row is None:
        return None
    try:
        return row.pk, classifier.load(bytes(row.blob), row.signature, _key())
    except classifier.SignatureError:
        log.error("class suggestion model %s does not carry this server's signature", row.pk)
        return None


MODEL = StampedCache("insight:model", _newest)


def catalogue_documents() -> list[tuple[str, str]]:
    """What the catalogue says of each active class: its name (with its major class), its
    description, keywords and questions, and its English name; and the report texts shipped
    with civicgrid for the commonest classes (``corpus``), so that a district without cases
    yet gets useful suggestions from its first day."""
    docs: list[tuple[str, str]] = []
    classes = CaseClass.objects.filter(active=True).select_related("major")
    for c in classes.prefetch_related("questions"):
        docs.append((c.code, f"{c.name} {c.major.name}"))
        extra = " ".join(
            filter(None, [c.description, c.keywords, c.name_en,
                          *(q.label for q in c.questions.all())])
        )  # fmt: skip
        if extra.strip():
            docs.append((c.code, extra))
    active = {code for code, _text in docs}
    docs += [(code, text) for code, texts in corpus.phrases("train").items() if code in active
             for text in texts]  # fmt: skip
    return docs


def case_documents(limit: int) -> list[tuple[str, str]]:
    rows = (
        Case.objects.filter(case_class__active=True)
        .exclude(description="")
        .exclude(state=State.VOIDED)
        .order_by("-id")
        .values_list("case_class__code", "description")[:limit]
    )
    return list(rows)


def retrain(now: dt.datetime | None = None) -> ClassModel:
    """Train on the catalogue and the latest classified cases (outside any transaction: it
    takes minutes at 50,000 cases); the new model, written at once, is the one asked."""
    now = now or timezone.now()
    started = time.monotonic()
    cases = case_documents(settings.CIVICGRID_SUGGEST_CASES)
    docs = catalogue_documents() + cases
    model = classifier.train(docs)
    blob, signature = classifier.dump(model, _key())
    with transaction.atomic():
        return _stored(model, blob, signature, len(cases), now, time.monotonic() - started)


def _stored(model, blob: bytes, signature: str, cases: int, now: dt.datetime,
            seconds: float) -> ClassModel:  # fmt: skip
    row = ClassModel.objects.create(
        trained_at=now, documents=model.samples, cases=cases, classes=len(model.classes),
        seconds=round(seconds, 2), blob=blob, signature=signature,
    )  # fmt: skip
    old = ClassModel.objects.order_by("-trained_at", "-id").values_list("pk", flat=True)[KEPT:]
    ClassModel.objects.filter(pk__in=list(old)).delete()
    MODEL.changed()
    return row


@dataclass(frozen=True)
class Suggested:
    case_class: CaseClass
    confidence: float


def suggest(text: str, k: int = 3) -> list[Suggested]:
    """The ``k`` likeliest active classes for ``text`` (nothing before the first training)."""
    loaded = MODEL.get()
    if loaded is None or not (text or "").strip():
        return []
    guesses = loaded[1].top(text, k + 2)
    classes = CaseClass.objects.filter(active=True, code__in=[g.code for g in guesses])
    known = {c.code: c for c in classes.select_related("major")}
    return [Suggested(known[g.code], g.confidence) for g in guesses if g.code in known][:k]


def record(case: Case, now: dt.datetime | None = None) -> Suggestion | None:
    """The suggestion for a case just recorded from words (nothing when no model is trained
    or the case has no description)."""
    loaded = MODEL.get()
    if loaded is None or not case.description.strip():
        return None
    guesses = loaded[1].top(case.description, 3)
    codes = [g.code for g in guesses]
    chosen = case.case_class.code
    return Suggestion.objects.create(
        case=case, at=now or timezone.now(), model_id=loaded[0],
        suggested=[[g.code, round(g.confidence, 4)] for g in guesses], chosen=chosen,
        taken=bool(codes) and codes[0] == chosen, in_top3=chosen in codes,
    )  # fmt: skip
