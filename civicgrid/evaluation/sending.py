"""Community workers' results sent to the party organisation when a round's results are made
final (``evaluation/workers.py`` says what a verdict is and who decides it)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from . import workers
from .assessments import compute, standings
from .models import AssessmentRound, Verdict


def send(rnd: AssessmentRound) -> int:
    """Send each worker's result to their party organisation (the round being made final): its
    computed items are computed afresh, then a pending verdict takes the score and level as they
    stand; a decided one is left alone."""
    if rnd.scheme.subject != rnd.scheme.Subject.WORKER:
        return 0
    compute(rnd)  # the daily scores as they stand when the results are made final
    assessments = list(rnd.assessments.select_related("worker__area"))
    decided = set(
        Verdict.objects.filter(assessment__round=rnd)
        .exclude(decision=Verdict.Decision.PENDING)
        .values_list("assessment_id", flat=True)
    )
    sent = 0
    now = timezone.now()
    for s in standings(rnd, assessments):
        a = s.assessment
        assert a.worker is not None  # the scheme assesses community workers
        org = workers.organisation_for(a.worker)
        if org is None or a.pk in decided:
            continue
        Verdict.objects.update_or_create(
            assessment=a,
            defaults={
                "organisation": org,
                "score": Decimal(str(s.score)) if s.score is not None else None,
                "level": s.level,
                "sent_at": now,
            },
        )
        sent += 1
    return sent
