"""A community worker's assessment (DOMAIN.md §14; 002: the residents' committee selects, manages
and assesses its grid leaders, daily and at year end, combining the work station's and the
committee's ratings; the party organisation gets the result, which decides reward, dismissal or
renewal).

- A **group rating** is one rater's answer on an item rated by a rater group (the work station's
  staff, the residents' committee); the item's score is the group's mean. No page or API says who
  rated: the rater is kept so that each rates once and may change their answer.
- A **verdict** is the result sent to the community's party organisation (its score and level as
  they stood when sent) and the decision it records: reward, renewal, keeping the worker on, or
  dismissal.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel

from .schemes import ANSWER_MAX, TEXT_MAX, Assessment, SchemeItem


class GroupRating(BaseModel):
    assessment = models.ForeignKey(
        Assessment, models.CASCADE, related_name="group_ratings", verbose_name=_("assessment")
    )
    item = models.ForeignKey(SchemeItem, models.PROTECT, related_name="+", verbose_name=_("item"))
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("rater")
    )
    value = models.CharField(_("answer"), max_length=ANSWER_MAX)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("group rating")
        verbose_name_plural = _("group ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item", "rater"], name="uniq_group_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.item}"


class Verdict(BaseModel):
    class Decision(models.TextChoices):
        PENDING = "pending", _("waiting for the party organisation")
        REWARD = "reward", _("reward (奖励)")
        RENEW = "renew", _("renew the term (续聘)")
        KEEP = "keep", _("keep on, no change")
        DISMISS = "dismiss", _("dismiss (辞退)")

    assessment = models.OneToOneField(
        Assessment, models.CASCADE, related_name="verdict", verbose_name=_("assessment")
    )
    organisation = models.ForeignKey(
        "party.PartyOrganisation", models.PROTECT, related_name="+",
        verbose_name=_("party organisation"),
    )  # fmt: skip
    score = models.DecimalField(
        _("score when sent"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    level = models.CharField(_("level when sent"), max_length=40, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    reasons = models.TextField(_("reasons"), max_length=TEXT_MAX, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip

    class Meta:
        ordering = ["-sent_at", "id"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.get_decision_display()}"
