"""The places of the register: buildings (楼栋), their houses (房屋) and the households (户)
that live in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import BuildingType, HouseUse
from .base import RegisterModel, grid_fk


class Building(RegisterModel):
    """A building (楼栋); its register is 一栋一册."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    grid = grid_fk("buildings", db_index=False)
    building_type = models.CharField(
        _("type"), max_length=20, choices=BuildingType.choices, default=BuildingType.RESIDENTIAL
    )
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    footprint = models.JSONField(_("footprint (GeoJSON polygon, WGS84)"), null=True, blank=True)
    property_company = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("property company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_buildings",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        indexes = [models.Index(fields=["grid", "id"], name="building_grid_id")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class House(RegisterModel):
    """A dwelling or premises inside a building."""

    scope_path = "building__grid__path"

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="houses"
    )
    entrance = models.CharField(_("entrance (unit)"), max_length=10, blank=True)
    room = models.CharField(_("room"), max_length=20)
    use = models.CharField(
        _("use"), max_length=20, choices=HouseUse.choices, default=HouseUse.OWNER_OCCUPIED
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["building", "entrance", "room"]
        verbose_name = _("house")
        verbose_name_plural = _("houses")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "entrance", "room"],
                name="uniq_house_in_building",
                violation_error_message=_(
                    "This building already has a house with this entrance and room."
                ),
            )
        ]

    def __str__(self) -> str:
        label = f"{self.entrance}-{self.room}" if self.entrance else self.room
        return f"{self.building.name} {label}"


class Household(RegisterModel):
    """A household (户); its card is 一户一卡."""

    number = models.CharField(_("household number"), max_length=40, unique=True)
    grid = grid_fk("households", db_index=False)
    house = models.ForeignKey(
        House,
        verbose_name=_("house"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    needs = models.TextField(_("needs"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["grid", "id"], name="household_grid_id")]

    def __str__(self) -> str:
        return self.number
