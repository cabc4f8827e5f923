"""Blocks and residents rate departments (块考条): in a rating round, street offices, community
committees and residents' representatives rate the departments and their stationed teams on
configurable dimensions. A rated unit sees the averages, never who rated; the round's result
combines the ratings with the unit's indicator score and its residents' satisfaction. A round's
state changes only through ``evaluation/workflow.py`` (closed: the results are final)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.core.errors import DomainError
from civicgrid.core.models import BaseModel

from ..choices import RoundState
from ..periods import parse
from .scores import PERCENT, ScoreCard

# a rater's answer on each dimension, and the points it is worth
LEVELS = [
    (5, _("very good")),
    (4, _("good")),
    (3, _("fair")),
    (2, _("poor")),
    (1, _("very poor")),
]
LEVEL_POINTS = {5: 100, 4: 80, 3: 60, 2: 40, 1: 20}
COMMENT_MAX = 2000  # a rater's comment, in characters


class RatingRound(BaseModel):
    name = models.CharField(_("name"), max_length=100)
    period = models.CharField(
        _("period assessed"),
        max_length=30,
        help_text=_("The indicators' period: 2026, 2026-Q2, 2026-01-01..2026-06-30, …"),
    )
    opens_on = models.DateField(_("rating opens on"))
    closes_on = models.DateField(_("rating closes on (included)"))
    state = models.CharField(
        _("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN
    )
    by_streets = models.BooleanField(_("streets and towns rate"), default=True)
    by_communities = models.BooleanField(_("communities rate"), default=True)
    by_residents = models.BooleanField(_("residents' representatives rate"), default=True)
    card = models.ForeignKey(
        ScoreCard,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"subject": "unit"},
        verbose_name=_("indicator score card"),
        help_text=_("The departments' score card whose score counts in the assessment."),
    )
    ratings_weight = models.DecimalField(
        _("weight of the ratings"), max_digits=5, decimal_places=2, default=Decimal(50),
        validators=PERCENT,
    )  # fmt: skip
    indicators_weight = models.DecimalField(
        _("weight of the indicator score"), max_digits=5, decimal_places=2, default=Decimal(30),
        validators=PERCENT,
    )  # fmt: skip
    satisfaction_weight = models.DecimalField(
        _("weight of the residents' satisfaction"), max_digits=5, decimal_places=2,
        default=Decimal(20), validators=PERCENT,
    )  # fmt: skip
    min_sheets = models.PositiveSmallIntegerField(
        _("fewest sheets to show averages"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Below this, a unit's averages are withheld so that no rater can be told."),
    )

    class Meta:
        ordering = ["-opens_on", "name"]
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        problems: dict[str, object] = {}
        try:
            parse(self.period)
        except DomainError as exc:  # its message says how to write one
            problems["period"] = str(exc)
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            problems["closes_on"] = _("The round closes before it opens.")
        weights = (self.ratings_weight or 0) + (self.indicators_weight or 0)
        if weights + (self.satisfaction_weight or 0) != 100:
            problems["ratings_weight"] = _("The three weights must add up to 100.")
        if problems:
            raise ValidationError(problems)

    def is_open(self, today=None) -> bool:
        """Taking sheets: open, and between its first day and its last."""
        today = today or timezone.localdate()
        return self.state == RoundState.OPEN and self.opens_on <= today <= self.closes_on


class RatingDimension(BaseModel):
    round = models.ForeignKey(
        RatingRound, models.CASCADE, related_name="dimensions", verbose_name=_("rating round")
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("what to consider"), max_length=200, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["round", "order", "id"]
        verbose_name = _("rating dimension")
        verbose_name_plural = _("rating dimensions")

    def __str__(self) -> str:
        return self.name


class RatingSheet(BaseModel):
    """One rater's sheet for one unit. The rater is kept only so that each rates once (and may
    change their sheet while the round is open); no page or API shows who rated."""

    class As(models.TextChoices):
        STREET = "street", _("street or town")
        COMMUNITY = "community", _("community")
        RESIDENT = "resident", _("residents' representative")

    round = models.ForeignKey(
        RatingRound, models.CASCADE, related_name="sheets", verbose_name=_("rating round")
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("rater")
    )
    rater_as = models.CharField(_("rating as"), max_length=10, choices=As.choices)
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.CASCADE, related_name="+", verbose_name=_("unit rated")
    )
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        verbose_name = _("rating sheet")
        verbose_name_plural = _("rating sheets")
        constraints = [
            models.UniqueConstraint(fields=["round", "rater", "unit"], name="uniq_rating_sheet"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class RatingScore(models.Model):
    sheet = models.ForeignKey(
        RatingSheet, models.CASCADE, related_name="scores", verbose_name=_("rating sheet")
    )
    dimension = models.ForeignKey(
        RatingDimension, models.CASCADE, related_name="+", verbose_name=_("dimension")
    )
    level = models.PositiveSmallIntegerField(_("rating"), choices=LEVELS)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "dimension"], name="uniq_rating_score"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.level}"
