"""Property management oversight (DOMAIN.md §16): the estates (小区) of each community, who
manages each — a property company under a service term, or, without one, the arrangement the
estate runs on — its owners' committee, and the district's blacklist of property companies.

- An **estate** is a set of buildings of the register within one community.
- A **service term** is a property company (an organisation unit of that kind) managing an estate
  from a day, until a day or still; its contact's phone is kept encrypted and shown masked. A
  term records whether the company was on the blacklist when it was given (the page said so).
- A **blacklist entry** puts a company on the district's blacklist for a reason, from a day, to be
  reviewed on a day, often on an assessment's result (``evaluation``: a scheme assessing property
  companies, rated by residents among others); it is lifted with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.core.models import BaseModel
from civicgrid.registry.models import EncryptedPii, pii_fields

from .choices import SelfManagement


class Estate(BaseModel):
    scope_path = "area__path"
    scope_capability = "view_register"

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    buildings = models.ManyToManyField(
        "registry.Building", blank=True, related_name="+", verbose_name=_("buildings")
    )
    owners_committee = models.ForeignKey(
        "participation.Council", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owners' committee"),
    )  # fmt: skip
    self_management = models.CharField(
        _("without a company"), max_length=12, choices=SelfManagement.choices,
        default=SelfManagement.NONE,
    )  # fmt: skip
    arrangement = models.CharField(_("how it is run"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__path", "code"]
        verbose_name = _("estate")
        verbose_name_plural = _("estates")

    def __str__(self) -> str:
        return self.name


class ServiceTerm(EncryptedPii, BaseModel):
    scope_path = "estate__area__path"
    scope_capability = "view_register"

    estate = models.ForeignKey(
        Estate, models.CASCADE, related_name="terms", verbose_name=_("estate")
    )
    company = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("property company")
    )
    starts_on = models.DateField(pgettext_lazy("date", "from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))
    blacklisted_then = models.BooleanField(_("on the blacklist when given"), default=False)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    ended_why = models.CharField(_("why it ended"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["estate", "-starts_on", "-id"]
        verbose_name = _("service term")
        verbose_name_plural = _("service terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on=None) | models.Q(ends_on__gte=models.F("starts_on")),
                name="estates_term_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.estate}: {self.company}"


class Blacklisting(BaseModel):
    company = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("property company")
    )
    reason = models.TextField(_("reason"), max_length=2000)
    listed_on = models.DateField(_("listed on"))
    review_on = models.DateField(_("to be reviewed on"))
    assessment = models.ForeignKey(
        "evaluation.Assessment", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("on the assessment"),
    )  # fmt: skip
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("listed by")
    )
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lifted_why = models.CharField(_("why it was lifted"), max_length=300, blank=True)

    class Meta:
        ordering = ["-listed_on", "-id"]
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist")

    def __str__(self) -> str:
        return f"{self.company} ({self.listed_on})"
