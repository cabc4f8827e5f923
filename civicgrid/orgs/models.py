"""Social organisations (社会组织): the register and the hub, service procurement by open tender,
and subsidies.

- Each organisation is an organisation unit of kind "social organisation" (its people log in and
  act for it through their role on that unit) with its register entry: type, unified social
  credit code (GB 32100, checked), registering authority, party branch, staff, service area,
  contact (the phone encrypted and masked like every phone), its place in the hub ("1+14+x": the
  district federation, street branches, sector groups), incubation status, rating and honours.
- A **tender** (政府购买服务): needs, budget, criteria with weights, a deadline and a panel. Bids
  come with documents before the deadline; each panel member declares conflicts of interest, then
  scores every bid they are free to score on every criterion; the award goes to the best weighted
  score; the contract has deliverables and reports; the buyer's evaluation joins the
  organisation's record.
- A **subsidy** is applied for, reviewed, approved or refused, and paid; recipients are public.

A tender's and a subsidy's state change only as ``orgs/transitions.py`` allows, through the one
writer of ``orgs/workflow.py``, which records each change as a step (who, when, from, to, why).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.models import BaseModel, StepRecord
from civicgrid.registry.models import EncryptedPii, pii_fields

from .choices import SubsidyAction, TenderAction

MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}


class HubNode(BaseModel):
    """A node of the hub ("1+14+x"): the district federation, a street branch, a sector group."""

    class Level(models.TextChoices):
        FEDERATION = "federation", _("district federation (联合会)")
        BRANCH = "branch", _("street branch (分会)")
        SECTOR = "sector", _("sector group (专业委员会)")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("part of"),
    )  # fmt: skip
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("district or street")
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("hub node")
        verbose_name_plural = _("hub nodes")

    def __str__(self) -> str:
        return self.name


class Organisation(EncryptedPii, BaseModel):
    class Type(models.TextChoices):
        ASSOCIATION = "association", _("social association (社会团体)")
        SERVICE = "service", _("social service agency (社会服务机构)")
        FOUNDATION = "foundation", _("foundation (基金会)")
        COMMUNITY = "community", _("community social organisation (社区社会组织)")

    class Incubation(models.TextChoices):
        NONE = "", _("not incubated")
        INCUBATING = "incubating", _("in incubation")
        GRADUATED = "graduated", _("incubated and independent")

    unit = models.OneToOneField(
        "accounts.OrgUnit", models.PROTECT, related_name="organisation",
        verbose_name=_("organisation unit"),
    )  # fmt: skip
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True,
        help_text=_("18 characters (GB 32100); a community organisation only filed may have none."),
    )  # fmt: skip
    authority = models.CharField(_("registered with"), max_length=100, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    party_branch = models.CharField(
        _("party organisation"), max_length=100, blank=True,
        help_text=_("Its own branch, a joint branch, or empty for none."),
    )  # fmt: skip
    staff = models.PositiveIntegerField(_("full-time staff"), default=0)
    volunteers = models.PositiveIntegerField(_("registered volunteers"), default=0)
    service_area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("serves")
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone_enc, contact_phone_index, contact_phone_masked = pii_fields(
        "contact_phone", _("contact phone")
    )
    hub = models.ForeignKey(
        HubNode, models.PROTECT, null=True, blank=True, related_name="members",
        verbose_name=_("hub membership"),
    )  # fmt: skip
    incubation = models.CharField(
        _("incubation"), max_length=12, choices=Incubation.choices, blank=True, default=""
    )
    rating = models.PositiveSmallIntegerField(
        _("evaluation grade (1A–5A)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )  # fmt: skip
    honours = models.TextField(_("honours"), blank=True)

    class Meta:
        ordering = ["unit__name"]
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        indexes = [models.Index(fields=["contact_phone_index"], name="org_contact_phone_index")]

    def __str__(self) -> str:
        return self.unit.name


class Tender(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open for bids")
        AWARDED = "awarded", _("awarded")
        CANCELLED = "cancelled", _("cancelled")

    buyer = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("buyer")
    )
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("where the service is")
    )
    title = models.CharField(_("title"), max_length=200)
    needs = models.TextField(_("what is needed"), max_length=8000)
    budget = models.DecimalField(_("budget (yuan)"), **MONEY)
    criteria = models.JSONField(
        _("criteria"), default=list,
        help_text=_('A list of {"name": …, "weight": …}; the weights add up to 100.'),
    )  # fmt: skip
    deadline = models.DateTimeField(_("bids until"))
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("evaluation panel")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)  # fmt: skip
    winner = models.ForeignKey(
        "orgs.Bid", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("winning bid"),
    )  # fmt: skip
    awarded_at = models.DateTimeField(_("awarded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("made by")
    )

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")

    def __str__(self) -> str:
        return self.title


class Bid(BaseModel):
    tender = models.ForeignKey(
        Tender, models.CASCADE, related_name="bids", verbose_name=_("tender")
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="bids", verbose_name=_("organisation")
    )
    amount = models.DecimalField(_("price (yuan)"), **MONEY)
    proposal = models.TextField(_("what it offers"), max_length=8000)
    document = models.FileField(_("bid document"), upload_to="orgs/bids/%Y/")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )

    class Meta:
        ordering = ["tender", "id"]
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        constraints = [
            models.UniqueConstraint(fields=["tender", "organisation"], name="uniq_bid_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.tender} · {self.organisation}"


class Declaration(BaseModel):
    """A panel member's declaration of interests before scoring: the bids they may not score."""

    tender = models.ForeignKey(
        Tender, models.CASCADE, related_name="declarations", verbose_name=_("tender")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("panel member")
    )
    conflicts = models.ManyToManyField(
        Bid, blank=True, related_name="+", verbose_name=_("bids with a conflict of interest")
    )
    note = models.CharField(_("what the interest is"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")
        constraints = [
            models.UniqueConstraint(fields=["tender", "member"], name="uniq_declaration")
        ]

    def __str__(self) -> str:
        return f"{self.tender} · {self.member}"


class Score(BaseModel):
    bid = models.ForeignKey(Bid, models.CASCADE, related_name="scores", verbose_name=_("bid"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("panel member")
    )
    criterion = models.PositiveSmallIntegerField(_("criterion (its place in the list)"))
    points = models.DecimalField(
        _("points (0–100)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )  # fmt: skip

    class Meta:
        ordering = ["bid", "member", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["bid", "member", "criterion"], name="uniq_score")
        ]

    def __str__(self) -> str:
        return f"{self.bid} · {self.criterion}: {self.points}"


class Contract(BaseModel):
    tender = models.OneToOneField(
        Tender, models.PROTECT, related_name="contract", verbose_name=_("tender")
    )
    bid = models.OneToOneField(Bid, models.PROTECT, related_name="+", verbose_name=_("bid"))
    signed_on = models.DateField(_("signed on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    starts_on = models.DateField(pgettext_lazy("date", "from"))
    ends_on = models.DateField(_("until"))
    evaluation = models.PositiveSmallIntegerField(
        _("evaluation (0–100)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    evaluation_note = models.TextField(_("evaluation"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("evaluated by"),
    )  # fmt: skip

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")

    def __str__(self) -> str:
        return str(self.tender)


class Deliverable(BaseModel):
    contract = models.ForeignKey(
        Contract, models.CASCADE, related_name="deliverables", verbose_name=_("contract")
    )
    title = models.CharField(_("deliverable"), max_length=200)
    due_on = models.DateField(_("due"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    document = models.FileField(_("report document"), upload_to="orgs/reports/%Y/", blank=True)

    class Meta:
        ordering = ["contract", "due_on", "id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.title


class Subsidy(BaseModel):
    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        RECOMMENDED = "recommended", _("reviewed: recommended")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        PAID = "paid", _("paid")

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="subsidies", verbose_name=_("organisation")
    )
    purpose = models.CharField(pgettext_lazy("subsidy", "for"), max_length=200)
    reason = models.TextField(_("why"), max_length=4000)
    requested = models.DecimalField(_("requested (yuan)"), **MONEY)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.APPLIED)  # fmt: skip
    review = models.TextField(_("review"), blank=True)
    approved = models.DecimalField(_("approved (yuan)"), **MONEY, null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("applied by")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subsidy")
        verbose_name_plural = _("subsidies")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.purpose}"


class TenderStep(StepRecord):
    """One change of a tender's state on the record: who, when, from which state to which, why."""

    tender = models.ForeignKey(
        Tender, models.CASCADE, related_name="steps", verbose_name=_("tender")
    )
    action = models.CharField(_("step"), max_length=12, choices=TenderAction.choices)
    from_state = models.CharField(
        _("from"), max_length=10, choices=Tender.Status.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=10, choices=Tender.Status.choices)

    class Meta:
        ordering = ["tender", "at", "id"]
        verbose_name = _("tender step")
        verbose_name_plural = _("tender steps")

    def __str__(self) -> str:
        return f"{self.tender} · {self.action}"


class SubsidyStep(StepRecord):
    """One change of a subsidy's state on the record: who, when, from which state to which, why."""

    subsidy = models.ForeignKey(
        Subsidy, models.CASCADE, related_name="steps", verbose_name=_("subsidy")
    )
    action = models.CharField(_("step"), max_length=14, choices=SubsidyAction.choices)
    from_state = models.CharField(
        _("from"), max_length=12, choices=Subsidy.Status.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=12, choices=Subsidy.Status.choices)

    class Meta:
        ordering = ["subsidy", "at", "id"]
        verbose_name = _("subsidy step")
        verbose_name_plural = _("subsidy steps")

    def __str__(self) -> str:
        return f"{self.subsidy} · {self.action}"
