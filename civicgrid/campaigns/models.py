"""Screening campaigns (排查行动, DOMAIN.md §18): a district, street or community sweeps its
grids for one kind of trouble — porn, gambling and drugs, illegal transport, fraud,
entertainment venues, catering and hotels, summer hiring, fire safety — over a period, with a
checklist.

- A **campaign** has its scope (an area: every grid under it), its theme, its period, the unit
  leading it, the class its findings become cases of by default, and once it is over a
  conclusion.
- Its **checklist**: the items every place visited is checked for.
- A **visit** (走访排查): a place in one of the scope's grids (a building of the register or an
  address), checked on a day of the period by a grid worker or a leader.
- A **finding**: what a visit found wrong against an item; it becomes a case in the loop (once)
  and counts as rectified when its case is closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel


class Theme(models.TextChoices):
    VICE = "vice", _("porn, gambling and drugs")
    TRANSPORT = "transport", _("illegal transport")
    FRAUD = "fraud", _("telecom and online fraud")
    VENUES = "venues", _("entertainment venues")
    CATERING = "catering", _("catering and hotels")
    HIRING = "hiring", _("summer hiring")
    FIRE = "fire", _("fire safety")
    OTHER = "other", pgettext_lazy("theme", "other")


class Campaign(BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("scope")
    )
    name = models.CharField(_("name"), max_length=100)
    theme = models.CharField(_("theme"), max_length=10, choices=Theme.choices)
    starts_on = models.DateField(pgettext_lazy("date", "from"))
    ends_on = models.DateField(_("until"))
    lead_unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lead unit"),
    )  # fmt: skip
    case_class = models.CharField(
        _("class code"), max_length=10, blank=True,
        help_text=_("The catalogue's class its findings become cases of, unless a finding says "
                    "otherwise; empty: 举报 (AP004)."),
    )  # fmt: skip
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("launched by")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaigns_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CheckItem(BaseModel):
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="items", verbose_name=_("screening campaign")
    )
    text = models.CharField(_("what is checked"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["campaign", "position", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text


class Visit(BaseModel):
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="visits", verbose_name=_("screening campaign")
    )
    grid = models.ForeignKey("areas.Area", models.PROTECT, related_name="+", verbose_name=_("grid"))
    building = models.ForeignKey(
        "registry.Building", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("building"),
    )  # fmt: skip
    place = models.CharField(_("place"), max_length=200)
    visited_on = models.DateField(_("visited on"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("campaign", "visited by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["campaign", "-visited_on", "-id"]
        verbose_name = _("screening visit")
        verbose_name_plural = _("screening visits")

    def __str__(self) -> str:
        return self.place


class Finding(BaseModel):
    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="findings", verbose_name=_("screening visit")
    )
    item = models.ForeignKey(
        CheckItem, models.PROTECT, related_name="findings", verbose_name=_("checklist item")
    )
    description = models.TextField(_("what was found"), max_length=2000)
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("case"),
    )  # fmt: skip

    class Meta:
        ordering = ["visit", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.description[:40]
