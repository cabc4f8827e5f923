"""Community duty lists (社区准入): four lists per kind of community, versioned.

- statutory duties (依法履职): what a community does by law;
- assisting tasks (协助工作): what it does for a department, which names itself and pays for it
  ("权随责走、费随事转");
- the negative list (退出事务): what may not be pushed down to communities at all (its case
  classes are never dispatched to a community unit);
- admitted assessments (考核准入): the only assessments that may rate communities (which scheme
  or score card an item admits is evaluation's to record: ``evaluation.AdmittedAssessment``).

A list changes by a new version from a date; the items of a version are copied whole, so any
past day's list can be read back. Each item keeps a code across versions. These are rules: the
applications, tasks and complaints that work with them are ``civicgrid.burden``'s.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.models import BaseModel


class ListType(models.TextChoices):
    STATUTORY = "statutory", _("statutory duties (依法履职)")
    ASSISTING = "assisting", _("assisting tasks (协助工作)")
    NEGATIVE = "negative", _("negative list (退出事务)")
    ASSESSMENT = "assessment", _("admitted assessments (考核准入)")


class CommunityKind(BaseModel):
    """A kind of community whose lists apply together: urban communities, villages, …"""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    default = models.BooleanField(
        _("for communities not assigned to a kind"),
        default=False,
        help_text=_("One kind applies to every community not listed under another."),
    )
    areas = models.ManyToManyField(
        "areas.Area", blank=True, related_name="+", verbose_name=_("communities of this kind")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("kind of community")
        verbose_name_plural = _("kinds of community")

    def __str__(self) -> str:
        return self.name


class ListVersion(BaseModel):
    """One version of a kind's list, in force from its date until a later version starts."""

    kind = models.ForeignKey(
        CommunityKind, models.PROTECT, related_name="versions", verbose_name=_("kind of community")
    )
    list_type = models.CharField(_("list"), max_length=12, choices=ListType.choices)
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("made by"),
    )  # fmt: skip

    class Meta:
        ordering = ["kind", "list_type", "-number"]
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "list_type", "number"], name="uniq_duty_list_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_list_type_display()} v{self.number}"


class Workload(models.Model):
    """What an item asks of a community, and what the department pays for it."""

    hours_per_month = models.DecimalField(
        _("hours a month"), max_digits=7, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    reports_per_year = models.PositiveIntegerField(_("reports a year"), default=0)
    meetings_per_year = models.PositiveIntegerField(_("meetings a year"), default=0)
    funding_per_year = models.DecimalField(
        _("funding a year (yuan)"), max_digits=12, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip

    class Meta:
        abstract = True


class ListItem(Workload):
    """An item of a list version, with what it asks of a community and what it is paid."""

    version = models.ForeignKey(
        ListVersion, models.CASCADE, related_name="items", verbose_name=_("list version")
    )
    code = models.CharField(_("item code"), max_length=20)
    title = models.CharField(_("item"), max_length=200)
    basis = models.CharField(_("legal or policy basis"), max_length=300, blank=True)
    department = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("department"),
    )  # fmt: skip
    effective_from = models.DateField(pgettext_lazy("date", "from"), null=True, blank=True)
    effective_to = models.DateField(_("until"), null=True, blank=True)
    case_classes = models.ManyToManyField(
        "catalogue.CaseClass", blank=True, related_name="+",
        verbose_name=_("case classes (negative list: never dispatched to communities)"),
    )  # fmt: skip

    class Meta:
        ordering = ["version", "code"]
        verbose_name = _("list item")
        verbose_name_plural = _("list items")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="uniq_duty_item_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
