"""Open311 client applications (their API keys) and the tokens of batch requests."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ApiToken
from civicgrid.core.models import BaseModel


class ClientApp(BaseModel):
    """An application that posts service requests (a city app, a hotline system …).

    Its key is shown once when issued; only the SHA-256 is kept. Revoking is final; pausing is
    done by setting the hourly limit to the requests it may still make.
    """

    PREFIX = "o311_"

    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    hint = models.CharField(_("hint"), max_length=12, editable=False)
    requests_per_hour = models.PositiveIntegerField(
        _("requests per hour"), default=1000, help_text=_("0 means no limit.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 client application")
        verbose_name_plural = _("Open311 client applications")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    hash_key = staticmethod(ApiToken.hash_key)


class RequestToken(models.Model):
    """What a client of a batch service gets back instead of the case number."""

    token = models.CharField(_("token"), max_length=40, unique=True)
    case = models.ForeignKey(
        "cases.Case", models.CASCADE, related_name="open311_tokens", verbose_name=_("case")
    )
    app = models.ForeignKey(
        ClientApp, models.CASCADE, related_name="tokens", verbose_name=_("client application")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 request token")
        verbose_name_plural = _("Open311 request tokens")

    def __str__(self) -> str:
        return self.token
