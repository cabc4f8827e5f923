"""Choices the routing rules share with the cases they route."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Tier(models.TextChoices):
    """The tiers a case is opened and resolved at (三不: small matters stay in the grid, middling
    ones in the community, large ones in the street). Escalation rules raise cases to a tier.

    Below the grid, a commercial building's mediation committee (矛盾不出楼宇): a case is never
    raised or opened there, but a dispute its committee settled is resolved at the building."""

    BUILDING = "building", pgettext_lazy("tier", "Building")
    GRID = "grid", _("Grid")
    COMMUNITY = "community", _("Community")
    STREET = "street", _("Street")
    DISTRICT = "district", _("District")


# the tiers a case is opened at or raised to: not the building's
CASE_TIERS = [(value, label) for value, label in Tier.choices if value != Tier.BUILDING]
