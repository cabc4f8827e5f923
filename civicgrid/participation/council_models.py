"""Councils, elections, the three meetings (三会) and residents' opinions (三民).

- A **council** of a community: the residents' council (居民议事会), a building council (楼栋议事会)
  or an owners' committee (业主委员会); or of a street: its consultation committee (民意民智协调委员会,
  meeting quarterly, told of major matters by **notices**, submitting opinions and rating the
  street's work). Its members are persons of the register, with a role and a term. **Elections** are recorded with their candidates, ballots, turnout and result.
- **Meetings** of each kind — hearing (听证会), coordination (协调会), evaluation (评议会) and council
  session — with an agenda, the people invited, sign-in, minutes, resolutions with their votes,
  follow-up tasks (which may become cases) and a summary published to residents.
- **Opinions** collected from residents (visits, meetings, the portal, liaison officers), each
  routed as a case, a micro-project proposal or a meeting's agenda item, and resolved.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.cases.choices import State as CaseState
from civicgrid.core.models import BaseModel

from .choices import AttendeeRole, MeetingAction


class Council(BaseModel):
    class Kind(models.TextChoices):
        RESIDENTS = "residents", _("residents' council (居民议事会)")
        BUILDING = "building", _("building council (楼栋议事会)")
        OWNERS = "owners", _("owners' committee (业主委员会)")
        STREET = "street", _("street consultation committee (民意民智协调委员会)")
        COMMITTEE = "committee", _("residents' committee (居民委员会)")

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community or street")
    )
    building = models.ForeignKey(
        "registry.Building", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("building (a building council)"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    term_from = models.DateField(_("term from"))
    term_until = models.DateField(_("term until"))
    seats = models.PositiveSmallIntegerField(
        _("seats"), default=21, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )

    class Meta:
        ordering = ["area", "kind", "name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name


class CouncilMember(BaseModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="members", verbose_name=_("council")
    )
    person = models.ForeignKey(
        "registry.Person", models.PROTECT, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    term_from = models.DateField(_("term from"))
    term_until = models.DateField(_("term until"))

    class Meta:
        ordering = ["council", "role", "id"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person", "term_from"], name="uniq_council_member_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} · {self.person}"


class Election(BaseModel):
    council = models.ForeignKey(
        Council, models.CASCADE, related_name="elections", verbose_name=_("council")
    )
    held_on = models.DateField(_("held on"))
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    eligible = models.PositiveIntegerField(_("voters on the roll"))
    ballots = models.PositiveIntegerField(_("ballots cast"))
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    call = models.OneToOneField(
        "participation.Call", models.PROTECT, null=True, blank=True, related_name="election",
        verbose_name=_("the vote it was counted from"),
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return f"{self.council} {self.held_on}"

    @property
    def turnout(self) -> Decimal:
        return (Decimal(100) * self.ballots / self.eligible).quantize(Decimal("0.1"))


class Candidate(models.Model):
    election = models.ForeignKey(
        Election, models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    person = models.ForeignKey(
        "registry.Person", models.PROTECT, related_name="+", verbose_name=_("person")
    )
    votes = models.PositiveIntegerField(_("votes"))
    elected = models.BooleanField(_("elected"), default=False)

    class Meta:
        ordering = ["election", "-votes", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return str(self.person)


class Meeting(BaseModel):
    class Kind(models.TextChoices):
        HEARING = "hearing", _("hearing (听证会)")
        COORDINATION = "coordination", _("coordination meeting (协调会)")
        EVALUATION = "evaluation", _("evaluation meeting (评议会)")
        SESSION = "session", _("council session (议事会会议)")
        PROPERTY = "property", _("joint property meeting (物业联席会)")
        CONSULTATION = "consultation", _("street consultation meeting (民意民智协调会)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community or street")
    )
    council = models.ForeignKey(
        Council, models.PROTECT, null=True, blank=True, related_name="meetings",
        verbose_name=_("council"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), max_length=8000)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), max_length=8000, blank=True)
    summary = models.TextField(_("summary for residents"), max_length=4000, blank=True)
    published_at = models.DateTimeField(_("summary published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("called by")
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class MeetingStep(models.Model):
    """One change of a meeting's state on the record: who, when, from which state to which, why
    (the summary's publication is a step too, the meeting staying held)."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="steps", verbose_name=_("meeting")
    )
    action = models.CharField(_("step"), max_length=10, choices=MeetingAction.choices)
    from_state = models.CharField(_("from"), max_length=10, choices=Meeting.Status.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=Meeting.Status.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
        verbose_name=pgettext_lazy("actor", "by"),
    )  # fmt: skip
    note = models.TextField(_("why"), max_length=2000, blank=True)

    class Meta:
        ordering = ["meeting", "at", "id"]
        verbose_name = _("meeting step")
        verbose_name_plural = _("meeting steps")

    def __str__(self) -> str:
        return f"{self.meeting} · {self.action}"


class Attendee(models.Model):
    """Someone invited to a meeting (a council member, or a named person of an organisation),
    what they are there as (a joint property meeting's participants by role), and when they
    signed in."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attendees", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        CouncilMember, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("council member"),
    )  # fmt: skip
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    role = models.CharField(_("there as"), max_length=12, choices=AttendeeRole.choices, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.name


class Resolution(BaseModel):
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    text = models.TextField(_("resolution"), max_length=4000)
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    abstentions = models.PositiveIntegerField(_("abstentions"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return self.text[:60]


class FollowUp(BaseModel):
    resolution = models.ForeignKey(
        Resolution, models.CASCADE, related_name="follow_ups", verbose_name=_("resolution")
    )
    task = models.CharField(_("task"), max_length=300)
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit responsible"),
    )  # fmt: skip
    due_on = models.DateField(_("due"))
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("case"),
    )  # fmt: skip
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["resolution", "due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self) -> str:
        return self.task

    @property
    def solved(self) -> bool:
        """Its case is closed, or it was marked done (``SOLVED`` asks the same of the rows)."""
        return self.done_on is not None or (
            self.case is not None and self.case.state == CaseState.CLOSED
        )


SOLVED = models.Q(case__state=CaseState.CLOSED) | models.Q(done_on__isnull=False)


class Opinion(BaseModel):
    """A resident's opinion collected (三民: 民情、民意、民生), routed and resolved."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("home visit")
        MEETING = "meeting", _("meeting")
        PORTAL = "portal", _("portal")
        LIAISON = "liaison", _("liaison officer")
        COMMITTEE = "committee", _("street consultation committee member")

    class Route(models.TextChoices):
        CASE = "case", _("a case")
        PROPOSAL = "proposal", _("a micro-project proposal")
        AGENDA = "agenda", _("a meeting's agenda")

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    channel = models.CharField(_("collected by way of"), max_length=10, choices=Channel.choices)
    text = models.TextField(_("opinion"), max_length=4000)
    collected_on = models.DateField(_("collected on"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("collected by"),
    )  # fmt: skip
    route = models.CharField(_("routed as"), max_length=10, choices=Route.choices, blank=True)
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("case"),
    )  # fmt: skip
    proposal = models.ForeignKey(
        "participation.Proposal", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("proposal"),
    )  # fmt: skip
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("meeting"),
    )  # fmt: skip
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), max_length=4000, blank=True)

    # set by the opinions page on each opinion it shows (not columns)
    is_resolved: bool
    waits_for_case: bool

    class Meta:
        ordering = ["-collected_on", "-id"]
        verbose_name = _("residents' opinion")
        verbose_name_plural = _("residents' opinions")

    def __str__(self) -> str:
        return self.text[:60]


class Claim(BaseModel):
    """Someone takes on a micro-project or a volunteer task (认领), and the service hours given."""

    class Claimant(models.TextChoices):
        PARTY = "party", _("party organisation")
        UNIT = "unit", _("unit")
        VOLUNTEER = "volunteer", _("volunteer")

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    project = models.ForeignKey(
        "participation.Project", models.PROTECT, null=True, blank=True, related_name="claims",
        verbose_name=_("micro-project"),
    )  # fmt: skip
    task = models.CharField(_("volunteer task"), max_length=200, blank=True)
    claimant = models.CharField(_("claimed by"), max_length=10, choices=Claimant.choices)
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("party organisation or unit"),
    )  # fmt: skip
    volunteer = models.CharField(_("volunteer's name"), max_length=50, blank=True)
    hours = models.DecimalField(
        _("service hours"), max_digits=8, decimal_places=1, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("99999.9"))],
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return self.task or str(self.project)


class CouncilNotice(BaseModel):
    """Major information sent to a council's members (a street consultation committee is told of
    the street's key work and projects): on the council's page, in the API and in the inbox of
    each member who has an account."""

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="notices", verbose_name=_("council")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=8000)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("sent by")
    )

    class Meta:
        ordering = ["council", "-sent_at", "-id"]
        verbose_name = _("notice to members")
        verbose_name_plural = _("notices to members")

    def __str__(self) -> str:
        return self.title
