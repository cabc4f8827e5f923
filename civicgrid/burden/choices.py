"""What people do to an admission application; ``burden/transitions.py`` says from which state
each action goes where."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ApplicationAction(models.TextChoices):
    APPLY = "apply", pgettext_lazy("application step", "apply")
    ADMIT = "admit", pgettext_lazy("application step", "admit")
    REFUSE = "refuse", pgettext_lazy("application step", "refuse")
    WITHDRAW = "withdraw", pgettext_lazy("application step", "withdraw")
