"""The steps of a rating round's and an assessment round's workflow (``evaluation/transitions.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundState(models.TextChoices):
    """Where a round stands. Open: rating (a rating round, between its dates), or scoring and
    appeals (an assessment round, by their dates). Closed: the results are final."""

    OPEN = "open", _("in progress")
    CLOSED = "closed", _("results final")


class RoundAction(models.TextChoices):
    CLOSE = "close", _("make the results final")
    REOPEN = "reopen", _("reopen the round")
