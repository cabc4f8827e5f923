"""Beside a case's loop: the requests a handler makes (extension, suspension), the photos and
documents attached to a case, and the sweep's runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel

from .loop import Case, CaseEvent


class CaseRequest(BaseModel):
    """An extension (延期) or suspension (挂账) a handler asks for, decided by the dispatcher."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("extension")
        SUSPENSION = "suspension", _("suspension")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    case = models.ForeignKey(Case, models.CASCADE, related_name="requests", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    hours = models.DecimalField(
        _("working hours asked"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("extension or suspension request")
        verbose_name_plural = _("extension and suspension requests")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(status="pending"),
                name="uniq_pending_case_request",
                violation_error_message=_("A request of this kind is already waiting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.get_status_display()}"


class CaseAttachment(BaseModel):
    """A photo or document attached to a case (EXIF removed from the stored copy)."""

    class Kind(models.TextChoices):
        REPORT = "report", _("photo at report")
        BEFORE = "before", _("before handling")
        AFTER = "after", _("after handling")
        CHECK = "check", _("at the check")
        DOCUMENT = "document", _("document")

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="attachments", verbose_name=_("case")
    )
    event = models.ForeignKey(
        CaseEvent,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("event"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    lon = models.FloatField(_("longitude from the photo"), null=True, blank=True)
    lat = models.FloatField(_("latitude from the photo"), null=True, blank=True)
    public = models.BooleanField(_("shown to the public"), default=False)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file.name


class SweepRun(models.Model):
    """One run of the sweep. The latest ``at`` is the watermark: the next run announces the
    cards whose yellow or red point falls after it, so no case row is written to announce."""

    at = models.DateTimeField(_("swept up to"), unique=True)
    yellow = models.PositiveIntegerField(_("yellow cards announced"), default=0)
    red = models.PositiveIntegerField(_("red cards announced"), default=0)
    escalated = models.PositiveIntegerField(_("cases escalated"), default=0)
    seconds = models.FloatField(_("seconds taken"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("sweep run")
        verbose_name_plural = _("sweep runs")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
