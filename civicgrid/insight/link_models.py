"""Cases linked as one matter (similar cases found while registering, issue #21 §2): unlike a
merge, both keep running; each case's page lists the other."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseLink(models.Model):
    # the pair is kept once, the lower id first
    first = models.ForeignKey("cases.Case", models.CASCADE, related_name="+",
                              verbose_name=_("case"))  # fmt: skip
    second = models.ForeignKey(
        "cases.Case", models.CASCADE, related_name="+", verbose_name=_("linked case")
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("linked by")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="insight_link_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="insight_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"
