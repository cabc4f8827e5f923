"""Work with the duty lists (为基层减负): departments apply to add work for communities
(准入申请), push recurring tasks only on admitted items, communities complain of work pushed
without admission, and every refused or upheld attempt stays on the community's record, which
its burden counts (``figures.py``).

The tables keep the names they had when these models were the duty lists' (``duties_…``): the
lists are rules below the cases, and these records, which point at cases and assessment schemes,
belong above them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.models import BaseModel
from civicgrid.duties.models import CommunityKind, ListType, Workload


class Application(Workload, BaseModel):
    """A department asks to add a task or an assessment for communities (准入申请)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("under review")
        ADMITTED = "admitted", _("admitted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    department = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("department")
    )
    list_type = models.CharField(
        _("for the list of"),
        max_length=12,
        choices=[(ListType.ASSISTING, ListType.ASSISTING.label),
                 (ListType.ASSESSMENT, ListType.ASSESSMENT.label)],
    )  # fmt: skip
    kinds = models.ManyToManyField(
        CommunityKind, related_name="+", verbose_name=_("kinds of community")
    )
    title = models.CharField(_("item"), max_length=200)
    reason = models.TextField(_("why communities should do it"), max_length=4000)
    basis = models.CharField(_("legal or policy basis"), max_length=300)
    scheme = models.ForeignKey(
        "evaluation.Scheme", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assessment scheme"),
    )  # fmt: skip
    starts_on = models.DateField(_("wanted from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    decision_due = models.DateField(_("decision due by"))
    decision = models.TextField(_("decision and reasons"), blank=True)
    item_code = models.CharField(_("item code on the list"), max_length=20, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("applied by")
    )

    class Meta:
        db_table = "duties_application"
        ordering = ["-created_at"]
        verbose_name = _("admission application")
        verbose_name_plural = _("admission applications")

    def __str__(self) -> str:
        return f"{self.department} · {self.title}"


class ApplicationStep(models.Model):
    """One step of an application on the record (applied, admitted, refused, withdrawn): who,
    when, from which state to which, and why. Written only by ``burden/workflow.py``."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="steps", verbose_name=_("application")
    )
    action = models.CharField(_("step"), max_length=12)
    from_state = models.CharField(
        _("from"), max_length=10, choices=Application.Status.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=10, choices=Application.Status.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("actor", "by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "duties_applicationstep"
        ordering = ["application", "at", "id"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self) -> str:
        return f"{self.application} · {self.action}"


class CommunityTask(BaseModel):
    """Recurring work a department asks of communities (台账、报表、数据采集、会议、检查). It goes
    through civicgrid, and only if an admitted list item allows it."""

    class Kind(models.TextChoices):
        LEDGER = "ledger", _("ledger (台账)")
        REPORT = "report", _("report (报表)")
        DATA = "data", _("data collection")
        MEETING = "meeting", _("meeting")
        INSPECTION = "inspection", _("inspection")

    class Every(models.TextChoices):
        ONCE = "once", _("once")
        WEEK = "week", _("every week")
        MONTH = "month", _("every month")
        QUARTER = "quarter", _("every quarter")
        YEAR = "year", _("every year")

    department = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("department")
    )
    kind = models.CharField(_("kind of work"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("task"), max_length=200)
    item_code = models.CharField(_("the admitted item it rests on"), max_length=20)
    every = models.CharField(_("how often"), max_length=8, choices=Every.choices)
    first_due = models.DateField(_("first due"))
    hours = models.DecimalField(
        _("hours each time"), max_digits=6, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    community = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("pushed by")
    )

    class Meta:
        db_table = "duties_communitytask"
        ordering = ["-created_at"]
        verbose_name = _("community task")
        verbose_name_plural = _("community tasks")

    def __str__(self) -> str:
        return f"{self.community} · {self.title}"


class Refusal(BaseModel):
    """Work pushed onto a community that civicgrid refused (a task, a dispatch) or that the
    review office found pushed without admission (an upheld complaint), with the rule cited:
    the record of unadmitted attempts that each community's burden counts."""

    class Source(models.TextChoices):
        TASK = "task", _("task pushed")
        DISPATCH = "dispatch", _("case dispatched")
        COMPLAINT = "complaint", _("complaint upheld")

    source = models.CharField(
        _("how it came"), max_length=10, choices=Source.choices, default=Source.TASK
    )
    department = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unit that pushed"),
    )  # fmt: skip
    community = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    case = models.ForeignKey(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("case"),
    )  # fmt: skip
    what = models.CharField(_("what was asked"), max_length=200)
    rule = models.CharField(_("rule cited"), max_length=400)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("actor", "by"),
    )

    class Meta:
        db_table = "duties_refusal"
        ordering = ["-created_at"]
        verbose_name = _("refused attempt")
        verbose_name_plural = _("refused attempts")

    def __str__(self) -> str:
        return f"{self.department} → {self.community}: {self.what}"


class Complaint(BaseModel):
    """A community reports a department that pushed unadmitted work onto it (supervision of the
    admission procedure). It enters the case loop as a case of the dedicated class (AP006),
    routed to the review office, which finds it upheld — then it counts as an unadmitted attempt
    against that department — or dismissed, with reasons."""

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting the review office")
        UPHELD = "upheld", _("upheld: unadmitted work")
        DISMISSED = "dismissed", _("dismissed")

    community = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("community")
    )
    department = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+",
        verbose_name=_("department that pushed the work"),
    )  # fmt: skip
    what = models.CharField(_("the work pushed"), max_length=200)
    details = models.TextField(_("how and when"), max_length=4000)
    hours = models.DecimalField(
        _("hours it takes a month"), max_digits=6, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    case = models.OneToOneField(
        "cases.Case", models.PROTECT, related_name="+", verbose_name=_("case")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    finding = models.TextField(_("finding and reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        db_table = "duties_complaint"
        ordering = ["-created_at"]
        verbose_name = _("complaint of unadmitted work")
        verbose_name_plural = _("complaints of unadmitted work")

    def __str__(self) -> str:
        return f"{self.community} ← {self.department}: {self.what}"
