"""How an estate without a property company is run, and why a company is on the blacklist
(DOMAIN.md §16). The values are stable: clients and imports read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SelfManagement(models.TextChoices):
    """An estate without a company (001「無物業管理小區實施」「自治式」)."""

    NONE = "none", _("no arrangement yet")
    OWNERS = "owners", _("the owners manage it themselves (自治式)")
    COMMUNITY = "community", _("the community runs basic services (托管)")
    OLD_ESTATE = "old_estate", _("the district's service for old estates (综合物业管理)")
