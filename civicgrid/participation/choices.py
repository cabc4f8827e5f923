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


class AttendeeRole(models.TextChoices):
    """Who someone at a meeting is there as: a joint property meeting (物业联席会) brings these
    together (002: the community party committee convenes owners' committee, company and
    resident representatives, the police officer, a lawyer and the district's housing bureau)."""

    PARTY = "party", _("community party organisation")
    COMMITTEE = "committee", _("residents' committee")
    OWNERS = "owners", _("owners' committee")
    COMPANY = "company", _("property company")
    RESIDENT = "resident", _("resident representative")
    POLICE = "police", _("police officer")
    LAWYER = "lawyer", _("lawyer")
    HOUSING = "housing", _("housing bureau")
    DEPARTMENT = "department", _("other department")
    OTHER = "other", _("other")
