"""What people do to a meeting or a micro-project call that changes its state;
``participation/transitions.py`` says from which state each action goes where."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingAction(models.TextChoices):
    HOLD = "hold", _("Record the minutes")
    CANCEL = "cancel", _("Cancel the meeting")
    PUBLISH = "publish", _("Publish the summary")


class CallAction(models.TextChoices):
    TALLY = "tally", _("Count the votes")
