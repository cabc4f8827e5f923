"""The area tree: city › district › street/town › community/village › grid."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel

from .choices import AreaLevel


class AreaQuerySet(models.QuerySet["Area"]):
    """Reads of the tree that need no user; who sees which area is ``accounts.scope``."""

    def subtree(self, area: Area) -> AreaQuerySet:
        return self.filter(path__startswith=area.path)

    def grids(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.GRID)


class Area(BaseModel):
    """A node of the territory. ``path`` is the materialised path of codes ("310100/310106/…/").

    Codes are unique for ever: a retired area stays, inactive, and keeps its code.
    """

    scope_path = "path"

    level = models.PositiveSmallIntegerField(_("level"), choices=AreaLevel.choices, db_index=True)
    code = models.CharField(_("code"), max_length=15, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=120, unique=True, editable=False)
    boundary = models.JSONField(_("boundary (GeoJSON, WGS84)"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    bbox = models.JSONField(_("bounding box"), null=True, blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def depth_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]

    def ancestors(self) -> models.QuerySet[Area]:
        codes = self.depth_codes[:-1]
        return Area.objects.filter(code__in=codes).order_by("level")


class Road(BaseModel):
    """A named road of the base map (a line, WGS84), held by the district or the street whose
    roads it is. Drawn with its name on every map; the register's addresses name it."""

    scope_path = "area__path"

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        Area,
        verbose_name=_("district or street"),
        on_delete=models.PROTECT,
        related_name="roads",
    )
    geometry = models.JSONField(_("line (GeoJSON LineString, WGS84)"))
    bbox = models.JSONField(_("bounding box"), editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("road")
        verbose_name_plural = _("roads")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="uniq_road_name_in_area",
                violation_error_message=_("This area already has a road of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name
