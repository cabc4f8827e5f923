"""The community workforce (DOMAIN.md §14): who works for a street or community, on which post,
for which grids and buildings, for which term, paid from where — an allowance for a post held on
top of a job or a life in the grid (the district's default: 400 yuan a month), a grade of the
district's pay scale for a salaried one — with the grade's history, the training taken and the
allowance ledger, month by month.

- A **pay grade** is one step of the district's scale: its level and grade (Jing'an's five levels
  and thirteen grades as the example) and the monthly pay.
- A **worker** is a person of the register when they live here (their phone encrypted and masked
  like every phone), or a name; a grid leader is always a resident of one of their grids (Shushan,
  002: leaders live in the grid).
- The **allowance ledger** holds one entry a worker and month, written when the month is run.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel
from civicgrid.registry.models import EncryptedPii, pii_fields

from .choices import DailyKind, Funding, Leaving, Post

PAY_MAX = Decimal("999999.99")
DAILY_POINTS_MAX = Decimal(20)  # a day's record adds or takes off at most this


class PayGrade(BaseModel):
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    monthly_pay = models.DecimalField(
        _("monthly pay (yuan)"), max_digits=9, decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(PAY_MAX)],
    )  # fmt: skip
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["grade"]
        verbose_name = _("pay grade")
        verbose_name_plural = _("pay grades")

    def __str__(self) -> str:
        return str(_("level %(level)s, grade %(grade)s") % {"level": self.level,
                                                            "grade": self.grade})  # fmt: skip


class Worker(EncryptedPii, BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("street or community")
    )
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit"),
    )  # fmt: skip
    person = models.ForeignKey(
        "registry.Person", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("person in the register"),
    )  # fmt: skip
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    grids = models.ManyToManyField("areas.Area", blank=True, related_name="+",
                                   verbose_name=_("grids"))  # fmt: skip
    buildings = models.ManyToManyField(
        "registry.Building", blank=True, related_name="+", verbose_name=_("buildings")
    )
    term_starts = models.DateField(_("term from"))
    term_ends = models.DateField(_("term until"), null=True, blank=True)
    funding = models.CharField(_("funded by"), max_length=12, choices=Funding.choices)
    allowance = models.DecimalField(
        _("monthly allowance (yuan)"), max_digits=8, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("99999.99"))],
    )  # fmt: skip
    grade = models.ForeignKey(
        PayGrade, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("pay grade"),
    )  # fmt: skip
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_as = models.CharField(_("leaving"), max_length=12, choices=Leaving.choices, blank=True)
    left_why = models.CharField(_("why they left"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__path", "post", "name", "id"]
        verbose_name = _("community worker")
        verbose_name_plural = _("community workers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_ends=None)
                | models.Q(term_ends__gte=models.F("term_starts")),
                name="workforce_term_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_post_display()}）"


class GradeChange(BaseModel):
    """The grade history: each grade a worker held, from a day."""

    worker = models.ForeignKey(
        Worker, models.CASCADE, related_name="grade_history", verbose_name=_("community worker")
    )
    grade = models.ForeignKey(PayGrade, models.PROTECT, related_name="+", verbose_name=_("grade"))
    since = models.DateField(_("since"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["worker", "-since", "-id"]
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")

    def __str__(self) -> str:
        return f"{self.worker}: {self.grade}"


class Training(BaseModel):
    worker = models.ForeignKey(
        Worker, models.CASCADE, related_name="training", verbose_name=_("community worker")
    )
    title = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("given by"), max_length=100, blank=True)
    taken_on = models.DateField(_("taken on"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(999))],
    )  # fmt: skip

    class Meta:
        ordering = ["worker", "-taken_on"]
        verbose_name = _("training")
        verbose_name_plural = _("training")

    def __str__(self) -> str:
        return self.title


class AllowanceEntry(BaseModel):
    """One month's allowance to one worker, written when the month is run."""

    scope_path = "worker__area__path"
    scope_capability = "view_register"

    worker = models.ForeignKey(
        Worker, models.PROTECT, related_name="allowances", verbose_name=_("community worker")
    )
    month = models.DateField(_("month"))  # its first day
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "worker"]
        verbose_name = _("allowance entry")
        verbose_name_plural = _("allowance ledger")
        constraints = [
            models.UniqueConstraint(fields=["worker", "month"], name="uniq_allowance_month"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.month:%Y-%m}: {self.amount}"


class DailyRecord(BaseModel):
    """A day's record of a worker's work, with the points it adds or takes off (the daily part
    of the assessment: ``civicgrid.workforce.figures``)."""

    scope_path = "worker__area__path"
    scope_capability = "view_register"

    worker = models.ForeignKey(
        Worker, models.CASCADE, related_name="daily_records", verbose_name=_("community worker")
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("record"), max_length=12, choices=DailyKind.choices)
    points = models.DecimalField(
        _("points"), max_digits=4, decimal_places=1, default=Decimal(0),
        validators=[MinValueValidator(-DAILY_POINTS_MAX), MaxValueValidator(DAILY_POINTS_MAX)],
    )  # fmt: skip
    note = models.CharField(_("what happened"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    struck_why = models.CharField(_("struck out because"), max_length=200, blank=True)
    struck_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("struck out by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("daily record")
        verbose_name_plural = _("daily records")
        indexes = [models.Index(fields=["worker", "day"], name="workforce_daily_worker_day")]

    def __str__(self) -> str:
        return f"{self.worker} {self.day}: {self.get_kind_display()}"


from .board_models import BoardEntry  # noqa: E402,F401
from .selection_models import Nomination, Selection  # noqa: E402,F401
from .volunteer_models import Incentive, ServiceHours, Volunteer  # noqa: E402,F401
