"""The case (案件) and its log: one closed loop for every problem, appeal and dispute.

``Case.state`` is written only by ``cases.services.transition.case_transition``; each change
appends a ``CaseEvent``. Deadlines of the current stage (``due_at``, ``yellow_at``, ``red_at``)
are stored when a stage starts, so overdue and card levels are plain comparisons with *now* in
queries — lists and counts are right without any background job.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts import permissions
from civicgrid.catalogue.choices import ClassKind, Priority
from civicgrid.core.models import BaseModel
from civicgrid.registry.models import EncryptedPii, pii_fields
from civicgrid.routing.choices import CASE_TIERS

from ..choices import Action, Channel, Rating, State, Tier
from ..transitions import OPEN_STATES

OPEN = sorted(OPEN_STATES)  # a fixed order, for the partial index in migrations
# A running case: open, its clock not suspended. The one definition, for every count of running
# cases (cards, the command centre, the sweep) and the partial indexes that serve them.
RUNNING_Q = Q(state__in=OPEN, suspended_at__isnull=True)
# The states in which a case is with its unit (a handler's queue), in a fixed order likewise.
WITH_UNIT = sorted([State.DISPATCHED, State.HANDLING, State.REOPENED])


def is_running(case: Case) -> bool:
    """``RUNNING_Q`` asked of one loaded case."""
    return running(case.state, case.suspended_at)


def running(state: str, suspended_at) -> bool:
    """``RUNNING_Q`` asked of a case's two columns (a row read as values)."""
    return state in OPEN_STATES and suspended_at is None


def visible_parts(user) -> tuple[Q | None, list[Q]]:
    """What ``visible_to`` selects, in parts: the cases of the user's area (an empty Q for every
    case, None for none at all), and what else the user sees (cases assigned to their units,
    cases they reported). Counts read the first from an index and add each other part less the
    ones before it: asked of all at once (an OR), the database reads every row of the area."""
    if permissions.is_everywhere(user):
        return Q(), []
    if not getattr(user, "is_authenticated", False):
        return None, []
    scope = permissions.scope_filter(user, "grid__path", permissions.VIEW_CASES)
    if not scope.children:  # an empty Q: the scope holds every grid (an empty Q OR x would be x)
        return Q(), []
    extra = []
    units = permissions.handler_units(user)
    if units:
        # asked of each case (EXISTS): a semi-join when alone (counts), one probe of the
        # assignments' index per case when OR'ed with the rest (as "id IN", it read all the
        # unit's assignments first: a department's case page cost 7–27 ms, now 0.1 ms)
        extra.append(Q(Exists(assigned_to(units).filter(case=OuterRef("pk")))))
    extra.append(Q(reporter_user=user))
    return scope, extra


def assigned_to(units):
    """The ids of the cases actively assigned to any of ``units``, as a subquery."""
    return CaseAssignment.objects.filter(unit_id__in=units, active=True).values("case_id")


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases in the user's area (roles that see cases), cases assigned to the user's units
        (handlers), and cases the user reported."""
        scope, extra = visible_parts(user)
        if scope is None:
            return self.none()
        if not scope.children:  # every case
            return self
        for part in extra:
            scope |= part
        return self.filter(scope)

    def open(self):
        return self.exclude(state__in=[State.CLOSED, State.VOIDED])


class Case(EncryptedPii, BaseModel):
    """A problem, appeal, dispute or service request, from report to rating."""

    number = models.CharField(_("case number"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ClassKind.choices)
    case_class = models.ForeignKey(
        "catalogue.CaseClass", models.PROTECT, related_name="cases", verbose_name=_("class")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, editable=False)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    description = models.TextField(_("description"), max_length=4000)
    answers = models.JSONField(_("answers to the class's questions"), default=dict, blank=True)

    # where
    lon = models.FloatField(_("longitude (WGS84)"), null=True, blank=True)
    lat = models.FloatField(_("latitude (WGS84)"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    building = models.ForeignKey(
        "registry.Building",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("building"),
    )
    grid = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="cases", verbose_name=_("grid"), db_index=False
    )

    # who reported (contact details private: encrypted, masked, revealed with the right)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_cases",
        verbose_name=_("reporter account"),
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_name = models.CharField(_("reporter name"), max_length=50, blank=True)
    reporter_phone_enc, reporter_phone_index, reporter_phone_masked = pii_fields(
        "reporter_phone", _("reporter phone")
    )
    reporter_email_enc, reporter_email_index, reporter_email_masked = pii_fields(
        "reporter_email", _("reporter email")
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, blank=True)
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )

    # who handles it
    dispatch_level = models.CharField(_("dispatch level"), max_length=10, default="district")
    lead_unit = models.ForeignKey(
        "accounts.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_cases",
        verbose_name=_("lead unit"),
    )
    routing_rule = models.ForeignKey(
        "routing.ResponsibilityRule",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("routing rule used"),
    )
    tier_opened = models.CharField(_("tier opened"), max_length=10, choices=CASE_TIERS)
    tier_current = models.CharField(_("tier now"), max_length=10, choices=CASE_TIERS)
    tier_resolved = models.CharField(
        _("tier resolved"), max_length=10, choices=Tier.choices, blank=True
    )

    # the clock of the current stage
    due_at = models.DateTimeField(_("current deadline"), null=True, blank=True)
    yellow_at = models.DateTimeField(_("yellow card at"), null=True, blank=True)
    red_at = models.DateTimeField(_("red card at"), null=True, blank=True)
    handle_due_at = models.DateTimeField(_("handling deadline"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended since"), null=True, blank=True)
    supervised_at = models.DateTimeField(_("supervised (督办) at"), null=True, blank=True)

    # milestones (the event log is the truth; these serve lists and indicators)
    reported_at = models.DateTimeField(_("reported at"))
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_seconds = models.PositiveIntegerField(
        _("working seconds from dispatch to handled"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("closed on time"), null=True, blank=True)
    self_handled = models.BooleanField(_("self-handled"), default=False)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    resolved = models.BooleanField(_("solved, in the reporter's words"), null=True, blank=True)
    rework_count = models.PositiveSmallIntegerField(_("reworks"), default=0)
    return_count = models.PositiveSmallIntegerField(_("returns"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("reopenings"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    # Not columns: what the services and the API put on a case they answer with.
    replayed: bool  # a report answered again for the same idempotency key
    first_event: CaseEvent  # the report's event, on a case just reported
    reporter_phone: str  # masked (the whole number: the callback's audited reveal)
    answers_text: list[dict]  # the answers by their labels: {"question", "answer"}
    merged_into_number: str | None
    actions: list[Action]  # what the caller may do now
    suggestion: dict | None  # the routing suggestion while the case waits for dispatch
    card: str  # the supervision card (green, yellow, red)
    _prefetched_objects_cache: dict  # Django's, set to spare a query on a new case

    class Meta:
        ordering = ["-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["grid", "id"], name="case_grid_id"),
            models.Index(fields=["state", "id"], name="case_state_id"),
            models.Index(fields=["lead_unit", "state"], name="case_unit_state"),
            models.Index(fields=["reported_at"], name="case_reported_at"),
            # evaluation: the cases registered, or dispatched, in a period
            models.Index(fields=["registered_at"], name="case_registered_at"),
            models.Index(fields=["dispatched_at"], name="case_dispatched_at"),
            models.Index(fields=["reporter_phone_index"], name="case_reporter_phone"),
            models.Index(fields=["case_class", "id"], name="case_class_id"),
            # open cases newest first (queues, "open" filters, cards), a small slice of the table;
            # it carries the state and the deadlines so that a department's assigned cases (24,000
            # at city scale) are counted and ranked without reading a row each
            models.Index(
                fields=["-id"],
                include=["state", "due_at", "suspended_at", "yellow_at", "red_at"],
                name="case_open_covering",
                condition=Q(state__in=OPEN),
            ),
            # the cases with their units newest first (handlers' queues, merged with the unit's
            # assignments): the day's new reports, in other states, are not stepped over (a
            # department's page read 15,000 rows at 10,000,000 cases during a day, now ~500)
            models.Index(
                fields=["-id"], name="case_with_unit_id", condition=Q(state__in=WITH_UNIT)
            ),
            # the sweep: running cases whose yellow or red point falls in the window swept
            models.Index(fields=["yellow_at"], name="case_running_yellow", condition=RUNNING_Q),
            # … what falls due today (workbenches)
            models.Index(fields=["due_at"], name="case_running_due", condition=RUNNING_Q),
            # … and red cards counted per grid (command centre), and those with their deadline
            # still ahead listed by it (its overdue list), from the index alone
            models.Index(
                fields=["red_at"],
                include=["grid", "due_at", "id"],
                name="case_running_red_due",
                condition=RUNNING_Q,
            ),
            # open cases by state, card and deadline in an area (workbenches' counts), read from
            # the index alone
            models.Index(
                fields=["grid"],
                include=["state", "suspended_at", "yellow_at", "red_at", "due_at"],
                name="case_open_grid",
                condition=Q(state__in=OPEN),
            ),
            # the shift lead's queue: closed cases the reporter was dissatisfied with (few)
            models.Index(
                fields=["-id"],
                name="case_dissatisfied",
                condition=Q(state=State.CLOSED, rating=Rating.DISSATISFIED),
            ),
            # duplicates at intake: open cases of a class in a latitude band (then longitude)
            models.Index(
                fields=["case_class", "lat", "lon"],
                name="case_open_class_place",
                condition=Q(state__in=OPEN, merged_into__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="uniq_case_idempotency",
                violation_error_message=_("A case with this idempotency key already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.number

    def assigned_unit_ids(self) -> list[int]:
        return [a.unit_id for a in self.assignments.all() if a.active]


class CaseAssignment(BaseModel):
    """A unit a case is dispatched to, as the lead unit or a cooperating one."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead unit")
        COOPERATING = "cooperating", _("cooperating unit")

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="assignments", verbose_name=_("case")
    )
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="case_assignments", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)

    class Meta:
        ordering = ["case", "role", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["unit", "active", "case"], name="assignment_unit_case")]

    def __str__(self) -> str:
        return f"{self.case} → {self.unit}"


class CaseEvent(models.Model):
    """One step on the record: append-only (who, when, from, to, note, attachments)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="events", verbose_name=_("case"))
    seq = models.PositiveIntegerField(_("number in the case"))
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_unit = models.ForeignKey(
        "accounts.OrgUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor's unit"),
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("shown to the reporter"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["case", "seq"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="uniq_case_event_seq"),
        ]
        indexes = [models.Index(fields=["action", "at"], name="case_event_action_at")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action}"

    @property
    def action_label(self) -> str:
        """The step in words ("Dispatch"); the first event is the report."""
        if self.action in Action.values:
            return str(Action(self.action).label)
        return str(_("Reported")) if self.action == "report" else self.action

    @property
    def to_state_label(self) -> str:
        return str(State(self.to_state).label) if self.to_state in State.values else self.to_state
