"""Volunteers (DOMAIN.md §18: 「社工+义工」 social workers paired with volunteers; volunteer incentives,
「志愿服務激勵保障機制」; safety volunteers).

- A **volunteer** is a resident of the register serving in a community from a day (until they
  leave), with what they do, and the community's social worker they are paired with.
- **Service hours** are recorded per day and activity, and add up to the star level of the
  national volunteer star scheme (100, 300, 600, 1,000 and 1,500 hours:
  ``CIVICGRID_VOLUNTEER_STARS``).
- An **incentive** is what the community gave for the service: a commendation, points to
  redeem, a gift, priority for services — on a day, with why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel


class Volunteer(BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    person = models.ForeignKey(
        "registry.Person", models.PROTECT, related_name="+",
        verbose_name=_("person in the register"),
    )  # fmt: skip
    skills = models.CharField(_("what they do"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    social_worker = models.ForeignKey(
        "workforce.Worker", models.SET_NULL, null=True, blank=True, related_name="volunteers",
        verbose_name=_("paired with the social worker"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__path", "-joined_on", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "person"], condition=models.Q(left_on=None),
                name="workforce_volunteer_once",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.person)


class ServiceHours(BaseModel):
    volunteer = models.ForeignKey(
        Volunteer, models.CASCADE, related_name="hours", verbose_name=_("volunteer")
    )
    day = models.DateField(_("day"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    activity = models.CharField(_("activity"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24), name="workforce_hours_in_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.day} {self.hours}"


class Incentive(BaseModel):
    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("commendation")
        POINTS = "points", _("points to redeem")
        GIFT = "gift", _("gift")
        PRIORITY = "priority", _("priority for services")

    volunteer = models.ForeignKey(
        Volunteer, models.CASCADE, related_name="incentives", verbose_name=_("volunteer")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    given_on = models.DateField(_("given on"))
    points = models.PositiveIntegerField(_("points"), default=0)
    why = models.CharField(_("why"), max_length=200)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.get_kind_display()}"
