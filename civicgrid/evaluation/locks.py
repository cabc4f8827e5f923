"""The locks on a round's row that every writer takes first: the services that change what a
round holds (a sheet, a score, a group's rating, an appeal) and the workflow that moves its state
(``evaluation/workflow.py``), so that nothing slips into a round while it is being made final."""

from __future__ import annotations

from .models import AssessmentRound, RatingRound


def locked_rating_round(pk: int) -> RatingRound:
    """The rating round, its row locked until the caller's transaction ends."""
    return RatingRound.objects.select_for_update().get(pk=pk)


def locked_assessment_round(pk: int) -> AssessmentRound:
    """The assessment round, its row locked until the caller's transaction ends."""
    return AssessmentRound.objects.select_for_update().get(pk=pk)
