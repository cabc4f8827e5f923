"""The kinds commercial buildings' records take (DOMAIN.md §18)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberKind(models.TextChoices):
    """Who sits on a building's co-governance body (楼宇共治): party-led, of the departments,
    owners, property managers and tenants."""

    PARTY = "party", _("party organisation")
    DEPARTMENT = "department", _("department")
    OWNER = "owner", _("owner")
    PROPERTY = "property", _("property manager")
    TENANT = "tenant", _("tenant enterprise")
    ASSOCIATION = "association", _("safety association")
    OTHER = "other", pgettext_lazy("member kind", "other")


class ActivityKind(models.TextChoices):
    """Three of the six joints (六联) are occasions: joint meetings (联动), training (联教) and the
    one joint yearly assessment (联考). The others are records of their own: signed
    responsibility (联签), inspections (联检) and the mediation committee (联调)."""

    MEETING = "meeting", _("joint meeting (联动)")
    TRAINING = "training", _("joint training (联教)")
    ASSESSMENT = "assessment", _("joint yearly assessment (联考)")


class InspectionKind(models.TextChoices):
    RISK = "risk", _("yearly risk assessment")
    JOINT = "joint", _("joint inspection (联检)")


class Installation(models.TextChoices):
    """The security installations a risk assessment looks at."""

    FIRE_ALARM = "fire_alarm", _("fire alarm")
    SPRINKLERS = "sprinklers", _("sprinklers and hydrants")
    EXITS = "exits", _("exits and evacuation")
    CCTV = "cctv", _("video surveillance")
    ACCESS = "access", _("access control")
    ELECTRICAL = "electrical", _("electrical installations")
    GAS = "gas", _("gas")
    LIFTS = "lifts", _("lifts")
    OTHER = "other", pgettext_lazy("installation", "other")


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
