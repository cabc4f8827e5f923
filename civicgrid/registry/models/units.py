"""The units of the register (单位), the visits grid workers pay to households and the posts
of the staff who serve an area."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..choices import StaffPostKind, UnitKind
from .base import EncryptedPii, RegisterModel, grid_fk, pii_fields
from .places import Building, Household


class Unit(EncryptedPii, RegisterModel):
    """An actual unit (实有单位): enterprise, shop, school, public place …"""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, db_index=True
    )
    address = models.CharField(_("address"), max_length=200)
    grid = grid_fk("register_units")
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone_enc, contact_phone_index, contact_phone_masked = pii_fields(
        "contact_phone", _("contact phone")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Visit(RegisterModel):
    """A grid worker's visit to a household (走访)."""

    scope_path = "household__grid__path"

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("visited on"))
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    needs_found = models.TextField(_("needs found"), max_length=4000, blank=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.household} {self.visited_on}"


class StaffPost(EncryptedPii, RegisterModel):
    """Who holds a post for a grid or a building: grid leader, building leader, community police."""

    scope_path = "area__path"

    kind = models.CharField(_("post"), max_length=20, choices=StaffPostKind.choices)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="staff_posts"
    )
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_posts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_posts",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone_enc, phone_index, phone_masked = pii_fields("phone", _("phone"))

    class Meta:
        ordering = ["area", "kind"]
        verbose_name = _("staff post")
        verbose_name_plural = _("staff posts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
