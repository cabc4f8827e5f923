"""Who is responsible (条块 responsibility matrix), when to escalate, when a card turns yellow.

All three are rules an administrator edits. A rule names what it applies to — a class or a
major class (or every class), an area subtree (or everywhere), the level of the centre that
dispatches (or any) — and the most specific matching rule wins (``routing/services.py``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.catalogue.choices import Priority
from civicgrid.core.models import BaseModel

from .choices import Tier


class DispatchLevel(models.TextChoices):
    """The level of the grid centre that dispatches (区/街镇/社区)."""

    DISTRICT = "district", _("District centre")
    STREET = "street", _("Street centre")
    COMMUNITY = "community", _("Community work station")


class RuleTarget(models.Model):
    """What a rule applies to. Empty fields match everything; filled ones must match."""

    case_class = models.ForeignKey(
        "catalogue.CaseClass",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    major = models.ForeignKey(
        "catalogue.MajorClass",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("major class"),
    )
    area = models.ForeignKey(
        "areas.Area",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area (with everything under it)"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True

    def specificity(self) -> tuple[int, ...]:
        """(class 2 / major 1 / any 0, depth of the area); larger is more specific."""
        depth = self.area.path.count("/") if self.area is not None else 0
        return (2 if self.case_class_id else 1 if self.major_id else 0, depth)

    def target_label(self) -> str:
        what = self.case_class or self.major or _("every class")
        where = self.area.name if self.area is not None else _("everywhere")
        return f"{what} · {where}"


class ResponsibilityRule(RuleTarget, BaseModel):
    """(class, area subtree, dispatch level) → lead unit and cooperating units."""

    level = models.CharField(
        _("dispatch level"), max_length=10, choices=DispatchLevel.choices, blank=True
    )
    lead_unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="lead_rules", verbose_name=_("lead unit")
    )
    cooperating_units = models.ManyToManyField(
        "accounts.OrgUnit",
        blank=True,
        related_name="cooperating_rules",
        verbose_name=_("cooperating units"),
    )
    note = models.CharField(_("basis or note"), max_length=300, blank=True)

    class Meta:
        ordering = ["case_class__code", "major__code", "area__path", "level", "id"]
        verbose_name = _("responsibility rule")
        verbose_name_plural = _("responsibility rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(case_class__isnull=True) | Q(major__isnull=True),
                name="responsibility_rule_class_or_major",
                violation_error_message=_("Give a class or a major class, not both."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_label()} → {self.lead_unit}"

    def specificity(self) -> tuple[int, ...]:
        return (*super().specificity(), 1 if self.level else 0)


class EscalationRule(RuleTarget, BaseModel):
    """(area level, class, priority) → who is told and who takes over (越级规则).

    It fires when a case's current deadline has been passed by ``after_hours`` working hours
    (0: as soon as the card turns red) and the case has not been escalated to this tier yet.
    """

    area_level = models.CharField(
        _("tier the case is at"), max_length=10, choices=DispatchLevel.choices, blank=True
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    after_hours = models.DecimalField(
        _("working hours past the deadline"), max_digits=6, decimal_places=2, default=0
    )
    notify_units = models.ManyToManyField(
        "accounts.OrgUnit", blank=True, related_name="+", verbose_name=_("units told")
    )
    takeover_unit = models.ForeignKey(
        "accounts.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit that takes over"),
    )
    to_tier = models.CharField(_("raise to tier"), max_length=10, choices=DispatchLevel.choices)

    class Meta:
        ordering = ["to_tier", "id"]
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")

    def __str__(self) -> str:
        return f"{self.target_label()} ⇒ {self.get_to_tier_display()}"

    def specificity(self) -> tuple[int, ...]:
        return (*super().specificity(), 1 if self.area_level else 0, 1 if self.priority else 0)

    def clean(self) -> None:
        super().clean()
        if self.takeover_unit_id and self.to_tier:
            problem = takeover_problem(
                self.takeover_unit, self.to_tier, self.area.path if self.area is not None else None
            )
            if problem:
                raise ValidationError({"takeover_unit": problem})


def unit_tier(unit) -> str:
    """The tier (三不) a unit works at, by the level of the area it serves."""
    level = unit.area.level
    if level >= AreaLevel.COMMUNITY:
        return DispatchLevel.COMMUNITY
    if level == AreaLevel.STREET:
        return DispatchLevel.STREET
    return DispatchLevel.DISTRICT


def takeover_problem(unit, to_tier: str, path: str | None) -> str | None:
    """Why ``unit`` may not take over cases raised to ``to_tier`` in the area at ``path`` (None:
    everywhere), or None. It must work at that tier (a district tier is not a street office's)
    and serve the whole area (a street's office takes no case of another street)."""
    if unit_tier(unit) != to_tier:
        return str(
            _("%(unit)s works at the %(its)s tier, not at the %(tier)s tier the rule raises to.")
            % {
                "unit": unit.name,
                "its": Tier(unit_tier(unit)).label,
                "tier": Tier(to_tier).label,
            }
        )
    serves = unit.area.path
    outside = (
        not path.startswith(serves)
        if path is not None
        else Area.objects.grids().exclude(path__startswith=serves).exists()
    )
    if outside:
        return str(
            _("%(unit)s serves %(area)s only: it cannot take over cases from elsewhere.")
            % {"unit": unit.name, "area": unit.area.name}
        )
    return None


class SupervisionThreshold(RuleTarget, BaseModel):
    """When a card turns yellow (share of a limit used) and red, per dispatch level and class."""

    level = models.CharField(
        _("dispatch level"), max_length=10, choices=DispatchLevel.choices, blank=True
    )
    yellow_percent = models.PositiveSmallIntegerField(
        _("yellow card: percent of the limit used"), default=80
    )
    red_percent = models.PositiveSmallIntegerField(
        _("red card: percent of the limit used"), default=100
    )

    class Meta:
        ordering = ["level", "id"]
        verbose_name = _("supervision threshold")
        verbose_name_plural = _("supervision thresholds")
        constraints = [
            models.CheckConstraint(
                condition=Q(yellow_percent__gt=0, yellow_percent__lt=models.F("red_percent")),
                name="threshold_yellow_before_red",
                violation_error_message=_("The yellow point must come before the red point."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_label()}: {self.yellow_percent}% / {self.red_percent}%"

    def specificity(self) -> tuple[int, ...]:
        return (*super().specificity(), 1 if self.level else 0)
