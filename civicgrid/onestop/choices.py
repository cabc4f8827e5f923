"""The choices of the one-stop service: an item's category (also a window's and a number's), its
kind and its price."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SOCIAL_SECURITY = "social_security", _("social and medical insurance")
    EMPLOYMENT = "employment", _("employment")
    AID = "aid", _("social aid")
    ELDERLY = "elderly", _("older people")
    DISABILITY = "disability", _("people with disabilities")
    RESIDENCE = "residence", _("household and residence")
    FAMILY = "family", _("family and maternity")
    CERTIFICATES = "certificates", _("certificates")
    LIFE = "life", _("everyday life services")
    OTHER = "other", pgettext_lazy("category", "other")


class ItemKind(models.TextChoices):
    INSTANT = "instant", _("done on the spot (即办件)")
    PROMISED = "promised", _("promised within working days (承诺件)")
    UPWARD = "upward", _("passed up to a higher office (上报件)")


class PriceKind(models.TextChoices):
    FREE = "free", _("free")
    DISCOUNTED = "discounted", _("discounted")
    MARKET = "market", _("market price")
