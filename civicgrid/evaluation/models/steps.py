"""Each change of a round's state on the record: who, when, from which state to which, why.
Written only by ``evaluation/workflow.py``, in the transaction that changes the state."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import StepRecord

from ..choices import RoundAction, RoundState
from .rounds import RatingRound
from .schemes import AssessmentRound


class RoundStep(StepRecord):
    action = models.CharField(_("step"), max_length=10, choices=RoundAction.choices)
    from_state = models.CharField(_("from state"), max_length=10, choices=RoundState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=RoundState.choices)

    class Meta(StepRecord.Meta):
        abstract = True


class RatingRoundStep(RoundStep):
    round = models.ForeignKey(
        RatingRound, models.CASCADE, related_name="steps", verbose_name=_("rating round")
    )

    class Meta:
        ordering = ["round", "at", "id"]
        verbose_name = _("rating round step")
        verbose_name_plural = _("rating round steps")

    def __str__(self) -> str:
        return f"{self.round} · {self.action}"


class AssessmentRoundStep(RoundStep):
    round = models.ForeignKey(
        AssessmentRound, models.CASCADE, related_name="steps", verbose_name=_("round")
    )

    class Meta:
        ordering = ["round", "at", "id"]
        verbose_name = _("assessment round step")
        verbose_name_plural = _("assessment round steps")

    def __str__(self) -> str:
        return f"{self.round} · {self.action}"
