"""Applications for service items (办件): the front desk accepts them (一口受理), the office
responsible decides them (后台分类处置), and the applicant rates them (好差评).

- **Application**: one applicant (a person of the register, identified by name and ID number),
  one item, where it came in (the window, the portal, a grid worker acting with the applicant's
  recorded consent), its receipt number (受理回执), its state (``transitions.py``), the
  working-time deadline from the item's promised days (the cases' calendar and clock), the
  result (the document produced, or the reasons for a refusal) and how it was handed over.
- **ApplicationMaterial**: the checklist — each required material provided, missing, or to
  follow (容缺, by the date the applicant promised).
- **ApplicationStep**: every change on the record (who, when, from, to, why): the timeline the
  applicant follows.
- **Rating**: the applicant's five-level rating of a finished application; a bad one (不满意,
  非常不满意) goes back to the office for a response by a deadline.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.models import BaseModel, StepRecord

from .choices import Action, Channel, Grade, HandOver, MaterialState, Status


class Application(BaseModel):
    number = models.CharField(
        pgettext_lazy("application", "receipt number"), max_length=20, unique=True
    )
    item = models.ForeignKey(
        "onestop.ServiceItem", models.PROTECT, related_name="applications",
        verbose_name=_("service item"),
    )  # fmt: skip
    centre = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("service centre")
    )
    office = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+",
        verbose_name=_("office responsible"),
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    applicant = models.ForeignKey(
        "registry.Person", models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    window = models.ForeignKey(
        "onestop.Window", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("window"),
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
        help_text=_("The resident's account (portal) or the grid worker acting (代办)."),
    )  # fmt: skip
    consent = models.CharField(
        _("applicant's consent"), max_length=200, blank=True,
        help_text=_("How the applicant agreed that a grid worker act for them (e.g. the signed "
                    "authorisation form's number)."),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("accepted by"),
    )  # fmt: skip
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    follow_by = models.DateField(
        _("materials to follow by"), null=True, blank=True,
        help_text=_("The date the applicant promised to bring what may follow (容缺)."),
    )  # fmt: skip
    steps_passed = models.PositiveSmallIntegerField(_("review steps passed"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    document = models.CharField(
        _("document produced"), max_length=200, blank=True,
        help_text=_("The certificate, licence or letter and its number."),
    )  # fmt: skip
    reasons = models.TextField(_("reasons for refusal"), max_length=2000, blank=True)
    handed_over = models.CharField(
        _("handed over"), max_length=12, choices=HandOver.choices, blank=True
    )
    handed_at = models.DateTimeField(_("handed over at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["centre", "status"], name="onestop_app_centre"),
            models.Index(fields=["office", "status"], name="onestop_app_office"),
            models.Index(fields=["applicant"], name="onestop_app_applicant"),
            models.Index(fields=["submitted_by"], name="onestop_app_submitter"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(channel="proxy")
                | (models.Q(submitted_by__isnull=False) & ~models.Q(consent="")),
                name="onestop_proxy_with_consent",
                violation_error_message=_("Acting for an applicant needs their recorded consent."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["submitted", "notified", "withdrawn"])
                | models.Q(accepted_at__isnull=False),
                name="onestop_accepted_when_past_the_desk",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(reasons=""),
                name="onestop_refused_with_reasons",
                violation_error_message=_("A refusal gives its reasons."),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def finished(self) -> bool:
        """Decided (refused) or handed over: what may be rated."""
        return self.status in (Status.REFUSED, Status.HANDED_OVER)

    @property
    def open(self) -> bool:
        return self.status in (Status.ACCEPTED, Status.REVIEWING, Status.PASSED_UP)


class ApplicationMaterial(models.Model):
    application = models.ForeignKey(
        Application, models.CASCADE, related_name="materials", verbose_name=_("application")
    )
    material = models.ForeignKey(
        "onestop.Material", models.PROTECT, related_name="+", verbose_name=_("material")
    )
    state = models.CharField(_("state"), max_length=10, choices=MaterialState.choices)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "material__position", "material_id"]
        verbose_name = _("material of an application")
        verbose_name_plural = _("materials of applications")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "material"], name="onestop_material_of_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.material}"


class ApplicationStep(StepRecord):
    """One change of an application on the record: who, when, from which state to which, why."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="steps", verbose_name=_("application")
    )
    action = models.CharField(_("step"), max_length=10, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=Status.choices)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self) -> str:
        return f"{self.application} · {self.action}"


class Rating(BaseModel):
    application = models.OneToOneField(
        Application, models.CASCADE, related_name="rating", verbose_name=_("application")
    )
    grade = models.PositiveSmallIntegerField(
        _("rating"), choices=Grade.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated at"))
    # the office's answer to a bad rating (差评整改), due within working days of the rating
    answer_due = models.DateTimeField(_("answer due"), null=True, blank=True)
    answer = models.TextField(pgettext_lazy("rating", "answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-rated_at"]
        verbose_name = _("rating of an application")
        verbose_name_plural = _("ratings of applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=5), name="onestop_grade_of_five"
            ),
            models.CheckConstraint(
                condition=models.Q(grade__lte=2, answer_due__isnull=False)
                | models.Q(grade__gte=3, answer_due__isnull=True),
                name="onestop_bad_rating_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.grade}"

    @property
    def bad(self) -> bool:
        return self.grade <= Grade.DISSATISFIED
