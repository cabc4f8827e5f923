from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassKind(models.TextChoices):
    MATTER = "matter", _("urban management matter")
    APPEAL = "appeal", _("resident appeal")
    DISPUTE = "dispute", _("dispute")
    SERVICE = "service", _("public service item")


# kinds about public places, whose description and place may be shown to the public (decision
# 0007); appeals and disputes concern people
PLACE_KINDS = frozenset({ClassKind.MATTER, ClassKind.SERVICE})


class Priority(models.TextChoices):
    ROUTINE = "routine", _("routine")
    URGENT = "urgent", _("urgent")
    CRITICAL = "critical", _("critical")


class QuestionType(models.TextChoices):
    """Extra-question types; the values are Open311's attribute datatypes."""

    STRING = "string", _("short text")
    NUMBER = "number", _("number")
    DATETIME = "datetime", _("date and time")
    TEXT = "text", _("long text")
    SINGLE = "singlevaluelist", _("single choice")
    MULTI = "multivaluelist", _("multiple choice")


class ServiceType(models.TextChoices):
    """How an Open311 client learns the case number of a report of this class."""

    REALTIME = "realtime", _("realtime: the case number at once")
    BATCH = "batch", _("batch: a token at once, the case number once the report is taken in")
