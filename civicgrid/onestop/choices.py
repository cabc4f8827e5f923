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


class Channel(models.TextChoices):
    """Where an application came in."""

    WINDOW = "window", _("at the window")
    PORTAL = "portal", _("on the portal")
    PROXY = "proxy", _("by a grid worker for the applicant (代办)")


class Status(models.TextChoices):
    """An application's state (``onestop/transitions.py`` says how it moves)."""

    SUBMITTED = "submitted", _("submitted, to be accepted")
    NOTIFIED = "notified", _("told what is missing (一次性告知)")
    ACCEPTED = "accepted", _("accepted (受理)")
    REVIEWING = "reviewing", _("under review")
    PASSED_UP = "passed_up", _("passed up to the higher office")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    HANDED_OVER = "handed_over", _("handed over (办结)")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("submitted")
    NOTIFY = "notify", _("told what is missing")
    ACCEPT = "accept", pgettext_lazy("application", "accepted")
    RECEIVE = "receive", _("material received")
    REVIEW = "review", _("review step passed")
    PASS_UP = "pass_up", _("passed up")
    APPROVE = "approve", pgettext_lazy("application", "approved")
    REFUSE = "refuse", pgettext_lazy("application", "refused")
    HAND_OVER = "hand_over", _("handed over")
    WITHDRAW = "withdraw", pgettext_lazy("application", "withdrawn")


class MaterialState(models.TextChoices):
    PROVIDED = "provided", _("provided")
    FOLLOWING = "following", _("to follow (容缺)")
    MISSING = "missing", _("missing")


class HandOver(models.TextChoices):
    PICK_UP = "pick_up", _("picked up at the window")
    DELIVERY = "delivery", _("delivered (送达)")
    POST = "post", _("sent by post")
    ELECTRONIC = "electronic", _("electronic document")


class Grade(models.IntegerChoices):
    """The five levels of 好差评 (GB/T 39735: 非常满意 … 非常不满意); 1 and 2 are a bad rating."""

    VERY_SATISFIED = 5, _("very satisfied")
    SATISFIED = 4, _("satisfied")
    BASIC = 3, _("basically satisfied")
    DISSATISFIED = 2, _("dissatisfied")
    VERY_DISSATISFIED = 1, _("very dissatisfied")


BAD_GRADES = (Grade.DISSATISFIED, Grade.VERY_DISSATISFIED)
GOOD_GRADES = (Grade.VERY_SATISFIED, Grade.SATISFIED)
