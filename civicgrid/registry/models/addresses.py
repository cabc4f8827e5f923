"""The standard address index (标准地址): one row per building and per house of the register,
with the words a caller may use for it (district, street, community, road, house number,
building, unit, room), its point and its grid. It is derived: ``registry.addresses.index``
rebuilds it from the register; nothing else writes it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import ScopedQuerySet
from civicgrid.accounts.permissions import VIEW_REGISTER
from civicgrid.core.models import BaseModel

from .base import grid_fk
from .places import Building, House


class AddressLevel(models.TextChoices):
    BUILDING = "building", _("building")
    HOUSE = "house", _("house")


class StandardAddress(BaseModel):
    """A standard address (标准地址) of a building or of a house (unit and room) in it."""

    scope_path = "grid__path"
    scope_capability = VIEW_REGISTER

    level = models.CharField(_("level"), max_length=10, choices=AddressLevel.choices)
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        on_delete=models.CASCADE,
        related_name="standard_addresses",
    )
    house = models.ForeignKey(
        House,
        verbose_name=_("house"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="standard_addresses",
    )
    grid = grid_fk("standard_addresses", db_index=False)
    district = models.CharField(_("district"), max_length=100, blank=True)
    street = models.CharField(_("street / town"), max_length=100, blank=True)
    community = models.CharField(_("community / village"), max_length=100, blank=True)
    road = models.CharField(_("road"), max_length=100, blank=True)
    number = models.CharField(_("house number"), max_length=40, blank=True)
    building_name = models.CharField(_("building name"), max_length=100, blank=True)
    entrance = models.CharField(_("entrance (unit)"), max_length=10, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    text = models.CharField(_("address"), max_length=400)
    label = models.CharField(_("label"), max_length=500)
    search = models.TextField(_("search key"))
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("standard address")
        verbose_name_plural = _("standard addresses")
        indexes = [
            models.Index(fields=["grid", "id"], name="stdaddr_grid_id"),
            models.Index(fields=["level", "text"], name="stdaddr_level_text"),
        ]

    def __str__(self) -> str:
        return self.text
