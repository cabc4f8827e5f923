"""Shared model base classes."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BaseModel(models.Model):
    """Every domain model records when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class StepRecord(models.Model):
    """One change of a workflow's state on the record: when, by whom, why. Each workflow's step
    model adds its object, its action and the states from and to; its one writer writes it in
    the transaction that changes the state."""

    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
        verbose_name=pgettext_lazy("actor", "by"),
    )  # fmt: skip
    note = models.TextField(_("why"), blank=True)

    class Meta:
        abstract = True


class Stamp(models.Model):
    """A named version counter; processes compare it to know when to rebuild a cache.

    Used for the point→grid index and the working-time calendar: a write bumps the stamp, and
    every process notices on its next read. The stamp is a fresh random token, not a counter:
    after a rollback or a database restore a counter can repeat a value some process already
    cached; a random 62-bit token practically cannot.
    """

    key = models.CharField(_("key"), max_length=50, unique=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        ordering = ["key"]
        verbose_name = _("version stamp")
        verbose_name_plural = _("version stamps")

    def __str__(self) -> str:
        return f"{self.key}={self.version}"

    @classmethod
    def read(cls, key: str) -> int:
        return cls.objects.filter(key=key).values_list("version", flat=True).first() or 0

    @classmethod
    def bump(cls, key: str) -> None:
        version = secrets.randbits(62)
        if not cls.objects.filter(key=key).update(version=version):
            cls.objects.update_or_create(key=key, defaults={"version": version})


class CalendarDay(BaseModel):
    """A date the official calendar marks: a public holiday, or a weekend made a working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        WORKDAY = "workday", _("adjusted working day (调休)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    name_en = models.CharField(_("English name"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=10, default="admin", editable=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(BaseModel):
    """A year whose official schedule is complete in the calendar table.

    Without a row for a year, working time assumes Monday–Friday for it and warns.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, default="admin", editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class RateCounter(models.Model):
    """How many attempts a subject made in one fixed time window (core/ratelimit.py)."""

    key = models.CharField(_("key"), max_length=200)
    window_start = models.BigIntegerField(_("window start (Unix seconds)"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="uniq_rate_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_window_start")]

    def __str__(self) -> str:
        return f"{self.key} @{self.window_start}: {self.count}"


class AppendOnly(Exception):
    """Raised on an attempt to change or remove a row of an append-only record."""


class PowerChangeQuerySet(models.QuerySet):
    """The audit trail of powers is written once: no update or delete through the ORM."""

    def update(self, **kwargs):
        raise AppendOnly("the audit trail of powers is append-only")

    def delete(self):
        raise AppendOnly("the audit trail of powers is append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly("the audit trail of powers is append-only")


class PowerChange(models.Model):
    """Audit trail of powers (PIPL): who granted or changed which power or rule, when, from where,
    with the state before and after. Written by ``core.audit.record``; never changed."""

    class Kind(models.TextChoices):
        ROLE = "role", _("role grant")
        ACCOUNT = "account", _("account powers")
        ROUTING = "routing", _("responsibility rule")
        ESCALATION = "escalation", _("escalation rule")
        THRESHOLD = "threshold", _("supervision threshold")
        CATALOGUE = "catalogue", _("catalogue")
        DUTY_LIST = "duty_list", _("duty list")
        CALENDAR = "calendar", _("calendar")
        API_TOKEN = "api_token", _("API token")
        OPEN311_KEY = "open311_key", _("Open311 key")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor's username"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    target = models.CharField(_("object"), max_length=200)
    target_id = models.CharField(_("object id"), max_length=40, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = PowerChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change of powers")
        verbose_name_plural = _("audit trail of powers")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.kind} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("the audit trail of powers is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("the audit trail of powers is append-only")
