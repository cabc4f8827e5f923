"""The one-stop service window (一站式服务, DOMAIN.md §17: 前台一口受理，后台分类处置).

This first part is the **catalogue of service items** (服务事项) the district keeps: for each
item the office responsible (the back office), who may apply (conditions), the **materials**
required — each an original or a copy, how many, and whether it may follow after the application
is accepted (容缺) — the legal basis, the fee, its kind (即办件 done on the spot, 承诺件 promised
within a number of working days, 上报件 passed up to a higher office) with its promised time, and
where it can be applied for (the window, the portal, a grid worker on the applicant's behalf).
Residents read it as the service guide (办事指南) before they come, so nobody is sent back twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel

from .choices import Category, ItemKind, PriceKind


class ServiceItem(BaseModel):
    code = models.CharField(
        _("code"), max_length=12, unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}\d{3,8}$", _("Two capital letters, then digits."))],
        help_text=_("Two capital letters and digits, e.g. FW0101."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    office = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+",
        verbose_name=_("office responsible"),
    )  # fmt: skip
    case_class = models.CharField(
        _("class code"), max_length=10, blank=True,
        help_text=_("The catalogue's class a problem with this item becomes a case of (SV…)."),
    )  # fmt: skip
    conditions = models.TextField(_("who may apply"), max_length=4000)
    legal_basis = models.TextField(_("legal basis"), max_length=4000, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    promised_days = models.PositiveSmallIntegerField(
        _("promised time (working days)"), default=0, validators=[MaxValueValidator(365)]
    )
    price = models.CharField(
        _("price"), max_length=10, choices=PriceKind.choices, default=PriceKind.FREE
    )
    fee = models.DecimalField(
        _("fee (yuan)"), max_digits=10, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    review_steps = models.TextField(
        _("review steps"), max_length=500, blank=True,
        help_text=_("One a line, in order (e.g. 初审, 复核, 审批). None: one review. An item done "
                    "on the spot has none: the window decides it."),
    )  # fmt: skip
    at_window = models.BooleanField(_("at the window"), default=True)
    online = models.BooleanField(_("on the portal"), default=False)
    by_proxy = models.BooleanField(_("by a grid worker for the applicant (代办)"), default=False)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="instant", promised_days=0)
                | (~models.Q(kind="instant") & models.Q(promised_days__gte=1)),
                name="onestop_promised_time",
                violation_error_message=_(
                    "An item done on the spot has no promised time; any other has one."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(price="free", fee=0)
                | (~models.Q(price="free") & models.Q(fee__gt=0)),
                name="onestop_fee_of_price",
                violation_error_message=_("A free item has no fee; any other has one."),
            ),
            models.CheckConstraint(
                condition=models.Q(at_window=True)
                | models.Q(online=True)
                | models.Q(by_proxy=True),
                name="onestop_somewhere_to_apply",
                violation_error_message=_("Say where it can be applied for."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def steps(self) -> list[str]:
        """The review steps an application of this item goes through, in order."""
        if self.kind == ItemKind.INSTANT:
            return []
        named = [line.strip() for line in self.review_steps.splitlines() if line.strip()]
        return named or [str(_("review"))]


class Material(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("original")
        COPY = "copy", _("copy")
        BOTH = "both", _("original and copy")
        ELECTRONIC = "electronic", _("electronic")

    item = models.ForeignKey(
        ServiceItem, models.CASCADE, related_name="materials", verbose_name=_("service item")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("material"), max_length=200)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField(
        _("how many"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    may_follow = models.BooleanField(
        _("may follow later (容缺)"), default=False,
        help_text=_("The application is accepted without it, with the applicant's promise to "
                    "bring it by a date."),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")
        constraints = [
            models.UniqueConstraint(fields=["item", "name"], name="onestop_material_once")
        ]

    def __str__(self) -> str:
        return self.name


from .application_models import (  # noqa: E402,F401  (the applications: front desk, back office)
    Application,
    ApplicationMaterial,
    ApplicationStep,
    Rating,
)
from .queue_models import Ticket, Window  # noqa: E402,F401  (the hall: windows and numbers)
