"""The responsibility board at each building entrance (Shushan: 375 entrances show the photo and
phone of the grid leader, the police officer and the party-building head). A board is public, so
each person on it is there only with their consent recorded — the day and how it was given —
and leaves it when they withdraw it; their phone is kept encrypted like every phone and shown
in full only on the printed board, each print audited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.models import BaseModel
from civicgrid.registry.models import EncryptedPii, pii_fields

from .choices import BoardRole


class BoardEntry(EncryptedPii, BaseModel):
    scope_path = "building__grid__path"
    scope_capability = "view_register"

    building = models.ForeignKey("registry.Building", models.PROTECT, related_name="+",
                                 verbose_name=_("building"))  # fmt: skip
    role = models.CharField(_("shown as"), max_length=12, choices=BoardRole.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))
    photo = models.FileField(_("photo"), upload_to="boards/%Y/", blank=True)
    consent_on = models.DateField(_("consent given on"))
    consent_how = models.CharField(_("how consent was given"), max_length=200)
    withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))  # fmt: skip

    class Meta:
        ordering = ["building", "role", "-consent_on"]
        verbose_name = _("responsibility board entry")
        verbose_name_plural = _("responsibility board entries")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "role"],
                condition=models.Q(withdrawn_on=None),
                name="uniq_board_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.building}: {self.get_role_display()} {self.name}"
