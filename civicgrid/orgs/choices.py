"""What people do to a tender or a subsidy; ``orgs/transitions.py`` says from which state each
action goes where."""

from django.db import models
from django.utils.translation import pgettext_lazy


class TenderAction(models.TextChoices):
    OPEN = "open", pgettext_lazy("tender step", "open")
    AWARD = "award", pgettext_lazy("tender step", "award")
    CANCEL = "cancel", pgettext_lazy("tender step", "cancel")


class SubsidyAction(models.TextChoices):
    APPLY = "apply", pgettext_lazy("subsidy step", "apply")
    RECOMMEND = "recommend", pgettext_lazy("subsidy step", "recommend")
    NOT_RECOMMEND = "not_recommend", pgettext_lazy("subsidy step", "refuse at review")
    APPROVE = "approve", pgettext_lazy("subsidy step", "approve")
    REFUSE = "refuse", pgettext_lazy("subsidy step", "refuse")
    PAY = "pay", pgettext_lazy("subsidy step", "pay")
