"""Figures kept per area and day, so that the command centre reads a few rows, not millions.

One ``AreaDay`` per area (grid, community, street, district) and day holds what happened to the
cases of its subtree: the reports of that day (and what has become of them since: closed, on
time, due to close, rated, satisfied, self-handled, the tier resolved at), the closings of that
day, and reports by channel, class and hour. ``refresh`` (figures/services.py) rewrites the last
days from the cases; each count means what ``civicgrid.cases.figures`` says it means.

One ``AreaNow`` per area holds its open cases and red cards at the last count (``count_now``,
every minute): the screen reads a row, not the running cases.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AreaDay(models.Model):
    area = models.ForeignKey("areas.Area", models.CASCADE, related_name="+", verbose_name=_("area"))
    day = models.DateField(_("day"))
    reported = models.PositiveIntegerField(pgettext_lazy("count", "reported"), default=0)
    closed = models.PositiveIntegerField(_("of those, closed"), default=0)
    closed_on_time = models.PositiveIntegerField(_("of those, closed on time"), default=0)
    due_to_close = models.PositiveIntegerField(_("of those, due to close"), default=0)
    rated = models.PositiveIntegerField(_("of those, rated"), default=0)
    satisfied = models.PositiveIntegerField(_("of those, satisfied"), default=0)
    self_handled = models.PositiveIntegerField(_("of those, self-handled"), default=0)
    tiers = models.JSONField(_("of those, resolved at each tier"), default=dict)
    channels = models.JSONField(_("reports by channel"), default=dict)
    classes = models.JSONField(_("reports by class"), default=dict)
    hours = models.JSONField(_("reports by hour of day"), default=list)
    closings = models.PositiveIntegerField(_("cases closed that day"), default=0)

    class Meta:
        verbose_name = _("area day")
        verbose_name_plural = _("area days")
        constraints = [
            models.UniqueConstraint(fields=["area", "day"], name="uniq_area_day"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.day}"


class Refresh(models.Model):
    """One rewrite of the recent ``AreaDay`` rows: the latest says how fresh the figures are."""

    at = models.DateTimeField(_("at"))
    days = models.PositiveSmallIntegerField(_("days rewritten"))
    seconds = models.FloatField(_("seconds taken"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("figures refresh")
        verbose_name_plural = _("figures refreshes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


class AreaNow(models.Model):
    """An area's open cases and red cards (its whole subtree) at the last count."""

    area = models.OneToOneField(
        "areas.Area", models.CASCADE, primary_key=True, related_name="+", verbose_name=_("area")
    )
    open = models.PositiveIntegerField(_("open cases"), default=0)
    red = models.PositiveIntegerField(_("red cards"), default=0)
    at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("area now")
        verbose_name_plural = _("areas now")

    def __str__(self) -> str:
        return f"{self.area_id} {self.at:%H:%M}"
