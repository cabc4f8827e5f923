"""The in-app inbox of every user, and the outbox of messages leaving civicgrid (email, SMS)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Case assigned")
    RETURNED = "returned", _("Case returned")
    REQUEST = "request", _("Request to decide")
    DECIDED = "decided", _("Request decided")
    TASK = "task", _("Task on site")
    REWORK = "rework", _("Rework")
    YELLOW = "yellow", _("Yellow card")
    RED = "red", _("Red card")
    RATING = "rating", _("Dissatisfied rating")
    ESCALATED = "escalated", _("Escalated")
    SUPERVISED = "supervised", _("Supervised")
    STATUS = "status", _("Your case")
    NOTICE = "notice", _("Notice to members")
    APPLICATION = "application", _("Your application")
    BAD_RATING = "bad_rating", _("Bad rating of an application")
    REPEAT = "repeat", _("Repeat demand")


class Notification(BaseModel):
    """One item in a user's inbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at", "id"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title


class Outbox(BaseModel):
    """A message to send by email or SMS. Phone numbers and addresses are stored encrypted."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    to_enc = models.TextField(_("recipient (encrypted)"), editable=False)
    to_masked = models.CharField(_("recipient"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    backend = models.CharField(_("delivered by"), max_length=100, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [models.Index(fields=["status", "id"], name="outbox_status")]

    def __str__(self) -> str:
        return f"{self.channel} {self.to_masked} {self.status}"


class Announcement(models.Model):
    """Something that happened, recorded for other systems: a topic ("case.created") and what
    they are told about it. The module where it happened records it after its step is committed,
    and only for a topic that a forwarder passes on (``AnnouncementTopic``); the forwarder takes
    the oldest first and deletes what it took in the same transaction as its own record of it."""

    topic = models.CharField(_("topic"), max_length=30)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("announced at"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"


class AnnouncementTopic(models.Model):
    """A topic that a forwarder (webhooks) passes on to other systems. Announcements of a topic
    no forwarder wants are not recorded."""

    forwarder = models.CharField(_("forwarded by"), max_length=30)
    topic = models.CharField(_("topic"), max_length=30)

    class Meta:
        ordering = ["forwarder", "topic"]
        verbose_name = _("forwarded topic")
        verbose_name_plural = _("forwarded topics")
        constraints = [
            models.UniqueConstraint(
                fields=["forwarder", "topic"],
                name="announcement_topic_once",
                violation_error_message=_("This forwarder already passes this topic on."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.forwarder}: {self.topic}"
