"""What the web interface keeps for a user: the filters they saved on a list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.models import BaseModel


class SavedFilter(BaseModel):
    """A named query string of one list (``cases:list``, ``registry:persons`` …) for one user."""

    LISTS = {
        "cases:list": _("Cases"),
        "registry:persons": _("Persons"),
        "registry:households": _("Households"),
        "registry:buildings": _("Buildings"),
    }
    MAX_PER_LIST = 20

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("user"),
    )
    list_name = models.CharField(_("list"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("query string"), max_length=1000)

    class Meta:
        ordering = ["list_name", "name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "list_name", "name"],
                name="uniq_saved_filter_name",
                violation_error_message=_("You already have a filter of this name on this list."),
            )
        ]

    def __str__(self) -> str:
        return self.name
