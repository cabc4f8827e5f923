"""Community finance (DOMAIN.md §15): each community's (and street's) budget by year and
category, its own account funded by allocations and spent by reimbursement (报账制), and the
statements it publishes.

- A **budget line** is an area's amount for a year and a category, from a source. The district's
  floors (``CIVICGRID_COMMUNITY_BUDGET_FLOOR``, 200,000 yuan a community a year, of which
  ``CIVICGRID_PARTY_BUDGET_FLOOR``, 50,000, for party building) are warned about, not enforced.
- An **allocation** is money received on the community's account: from the district or street,
  or from a department for an assisting task it asks of the community (funds follow duties: the
  duty list's item says who pays and how much a year).
- A **claim** (报账) spends from one budget line: claimed with its receipts, submitted, reviewed
  by the street (never by who claimed it), paid. Approved and paid claims never add up to more
  than their line, and nothing is paid beyond the account's balance. A claim on the community
  fund needs a passed resolution of the community's council.
- A **statement** of a quarter is published: the spending by category and project, without
  payees or anyone's name.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel

from .choices import Category, ClaimStatus, Source

AMOUNT_MAX = Decimal("9999999999.99")
MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2,
         "validators": [MinValueValidator(Decimal("0.01")), MaxValueValidator(AMOUNT_MAX)]}  # fmt: skip


class Budget(BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("street or community")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    source = models.CharField(_("paid from"), max_length=12, choices=Source.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("set by")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "area__path", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "category"], name="uniq_budget_line"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year} {self.get_category_display()}"


class Allocation(BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("street or community")
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    source = models.CharField(_("paid from"), max_length=12, choices=Source.choices)
    department = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("paying department"),
    )  # fmt: skip
    duty_item = models.ForeignKey(
        "duties.ListItem", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assisting task paid for"),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.area} {self.received_on}: {self.amount}"


class Claim(BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("street or community")
    )
    budget = models.ForeignKey(
        Budget, models.PROTECT, related_name="claims", verbose_name=_("budget line")
    )
    title = models.CharField(_("what for"), max_length=200)
    project = models.CharField(
        _("project"), max_length=100, blank=True,
        help_text=_("The project the spending belongs to, as the statements group it."),
    )  # fmt: skip
    payee = models.CharField(_("paid to"), max_length=100)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    spent_on = models.DateField(_("spent on"))
    resolution = models.ForeignKey(
        "participation.Resolution", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("council resolution"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("claimed by")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )  # fmt: skip
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_note = models.CharField(_("review"), max_length=500, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("paid by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("reimbursement claim")
        verbose_name_plural = _("reimbursement claims")

    def __str__(self) -> str:
        return f"{self.title}（{self.amount}）"


class Receipt(BaseModel):
    claim = models.ForeignKey(
        Claim, models.CASCADE, related_name="receipts", verbose_name=_("claim")
    )
    number = models.CharField(_("receipt number"), max_length=60)
    issuer = models.CharField(_("issued by"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    scan = models.FileField(_("scan"), upload_to="finance/receipts/%Y/%m/", blank=True)

    class Meta:
        ordering = ["claim", "issued_on", "id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"{self.number}: {self.amount}"


class Statement(BaseModel):
    """A quarter's spending statement, published: the page shows it to everyone."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("street or community")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    class Meta:
        ordering = ["-year", "-quarter", "area__path"]
        verbose_name = _("published statement")
        verbose_name_plural = _("published statements")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "quarter"], name="uniq_statement"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}-Q{self.quarter}"
