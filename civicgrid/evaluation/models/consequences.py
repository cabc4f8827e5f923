"""Rewards and accountability on results (DOMAIN.md §18: Pudong's accountability and incentive
mechanisms, 「问责机制」「激励机制」; Zhabei's ratings are 「奖惩任免的依据」).

A **consequence** is what a unit (a department, a street office, a property company…) or an
area (a street, a community) met for a result: a reward, a commendation, a reminder, a warning,
criticism made public or being held to account — with the money given or withheld, the reason,
and what it rests on: a figure of the library in a period (its value kept as it stood on the day
of the decision) or an assessment's final result.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel

from .schemes import Assessment


class Consequence(BaseModel):
    class Kind(models.TextChoices):
        REWARD = "reward", _("reward")
        COMMENDATION = "commendation", _("commendation")
        REMINDER = "reminder", _("reminder (提醒)")
        WARNING = "warning", _("warning (警示)")
        CRITICISM = "criticism", _("criticism made public (通报批评)")
        ACCOUNTABILITY = "accountability", _("held to account (问责)")

    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit"),
    )  # fmt: skip
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("area"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    period = models.CharField(_("period"), max_length=20, blank=True)
    value = models.DecimalField(
        _("value then"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    assessment = models.ForeignKey(
        Assessment, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assessment"),
    )  # fmt: skip
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, default=0,
        help_text=_("Money given (a reward) or withheld (held to account)."),
    )  # fmt: skip
    reason = models.TextField(_("reason"), max_length=2000)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("decided by")
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("reward or accountability")
        verbose_name_plural = _("rewards and accountability")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, area=None)
                | models.Q(unit=None, area__isnull=False),
                name="evaluation_consequence_one_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="evaluation_consequence_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.area}: {self.get_kind_display()}"

    @property
    def subject(self):
        return self.unit or self.area
