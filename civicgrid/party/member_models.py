"""Members and what they do (DOMAIN.md §13, Nanhu): the roster of members on an organisation's
books here, the activities members take part in (亮身份: showing who they are, over 60 % in
Nanhu), their credit entries (党员信用), and the claims on party-building projects (认领).

- A **member** is on a party organisation's roster, whether their organisational relationship
  is here (then they are a person of the register, marked a party member there; their ID number
  and phone stay encrypted and masked there) or they are in-service members reporting to the
  community (在职党员报到), who may live elsewhere and are then known by name and workplace. The roster is what the
  rates count; the organisation's declared member count is its register figure.
- An **activity** is held by an organisation on a day; its participants are members of the
  organisation or of those under it.
- A **credit entry** gives or deducts points on a member's record for the year, with its ground.
- A **claim** is a party organisation, a member or a stationed unit taking on a published
  project, and what it delivered: the day and the people reached.

The platform keeps no party-internal affairs: no dues, no discipline, no political review.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel

from .choices import ActivityKind, Claimant, CreditCategory, MemberKind

POINTS_MAX = 100  # one entry's points either way: more is a typing slip
BENEFICIARIES_MAX = 1_000_000


class Member(BaseModel):
    scope_path = "organisation__unit__area__path"
    scope_capability = "view_register"

    organisation = models.ForeignKey(
        "party.PartyOrganisation", models.PROTECT, related_name="roster",
        verbose_name=_("party organisation"),
    )  # fmt: skip
    person = models.ForeignKey(
        "registry.Person", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("person in the register"),
    )  # fmt: skip
    # the register's name when the person is there; an in-service member living outside the
    # area is known by name and workplace only
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    workplace = models.CharField(_("workplace"), max_length=100, blank=True)
    kind = models.CharField(_("on the roster as"), max_length=12, choices=MemberKind.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name", "id"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"],
                condition=models.Q(until=None),
                name="uniq_party_member_on_roster",
            ),
            models.CheckConstraint(
                condition=models.Q(until=None) | models.Q(until__gte=models.F("since")),
                name="party_member_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Activity(BaseModel):
    scope_path = "organisation__unit__area__path"
    scope_capability = "view_register"

    organisation = models.ForeignKey(
        "party.PartyOrganisation", models.PROTECT, related_name="activities",
        verbose_name=_("party organisation"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    participants = models.ManyToManyField(
        Member, related_name="activities", verbose_name=_("participants")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("members' activity")
        verbose_name_plural = _("members' activities")

    def __str__(self) -> str:
        return self.title


class CreditEntry(BaseModel):
    scope_path = "member__organisation__unit__area__path"
    scope_capability = "view_register"

    member = models.ForeignKey(
        Member, models.PROTECT, related_name="credit", verbose_name=_("party member")
    )
    on = models.DateField(_("date"))
    category = models.CharField(_("ground"), max_length=16, choices=CreditCategory.choices)
    points = models.SmallIntegerField(
        _("points"), validators=[MinValueValidator(-POINTS_MAX), MaxValueValidator(POINTS_MAX)]
    )
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(points=0), name="party_credit_entry_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.points:+d}"


class Claim(BaseModel):
    scope_path = "project__area__path"
    scope_capability = "view_register"

    project = models.ForeignKey(
        "party.Project", models.PROTECT, related_name="claims", verbose_name=_("project")
    )
    claimant = models.CharField(_("claimed by"), max_length=16, choices=Claimant.choices)
    organisation = models.ForeignKey(
        "party.PartyOrganisation", models.PROTECT, null=True, blank=True, related_name="claims",
        verbose_name=_("party organisation"),
    )  # fmt: skip
    member = models.ForeignKey(
        Member, models.PROTECT, null=True, blank=True, related_name="claims",
        verbose_name=_("party member"),
    )  # fmt: skip
    stationed_unit = models.ForeignKey(
        "party.StationedUnit", models.PROTECT, null=True, blank=True, related_name="claims",
        verbose_name=_("stationed unit"),
    )  # fmt: skip
    claimed_on = models.DateField(_("claimed on"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(
        _("beneficiaries"), null=True, blank=True,
        validators=[MaxValueValidator(BENEFICIARIES_MAX)],
    )  # fmt: skip
    what_was_done = models.TextField(_("what was done"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "claimed_on", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            # the claimant named by ``claimant`` and no other
            models.CheckConstraint(
                condition=models.Q(
                    claimant=Claimant.ORGANISATION,
                    organisation__isnull=False,
                    member__isnull=True,
                    stationed_unit__isnull=True,
                )
                | models.Q(
                    claimant=Claimant.MEMBER,
                    organisation__isnull=True,
                    member__isnull=False,
                    stationed_unit__isnull=True,
                )
                | models.Q(
                    claimant=Claimant.STATIONED_UNIT,
                    organisation__isnull=True,
                    member__isnull=True,
                    stationed_unit__isnull=False,
                ),
                name="party_claim_one_claimant",
            ),
            models.CheckConstraint(
                condition=models.Q(delivered_on=None) | models.Q(beneficiaries__isnull=False),
                name="party_claim_delivered_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} ← {self.claimant_name}"

    @property
    def claimant_name(self) -> str:
        who = self.organisation or self.member or self.stationed_unit
        return str(who) if who is not None else ""

    @property
    def is_open(self) -> bool:
        return self.delivered_on is None and self.withdrawn_on is None
