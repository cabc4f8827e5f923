from django.db import models
from django.utils.translation import gettext_lazy as _

# the tiers are the routing rules' (escalation raises a case to one); cases keep naming them here
from civicgrid.routing.choices import Tier as Tier


class State(models.TextChoices):
    """The states of a case's loop (the table in ``transitions.py``; docs/user-guide.md, "Cases")."""

    REPORTED = "reported", _("Reported")
    VERIFYING = "verifying", _("Verifying")
    REGISTERED = "registered", _("Registered")
    VOIDED = "voided", _("Voided")
    DISPATCHED = "dispatched", _("Dispatched")
    HANDLING = "handling", _("Handling")
    HANDLED = "handled", _("Handled")
    CHECKING = "checking", _("Checking")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class Action(models.TextChoices):
    """What people do to a case; ``cases/transitions.py`` says who may, and from where."""

    SEND_TO_VERIFY = "send_to_verify", _("Send for verification")
    VERIFY = "verify", _("Verify on site")
    REGISTER = "register", _("Register")
    VOID = "void", _("Void")
    MERGE = "merge", _("Merge into another case")
    DISPATCH = "dispatch", _("Dispatch")
    SIGN = "sign", _("Sign for")
    RETURN = "return", _("Return (not our duty)")
    REQUEST_EXTENSION = "request_extension", _("Request an extension")
    APPROVE_EXTENSION = "approve_extension", _("Approve the extension")
    REFUSE_EXTENSION = "refuse_extension", _("Refuse the extension")
    ADD_UNIT = "add_unit", _("Add a unit")
    REQUEST_SUSPENSION = "request_suspension", _("Request suspension")
    APPROVE_SUSPENSION = "approve_suspension", _("Approve suspension")
    REFUSE_SUSPENSION = "refuse_suspension", _("Refuse suspension")
    RESUME = "resume", _("Resume")
    REPORT_HANDLED = "report_handled", _("Report handled")
    SEND_CHECK = "send_check", _("Send for checking")
    PASS_CHECK = "pass_check", _("Pass the check")
    FAIL_CHECK = "fail_check", _("Fail the check (rework)")
    CLOSE = "close", _("Close")
    CALL_BACK = "call_back", _("Call back")
    RATE = "rate", _("Rate")
    REOPEN = "reopen", _("Reopen")
    ESCALATE = "escalate", _("Escalate")
    SUPERVISE = "supervise", _("Supervise")
    SELF_HANDLE = "self_handle", _("Self-handle on the spot")
    ANSWER = "answer", _("Answer on the spot")
    PUBLISH_PHOTOS = "publish_photos", _("Choose the photos shown to the public")


class Channel(models.TextChoices):
    """Where a case came from (来源)."""

    PATROL = "patrol", _("Grid patrol")
    HOTLINE = "hotline", _("12345 hotline")
    WINDOW = "window", _("Service window")
    WEB = "web", _("Web portal")
    MOBILE = "mobile", _("Mobile")
    OPEN311 = "open311", _("Open311 API")
    IOT = "iot", _("Video / IoT alarm")
    SUPERIOR = "superior", _("Superior assignment")
    LIAISON = "liaison", _("Liaison officer")
    LEADER = "leader", _("Leader instruction")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Card(models.TextChoices):
    """Supervision level of a case's current deadline."""

    NONE = "none", _("On time")
    YELLOW = "yellow", _("Yellow card")
    RED = "red", _("Red card")
