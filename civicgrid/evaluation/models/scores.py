"""Composite scores (综合评分): a score card weighs some indicators into one score out of 100 and
a grade, for ranking the streets, communities or grids, the departments, or the people of a
role. How an indicator becomes points is in ``scoring.py``."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.choices import Role
from civicgrid.areas.choices import AreaLevel
from civicgrid.core.models import BaseModel

from ..definitions import AREA, BY_CODE, PERSON, UNIT

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class ScoreCard(BaseModel):
    class Subject(models.TextChoices):
        AREA = AREA, _("areas")
        UNIT = UNIT, _("departments")
        PERSON = PERSON, _("people")

    name = models.CharField(_("name"), max_length=100)
    subject = models.CharField(_("who is scored"), max_length=10, choices=Subject.choices)
    level = models.PositiveSmallIntegerField(
        _("areas of this level"),
        choices=[(v, label) for v, label in AreaLevel.choices if v >= AreaLevel.STREET],
        null=True,
        blank=True,
        help_text=_("For areas: streets, communities or grids."),
    )
    role = models.CharField(
        _("people of this role"),
        max_length=20,
        choices=[(r, Role(r).label) for r in (Role.SUPERVISOR, Role.OPERATOR, Role.SHIFT_LEAD,
                                              Role.DISPATCHER)],
        blank=True,
    )  # fmt: skip
    grade_a = models.DecimalField(_("grade A from"), max_digits=5, decimal_places=2,
                                  default=Decimal(90), validators=PERCENT)  # fmt: skip
    grade_b = models.DecimalField(_("grade B from"), max_digits=5, decimal_places=2,
                                  default=Decimal(75), validators=PERCENT)  # fmt: skip
    grade_c = models.DecimalField(_("grade C from"), max_digits=5, decimal_places=2,
                                  default=Decimal(60), validators=PERCENT)  # fmt: skip
    grade_d = models.DecimalField(_("grade D from"), max_digits=5, decimal_places=2,
                                  default=Decimal(40), validators=PERCENT)  # fmt: skip
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["subject", "name"]
        verbose_name = _("score card")
        verbose_name_plural = _("score cards")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.subject == AREA and not self.level:
            raise ValidationError({"level": _("Say which areas are scored.")})
        if self.subject == PERSON and not self.role:
            raise ValidationError({"role": _("Say which role's people are scored.")})
        if not self.grade_a > self.grade_b > self.grade_c > self.grade_d:
            raise ValidationError(
                {"grade_b": _("Grades must fall in order: A above B above C above D.")}
            )

    def grade(self, score: float | None) -> str:
        if score is None:
            return ""
        for letter, floor in (
            ("A", self.grade_a),
            ("B", self.grade_b),
            ("C", self.grade_c),
            ("D", self.grade_d),
        ):
            if score >= float(floor):
                return letter
        return "E"


class ScoreItem(BaseModel):
    card = models.ForeignKey(
        ScoreCard, models.CASCADE, related_name="items", verbose_name=_("score card")
    )
    indicator = models.CharField(_("indicator"), max_length=40)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    target = models.DecimalField(
        _("full marks at"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "For a count or a time (not a rate): the value that earns full marks when higher is "
            "better, or that earns none when lower is better."
        ),
    )

    class Meta:
        ordering = ["card", "id"]
        verbose_name = _("score item")
        verbose_name_plural = _("score items")
        constraints = [
            models.UniqueConstraint(fields=["card", "indicator"], name="uniq_score_item"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} × {self.weight}"

    def clean(self):
        indicator = BY_CODE.get(self.indicator)
        if indicator is None:
            raise ValidationError({"indicator": _("No indicator has this code.")})
        card = self.card if self.card_id else None
        if card is not None and indicator.subject != card.subject:
            raise ValidationError({"indicator": _("This indicator does not measure these.")})
        if card is not None and card.subject == PERSON and indicator.role != card.role:
            raise ValidationError({"indicator": _("This indicator measures another role.")})
        if indicator.unit != "%" and not self.target:
            raise ValidationError(
                {"target": _("A count or a time needs the value that earns full marks.")}
            )
