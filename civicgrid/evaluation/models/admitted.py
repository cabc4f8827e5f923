"""What an item of the admitted assessments list (考核准入) admits: an assessment scheme or a
score card. The lists are rules below evaluation (``civicgrid.duties``); evaluation records which
of its schemes and score cards each item names, and asks the list in force before it rates a
community (``evaluation/admitted.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .schemes import Scheme
from .scores import ScoreCard


class AdmittedAssessment(models.Model):
    """The scheme or score card an item of a version of the admitted assessments names."""

    item = models.OneToOneField(
        "duties.ListItem",
        models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("list item"),
    )
    scheme = models.ForeignKey(
        Scheme, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assessment scheme (admitted assessments)"),
    )  # fmt: skip
    score_card = models.ForeignKey(
        ScoreCard, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("score card (admitted assessments)"),
    )  # fmt: skip

    class Meta:
        ordering = ["item"]
        verbose_name = _("admitted assessment")
        verbose_name_plural = _("admitted assessments")

    def __str__(self) -> str:
        return f"{self.item} → {self.scheme or self.score_card}"
