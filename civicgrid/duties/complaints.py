"""Supervision of admission (issue 7 §2–3): a community reports a department that pushed work onto
it without admission. The complaint enters the case loop as a case of the dedicated class
(``AP006``, not open to the public), which the district's responsibility rule sends to the review
office; the review office finds it upheld — it then counts as an unadmitted attempt against that
department on the community's record — or dismissed, with reasons. Every step is on the record:
the case's timeline and the complaint's finding.

Who sees what: the review office all; a department the complaints about it; a community's people
their community's.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.catalogue.seed import UNADMITTED_WORK
from civicgrid.core.errors import DomainError

from .admission import DEPARTMENTS, reviews
from .enforce import my_communities
from .models import Complaint, Refusal


def visible(user) -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("community", "department", "case")
    if reviews(user):
        return qs
    units = {g.unit_id for g in permissions.grants(user)}
    return qs.filter(Q(department_id__in=units) | Q(community__in=my_communities(user, staff=True)))


def file(
    *, actor, community: Area, department: OrgUnit, what: str, details: str, hours=0
) -> Complaint:
    """A community's people report ``department`` for pushing ``what`` onto ``community``."""
    from civicgrid.cases.choices import Channel
    from civicgrid.cases.services.intake import Report, case_report, place_in

    if community is None or community not in my_communities(actor, staff=True):
        raise DomainError(
            _("You report for your own community only."), code="forbidden", field="community"
        )
    if department is None or department.kind not in DEPARTMENTS:
        raise DomainError(_("Choose the department."), code="required", field="department")
    what, details = (what or "").strip(), (details or "").strip()
    if not what:
        raise DomainError(_("Say what work was pushed."), code="required", field="what")
    if len(what) > 200:
        raise DomainError(_("At most 200 characters."), code="too_long", field="what")
    if not details:
        raise DomainError(
            _("Say how and when it was asked (document, call, message)."),
            code="required",
            field="details",
        )
    try:
        hours = Decimal(str(hours or 0))
    except ArithmeticError:
        raise DomainError(_("Give a number of hours."), code="invalid", field="hours") from None
    if not hours.is_finite() or hours < 0 or hours >= 10000:
        raise DomainError(_("Give a number of hours."), code="invalid", field="hours")
    with transaction.atomic():
        case = case_report(
            # the report is taken as the district's (the review office is the district's), so
            # it waits in the district centre's queue rather than the community's own
            actor=None,
            report=Report(
                case_class=UNADMITTED_WORK,
                channel=Channel.LIAISON,
                description=details,
                answers={"department": department.name, "work": what},
                reporter_name=(actor.get_full_name() or actor.get_username())[:50],
                source={"complaint_by": actor.pk, "community": community.code},
                **place_in(community),
            ),
        )
        return Complaint.objects.create(
            community=community,
            department=department,
            what=what,
            details=details,
            hours=hours,
            case=case,
            filed_by=actor,
        )


@transaction.atomic
def decide(*, complaint: Complaint, upheld: bool, finding: str, actor) -> Complaint:
    """The review office's finding. Upheld, the work counts as an unadmitted attempt by the
    department on the community's record."""
    if not reviews(actor):
        raise DomainError(_("Only the review office decides."), code="forbidden", field="finding")
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != Complaint.Status.OPEN:
        raise DomainError(_("This complaint is decided."), code="decided", field="finding")
    finding = (finding or "").strip()
    if not finding:
        raise DomainError(_("Give the reasons."), code="required", field="finding")
    complaint.status = Complaint.Status.UPHELD if upheld else Complaint.Status.DISMISSED
    complaint.finding = finding
    complaint.decided_by = actor
    complaint.decided_at = timezone.now()
    complaint.save(update_fields=["status", "finding", "decided_by", "decided_at", "updated_at"])
    if upheld:
        Refusal.objects.create(
            source=Refusal.Source.COMPLAINT,
            department=complaint.department,
            community=complaint.community,
            case=complaint.case,
            what=complaint.what,
            rule=finding[:400],
            by=actor,
        )
    return complaint
