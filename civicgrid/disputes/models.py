"""Disputes (矛盾纠纷): a case of a dispute class, with parties, mediation sessions and follow-up.

Tiers by complexity: simple → the community, complex → the street mediation centre, difficult →
the district, with a named responsible leader (包案领导); and, below them, a dispute in a building
that has its own mediation committee (a commercial building's, 矛盾不出楼宇) may be left to it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.cases.choices import Rating
from civicgrid.core.models import BaseModel
from civicgrid.registry.models import EncryptedPii, pii_fields


class Risk(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRITICAL = "critical", pgettext_lazy("risk", "critical")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("simple: the community mediates")
    COMPLEX = "complex", _("complex: the street mediation centre")
    DIFFICULT = "difficult", _("difficult: the district, with a responsible leader")
    BUILDING = "building", _("building: the building's mediation committee")


class Dispute(BaseModel):
    case = models.OneToOneField(
        "cases.Case", models.CASCADE, related_name="dispute", verbose_name=_("case")
    )
    risk = models.CharField(_("risk level"), max_length=10, choices=Risk.choices)
    complexity = models.CharField(_("complexity"), max_length=10, choices=Complexity.choices)
    responsible_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible leader (包案)"),
    )
    summary = models.TextField(_("what the dispute is about"), blank=True)
    warnings = models.JSONField(_("early warnings"), default=list, blank=True)
    resolved = models.BooleanField(_("resolved by agreement"), default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return str(self.case)


class Party(EncryptedPii, BaseModel):
    """A party to a dispute: a person of the register, or a name and contact."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        RESPONDENT = "respondent", _("respondent")
        OTHER = "other", _("other party")

    dispute = models.ForeignKey(
        Dispute, models.CASCADE, related_name="parties", verbose_name=_("dispute")
    )
    person = models.ForeignKey(
        "registry.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="dispute_parties",
        verbose_name=_("person in the register"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))

    class Meta:
        ordering = ["dispute", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [models.Index(fields=["phone_index"], name="party_phone_index")]

    def __str__(self) -> str:
        return self.name


class Session(BaseModel):
    """A mediation session: when, who mediated, minutes, outcome, the agreement."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", _("agreement reached")
        PARTIAL = "partial", _("partly agreed")
        FAILED = "failed", _("no agreement")
        ADJOURNED = "adjourned", _("adjourned")

    dispute = models.ForeignKey(
        Dispute, models.CASCADE, related_name="sessions", verbose_name=_("dispute")
    )
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("mediators")
    )
    minutes = models.TextField(_("minutes"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    agreement = models.FileField(_("agreement"), upload_to="disputes/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["dispute", "held_at", "id"]
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")

    def __str__(self) -> str:
        return f"{self.dispute} {self.held_at:%Y-%m-%d}"


class FollowUp(BaseModel):
    """A follow-up visit after mediation, with the parties' satisfaction (回访)."""

    dispute = models.ForeignKey(
        Dispute, models.CASCADE, related_name="follow_ups", verbose_name=_("dispute")
    )
    visited_at = models.DateTimeField(_("visited at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("visited by")
    )
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Rating.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["dispute", "visited_at", "id"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self) -> str:
        return f"{self.dispute} {self.visited_at:%Y-%m-%d}"


# -- legal advisers and expert panels (DOMAIN.md §18) ---------------------------------------------
class LegalAdviser(EncryptedPii, BaseModel):
    """A community's legal adviser (一社区一法律顾问: "mediate one, educate many"), a lawyer
    appointed for a term; one at a time in a community. The phone is kept encrypted."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    firm = models.CharField(_("law firm"), max_length=100)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))
    starts_on = models.DateField(pgettext_lazy("date", "from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["area__path", "-starts_on", "-id"]
        verbose_name = _("legal adviser")
        verbose_name_plural = _("legal advisers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on=None) | models.Q(ends_on__gte=models.F("starts_on")),
                name="disputes_adviser_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.firm})"


class ExpertPanel(BaseModel):
    """A street's expert panel (专家研判组) of volunteer lawyers, deputies, retired judges and
    others, asked to judge difficult disputes."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["area__path", "name"]
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")

    def __str__(self) -> str:
        return self.name


class PanelMember(EncryptedPii, BaseModel):
    class Kind(models.TextChoices):
        LAWYER = "lawyer", _("volunteer lawyer")
        DEPUTY = "deputy", _("people's congress deputy")
        JUDGE = "judge", _("retired judge")
        MEDIATOR = "mediator", _("senior mediator")
        OTHER = "other", _("other")

    panel = models.ForeignKey(
        ExpertPanel, models.CASCADE, related_name="members", verbose_name=_("expert panel")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    kind = models.CharField(_("serves as"), max_length=10, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["panel", "id"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self) -> str:
        return self.name


class Counsel(BaseModel):
    """A legal adviser's or an expert panel's opinion on a dispute (研判意见), on the record."""

    dispute = models.ForeignKey(
        Dispute, models.CASCADE, related_name="counsel", verbose_name=_("dispute")
    )
    adviser = models.ForeignKey(
        LegalAdviser, models.PROTECT, null=True, blank=True, related_name="counsel",
        verbose_name=_("legal adviser"),
    )  # fmt: skip
    panel = models.ForeignKey(
        ExpertPanel, models.PROTECT, null=True, blank=True, related_name="counsel",
        verbose_name=_("expert panel"),
    )  # fmt: skip
    given_on = models.DateField(_("given on"))
    opinion = models.TextField(_("opinion"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["dispute", "given_on", "id"]
        verbose_name = _("counsel")
        verbose_name_plural = _("counsel")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(adviser__isnull=False, panel=None)
                | models.Q(adviser=None, panel__isnull=False),
                name="disputes_counsel_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dispute} {self.given_on}"


class BuildingCommittee(BaseModel):
    """A building's own mediation committee (楼宇调委会: a commercial building's, of its owners,
    property manager, tenants and a community mediator), the tier below the grid: a dispute in
    the building may be left to it, and one it settles is resolved at the building."""

    building = models.OneToOneField(
        "registry.Building", models.PROTECT, related_name="+", verbose_name=_("building")
    )
    name = models.CharField(_("name"), max_length=100)
    established_on = models.DateField(_("established on"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["building__code"]
        verbose_name = _("building mediation committee")
        verbose_name_plural = _("building mediation committees")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(BaseModel):
    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("committee", "chair")
        MEMBER = "member", pgettext_lazy("committee", "member")

    committee = models.ForeignKey(
        BuildingCommittee, models.CASCADE, related_name="members", verbose_name=_("committee")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    organisation = models.CharField(_("organisation"), max_length=100)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["committee", "role", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return self.name
