from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.IntegerChoices):
    """Levels of the area tree, top to bottom. The value orders them."""

    CITY = 1, _("City")
    DISTRICT = 2, _("District")
    STREET = 3, _("Street / town")
    COMMUNITY = 4, _("Community / village")
    GRID = 5, _("Grid")


# Number of digits of a code at each level (city and district both use the 6-digit GB/T 2260 code).
CODE_LENGTH = {
    AreaLevel.CITY: 6,
    AreaLevel.DISTRICT: 6,
    AreaLevel.STREET: 9,
    AreaLevel.COMMUNITY: 12,
    AreaLevel.GRID: 15,
}
