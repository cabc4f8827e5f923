"""Livelihood micro-projects (民生微实事): collect → deliberate → decide → implement →
accept (征集→评议→确定→实施→验收).

A **call** (征集) of a community or a street has a budget, its dates and a cap per project type.
Residents, councils, units and social organisations **propose**; the council **deliberates**
(评议) and puts eligible proposals on the ballot, with reasons either way. Registered residents of
the area **vote**, one ballot each: approval voting (up to a number of projects) or budget voting
(projects costing together at most the call's budget). The **tally** takes the projects by votes,
skipping one that no longer fits the remaining budget. Winners are **implemented** (milestones,
progress, spending with receipts), **accepted** by residents' representatives and **rated**.

Ballot secrecy: who voted (the roll, ``Voter``) and what was voted (``Ballot``) are kept apart.
Both are keyed by HMACs of the person under the server's key, derived differently, so no page,
API, admin list or join of the two tables tells who voted for what. Paper ballots are counted
as papers: the roll marks who took one; the papers are entered without a name and confirmed by
a second person.

A call's state (not yet counted → counted) and a meeting's (planned → held or cancelled) change
only as ``participation/transitions.py`` allows, through the one writer of
``participation/workflow.py``, which records each change as a step (who, when, from, to, why).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.models import BaseModel

from .choices import CallAction

MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}


class ProjectType(models.TextChoices):
    WORKS = "works", _("works (工程)")
    SERVICES = "services", _("services (服务)")
    GOODS = "goods", _("goods (货物)")


class Method(models.TextChoices):
    APPROVAL = "approval", _("approval voting: tick up to the allowed number of projects")
    BUDGET = "budget", _("budget voting: projects costing together at most the budget")


class Purpose(models.TextChoices):
    """What a vote of the area's residents decides (DOMAIN.md §12, §18)."""

    PROJECTS = "projects", _("micro-projects (民生微实事)")
    OPTIONS = "options", _("option vote of all residents (民主票决)")
    ELECTION = "election", _("election (直接选举)")


class Call(BaseModel):
    """A vote of the registered residents of a community or a street: a call for micro-projects
    (征集), an option vote (票决: the options set by the area's leaders) or the direct election
    of a residents' committee or council (candidates by open nomination, 海选)."""

    class Status(models.TextChoices):
        OPEN = "open", _("not yet counted")
        TALLIED = "tallied", _("counted")

    purpose = models.CharField(
        _("what the vote decides"), max_length=10, choices=Purpose.choices,
        default=Purpose.PROJECTS,
    )  # fmt: skip
    council = models.ForeignKey(
        "participation.Council", models.PROTECT, null=True, blank=True, related_name="calls",
        verbose_name=_("committee or council elected"),
    )  # fmt: skip
    majority = models.PositiveSmallIntegerField(
        _("share of the ballots needed (more than, %)"), default=50,
        validators=[MinValueValidator(50), MaxValueValidator(90)],
        help_text=_("An option or a candidate needs more than this share of the ballots."),
    )  # fmt: skip
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community or street")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is for"), max_length=4000, blank=True)
    requirements = models.TextField(
        _("requirements"), max_length=4000, blank=True,
        help_text=_("Who may propose, what is eligible, how the council decides."),
    )  # fmt: skip
    budget = models.DecimalField(_("budget (yuan)"), **MONEY)
    cap_works = models.DecimalField(_("cap for a works project"), **MONEY, default=Decimal(0))
    cap_services = models.DecimalField(_("cap for a services project"), **MONEY, default=Decimal(0))
    cap_goods = models.DecimalField(_("cap for a goods project"), **MONEY, default=Decimal(0))
    proposals_from = models.DateField(_("proposals from"))
    proposals_until = models.DateField(_("proposals until"))
    voting_from = models.DateTimeField(_("voting opens"))
    voting_until = models.DateTimeField(_("voting closes"))
    method = models.CharField(_("voting method"), max_length=10, choices=Method.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("projects a voter may tick (approval voting; 0: any)"), default=0,
        validators=[MaxValueValidator(100)],
    )  # fmt: skip
    min_age = models.PositiveSmallIntegerField(
        _("youngest voter (years)"), default=18,
        validators=[MinValueValidator(14), MaxValueValidator(120)],
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    tallied_at = models.DateTimeField(_("tallied at"), null=True, blank=True)
    ballots = models.PositiveIntegerField(_("ballots counted"), default=0)
    tally_digest = models.CharField(
        _("fingerprint of the ballots counted"), max_length=64, blank=True,
        help_text=_("SHA-256 of the ballots as counted: a recount gives the same."),
    )  # fmt: skip
    roll = models.PositiveIntegerField(_("voters on the roll"), null=True, blank=True)
    stands = models.BooleanField(
        _("the vote stands (more than half the roll voted)"), null=True, blank=True
    )

    class Meta:
        ordering = ["-voting_from", "-id"]
        verbose_name = _("residents' vote")
        verbose_name_plural = _("residents' votes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", tallied_at__isnull=True)
                | models.Q(status="tallied", tallied_at__isnull=False),
                name="call_counted_when_tallied",
                violation_error_message=_("A counted call has the time of its count."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def cap(self, kind: str) -> Decimal:
        return getattr(self, f"cap_{kind}")


class CallStep(models.Model):
    """One change of a call's state on the record: who, when, from which state to which, why."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="steps", verbose_name=_("call"))
    action = models.CharField(_("step"), max_length=10, choices=CallAction.choices)
    from_state = models.CharField(_("from"), max_length=10, choices=Call.Status.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=Call.Status.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
        verbose_name=pgettext_lazy("actor", "by"),
    )  # fmt: skip
    note = models.TextField(_("why"), max_length=2000, blank=True)

    class Meta:
        ordering = ["call", "at", "id"]
        verbose_name = _("call step")
        verbose_name_plural = _("call steps")

    def __str__(self) -> str:
        return f"{self.call} · {self.action}"


class Proposal(BaseModel):
    class Proposer(models.TextChoices):
        RESIDENT = "resident", _("resident")
        COUNCIL = "council", _("residents' council")
        UNIT = "unit", _("unit")
        SOCIAL_ORG = "social_org", _("social organisation")
        ORGANISER = "organiser", _("the organisers")
        NOMINATION = "nomination", _("open nomination (海选)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting deliberation")
        ON_BALLOT = "on_ballot", _("on the ballot")
        REJECTED = "rejected", _("not put to the vote")
        WON = "won", _("chosen")
        SKIPPED = "skipped", _("not chosen: no longer fitted the budget")
        LOST = "lost", _("not chosen")
        TIED = "tied", _("tied for the last seat: a run-off decides")

    call = models.ForeignKey(Call, models.CASCADE, related_name="proposals", verbose_name=_("call"))
    title = models.CharField(_("project"), max_length=200)
    description = models.TextField(_("what it does"), max_length=4000)
    beneficiaries = models.CharField(_("who benefits"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=ProjectType.choices, blank=True)
    cost = models.DecimalField(_("estimated cost (yuan)"), **MONEY, default=Decimal(0))
    person = models.ForeignKey(
        "registry.Person", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("candidate"),
    )  # fmt: skip
    nominations = models.PositiveIntegerField(_("residents who nominated"), default=0)
    address = models.CharField(_("where"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    proposer = models.CharField(_("proposed by"), max_length=12, choices=Proposer.choices)
    proposer_unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("proposing unit"),
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("entered by"),
        help_text=_("Empty for a nominated candidate: nobody is shown who nominated."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reasons = models.TextField(_("the council's reasons (评议)"), max_length=4000, blank=True)
    deliberated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("deliberated by"),
    )  # fmt: skip
    deliberated_at = models.DateTimeField(_("deliberated at"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("place in the count"), null=True, blank=True)

    class Meta:
        ordering = ["call", "id"]
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "person"], condition=models.Q(person__isnull=False),
                name="uniq_candidate_per_call",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class Nomination(models.Model):
    """A resident nominated a candidate (海选): by a keyed hash of the nominator, never a name,
    so each resident nominates a candidate once and at most as many as there are seats."""

    proposal = models.ForeignKey(
        Proposal, models.CASCADE, related_name="+", verbose_name=_("candidate")
    )
    nominator_key = models.CharField(_("nominator (keyed hash)"), max_length=64)

    class Meta:
        verbose_name = pgettext_lazy("election", "nomination")
        verbose_name_plural = pgettext_lazy("election", "nominations")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "nominator_key"], name="uniq_nomination")
        ]

    def __str__(self) -> str:
        return str(self.proposal_id)


class Voter(models.Model):
    """The roll: a person (by a keyed hash, never a name) has voted in a call, and how."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("paper ballot")

    call = models.ForeignKey(Call, models.CASCADE, related_name="+", verbose_name=_("call"))
    person_key = models.CharField(_("person (keyed hash)"), max_length=64)
    channel = models.CharField(_("how"), max_length=6, choices=Channel.choices)
    voted_on = models.DateField(_("day"))

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["call", "person_key"], name="uniq_voter_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.call_id} · {self.get_channel_display()}"


class Ballot(models.Model):
    """What was voted: the projects chosen, under a key only the voter's own proof recomputes
    (an online ballot, changeable until the close) or a random one (a paper ballot). No time,
    no order: nothing ties a ballot to a voter on the roll."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    call = models.ForeignKey(Call, models.CASCADE, related_name="+", verbose_name=_("call"))
    key = models.CharField(_("key"), max_length=64)
    choices = models.JSONField(_("projects chosen"), default=list)
    paper = models.BooleanField(_("paper ballot"), default=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="uniq_ballot_key")]

    def __str__(self) -> str:
        return str(self.pk)


class PaperEntry(BaseModel):
    """A paper ballot as entered by one person, counted once a second person confirms it."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="+", verbose_name=_("call"))
    number = models.CharField(_("paper number"), max_length=30)
    choices = models.JSONField(_("projects chosen"), default=list)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("confirmed by"),
    )  # fmt: skip

    class Meta:
        ordering = ["call", "number"]
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        constraints = [models.UniqueConstraint(fields=["call", "number"], name="uniq_paper_number")]


class Project(BaseModel):
    """A chosen proposal being carried out (实施), accepted (验收) and rated."""

    proposal = models.OneToOneField(
        Proposal, models.PROTECT, related_name="project", verbose_name=_("proposal")
    )
    implementer = models.CharField(_("contractor"), max_length=200, blank=True)
    implementer_unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("social organisation or unit carrying it out"),
    )  # fmt: skip
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    acceptance = models.TextField(_("acceptance record"), max_length=4000, blank=True)
    accepted_by = models.CharField(
        _("residents' representatives who accepted it"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["proposal__call", "proposal"]
        verbose_name = _("micro-project")
        verbose_name_plural = _("micro-projects")

    def __str__(self) -> str:
        return self.proposal.title


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Spending(BaseModel):
    project = models.ForeignKey(
        Project, models.PROTECT, related_name="spending", verbose_name=_("project")
    )
    spent_on = models.DateField(_("date"))
    item = models.CharField(_("what for"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    receipt = models.FileField(_("receipt"), upload_to="participation/receipts/%Y/")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    class Meta:
        ordering = ["project", "spent_on", "id"]
        verbose_name = _("spending record")
        verbose_name_plural = _("spending records")


class Rating(models.Model):
    """A resident's rating of a finished project: one per person (a keyed hash, no name)."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="ratings", verbose_name=_("project")
    )
    person_key = models.CharField(_("person (keyed hash)"), max_length=64)
    score = models.PositiveSmallIntegerField(
        _("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("project rating")
        verbose_name_plural = _("project ratings")
        constraints = [
            models.UniqueConstraint(fields=["project", "person_key"], name="uniq_project_rater")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.score}"


from .council_models import (  # noqa: E402,F401  (the councils, meetings and opinions)
    Attendee,
    Candidate,
    Claim,
    Council,
    CouncilMember,
    CouncilNotice,
    Election,
    FollowUp,
    Meeting,
    MeetingStep,
    Opinion,
    Resolution,
)
