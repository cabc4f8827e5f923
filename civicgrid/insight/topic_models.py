"""The weekly hot-topics report (issue #21 §2): for the district and each street, the classes
and the words of the week's reports rising against the weeks before (``topics``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicReport(models.Model):
    area = models.ForeignKey("areas.Area", models.CASCADE, related_name="+",
                             verbose_name=_("area"))  # fmt: skip
    week = models.DateField(_("week"), help_text=_("Its Monday."))
    reports = models.PositiveIntegerField(_("reports"))
    usual = models.FloatField(_("usual"), help_text=_("Reports a week in the weeks before."))
    classes = models.JSONField(_("classes"), default=list)  # [{code, name, count, usual}]
    words = models.JSONField(_("words"), default=list)  # [{word, count, usual}]
    made_at = models.DateTimeField(_("made at"))

    class Meta:
        ordering = ["-week", "area__path"]
        verbose_name = _("hot-topics report")
        verbose_name_plural = _("hot-topics reports")
        constraints = [models.UniqueConstraint(fields=["area", "week"], name="insight_topics_once")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.week}"
