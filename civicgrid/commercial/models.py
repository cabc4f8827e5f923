"""Commercial buildings (楼宇, DOMAIN.md §18): a building of the register that a party-led body
of departments, owners, property managers and tenants governs together.

- A **profile** names the building's party organisation, its service point, safety
  association and e-government channel, and how many enterprises and people work in it.
- **Members** of the co-governance body, each of a kind, from a day until a day or still.
- **Signed responsibility** (联签): an agreement a member signs with the body: its duties,
  from a day, until a day or still.
- **Activities**: joint meetings (联动), training (联教) and the joint yearly assessment (联考,
  with its score out of 100).
- **Inspections** (联检) and the **yearly risk assessment** of the security installations (one a
  year); each hazard found is a record that becomes a case in the loop, and counts as rectified
  when its case is closed.
- The sixth joint, mediation (联调), is the building's mediation committee (``disputes``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel

from .choices import ActivityKind, InspectionKind, Installation, MemberKind, Severity

RECORDED_BY = _("recorded by")


def _recorder() -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=RECORDED_BY
    )


class CommercialBuilding(BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    building = models.OneToOneField(
        "registry.Building", models.PROTECT, related_name="+", verbose_name=_("building")
    )
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    party_organisation = models.ForeignKey(
        "party.PartyOrganisation", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("party organisation"),
    )  # fmt: skip
    service_point = models.CharField(
        _("service point"), max_length=200, blank=True,
        help_text=_("Where the building's service point is, and its hours."),
    )  # fmt: skip
    safety_association = models.CharField(_("safety association"), max_length=100, blank=True)
    e_service = models.CharField(
        _("e-government channel"), max_length=200, blank=True,
        help_text=_("Where the people working in it reach the government's services."),
    )  # fmt: skip
    enterprises = models.PositiveIntegerField(_("enterprises"), default=0)
    workers = models.PositiveIntegerField(_("people working in it"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__path", "building__code"]
        verbose_name = _("commercial building")
        verbose_name_plural = _("commercial buildings")

    def __str__(self) -> str:
        return self.building.name


class Member(BaseModel):
    profile = models.ForeignKey(
        CommercialBuilding, models.CASCADE, related_name="members",
        verbose_name=_("commercial building"),
    )  # fmt: skip
    kind = models.CharField(_("sits as"), max_length=12, choices=MemberKind.choices)
    organisation = models.CharField(_("organisation"), max_length=100)
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("organisation unit"),
        help_text=_("The unit, when the member is one of the district's units."),
    )  # fmt: skip
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left the body on"), null=True, blank=True)

    class Meta:
        ordering = ["profile", "kind", "id"]
        verbose_name = _("co-governance member")
        verbose_name_plural = _("co-governance members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on=None) | models.Q(left_on__gte=models.F("joined_on")),
                name="commercial_member_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation


class Agreement(BaseModel):
    """Signed responsibility (联签): what a member undertakes in the building."""

    profile = models.ForeignKey(
        CommercialBuilding, models.CASCADE, related_name="agreements",
        verbose_name=_("commercial building"),
    )  # fmt: skip
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="agreements", verbose_name=_("signed by")
    )
    title = models.CharField(_("title"), max_length=100)
    duties = models.TextField(_("duties"), max_length=4000)
    signed_on = models.DateField(_("signed on"))
    until = models.DateField(_("until"), null=True, blank=True)
    recorded_by = _recorder()

    class Meta:
        ordering = ["profile", "-signed_on", "-id"]
        verbose_name = _("signed responsibility")
        verbose_name_plural = _("signed responsibilities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until=None) | models.Q(until__gte=models.F("signed_on")),
                name="commercial_agreement_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(BaseModel):
    profile = models.ForeignKey(
        CommercialBuilding, models.CASCADE, related_name="activities",
        verbose_name=_("commercial building"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    held_on = models.DateField(_("held on"))
    subject = models.CharField(_("topic"), max_length=200)
    attended = models.PositiveIntegerField(_("people attending"), default=0)
    outcome = models.TextField(_("outcome"), max_length=4000, blank=True)
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("The joint yearly assessment's score, out of 100."),
    )  # fmt: skip
    recorded_by = _recorder()

    class Meta:
        ordering = ["profile", "-held_on", "-id"]
        verbose_name = _("joint activity")
        verbose_name_plural = _("joint activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score=None)
                | models.Q(kind=ActivityKind.ASSESSMENT, score__gte=0, score__lte=100),
                name="commercial_activity_score",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Inspection(BaseModel):
    profile = models.ForeignKey(
        CommercialBuilding, models.CASCADE, related_name="inspections",
        verbose_name=_("commercial building"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=8, choices=InspectionKind.choices)
    held_on = models.DateField(_("held on"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    inspectors = models.CharField(
        _("inspected by"), max_length=200,
        help_text=_("The departments and members who inspected."),
    )  # fmt: skip
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    recorded_by = _recorder()

    class Meta:
        ordering = ["profile", "-held_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "year"], condition=models.Q(kind=InspectionKind.RISK),
                name="commercial_one_risk_assessment_a_year",
            ),
        ]  # fmt: skip

    def save(self, *args, **kwargs) -> None:
        self.year = self.held_on.year
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Hazard(BaseModel):
    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="hazards", verbose_name=_("inspection")
    )
    installation = models.CharField(_("installation"), max_length=12, choices=Installation.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    description = models.TextField(_("what was found"), max_length=2000)
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("case"),
    )  # fmt: skip

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self) -> str:
        return f"{self.get_installation_display()}: {self.description[:40]}"
