"""The area tree: city › district › street/town › community/village › grid."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel

from .choices import AreaLevel


class AreaQuerySet(models.QuerySet):
    def visible_to(self, user, capability: str | None = None):
        from civicgrid.accounts.permissions import scope_filter

        return self.filter(scope_filter(user, "path", capability))

    def around(self, user):
        """The areas the user sees, and those holding a grant of theirs (a grid worker's
        community and street): the places they work in. None for a resident only."""
        from django.db.models import Q

        from civicgrid.accounts.permissions import grants, is_staff_member, scope_filter

        if not is_staff_member(user):
            return self.none()
        held = {c for g in grants(user) for c in g.path.strip("/").split("/") if c}
        scope = scope_filter(user, "path")
        if not scope:  # everywhere: an empty Q would vanish from the "or" below
            return self.all()
        return self.filter(scope | Q(code__in=held))

    def subtree(self, area):
        return self.filter(path__startswith=area.path)

    def grids(self):
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

    def ancestors(self):
        codes = self.depth_codes[:-1]
        return Area.objects.filter(code__in=codes).order_by("level")
