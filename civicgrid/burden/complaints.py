"""Supervision of admission: a community reports a department that pushed work onto it without
admission. The complaint enters the case loop as a case of the dedicated class (``AP006``, not
open to the public), which the district's responsibility rule sends to the review office; the
review office finds it upheld — it then counts as an unadmitted attempt against that department
on the community's record — or dismissed, with reasons. Every step is on the record: the case's
timeline and the complaint's finding.

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
from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.cases.services.intake import Report, case_report, place_in
from civicgrid.catalogue.seed import UNADMITTED_WORK
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.core.text import column_length, shortened
from civicgrid.duties.enforce import my_communities

from .admission import DEPARTMENTS
from .models import Complaint, Refusal
from .refusals import RULE_MAX


def complaint_list(*, user) -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("community", "department", "case")
    if permissions.can_review_admission(user):
        return qs
    units = {g.unit_id for g in permissions.grants(user)}
    return qs.filter(Q(department_id__in=units) | Q(community__in=my_communities(user, staff=True)))


def complaint_file(
    *,
    actor,
    community: Area | None,
    department: OrgUnit | None,
    what: str,
    details: str,
    hours: Decimal = Decimal(0),
) -> Complaint:
    """A community's people report ``department`` for pushing ``what`` onto ``community``
    (``hours`` a month). Lengths and the hours' range are the form's and the API schema's."""
    if community is None or community not in my_communities(actor, staff=True):
        raise DomainError(
            _("You report for your own community only."),
            code=ErrorCode.FORBIDDEN,
            field="community",
        )
    if department is None or department.kind not in DEPARTMENTS:
        raise DomainError(_("Choose the department."), code=ErrorCode.REQUIRED, field="department")
    what, details = what.strip(), details.strip()
    if not what:
        raise DomainError(_("Say what work was pushed."), code=ErrorCode.REQUIRED, field="what")
    if not details:
        raise DomainError(
            _("Say how and when it was asked (document, call, message)."),
            code=ErrorCode.REQUIRED,
            field="details",
        )
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
                reporter_name=shortened(
                    actor.get_full_name() or actor.get_username(),
                    column_length(Case, "reporter_name"),
                ),
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
def complaint_decide(*, complaint: Complaint, upheld: bool, finding: str, actor) -> Complaint:
    """The review office's finding. Upheld, the work counts as an unadmitted attempt by the
    department on the community's record."""
    if not permissions.can_review_admission(actor):
        raise DomainError(
            _("Only the review office decides."), code=ErrorCode.FORBIDDEN, field="finding"
        )
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != Complaint.Status.OPEN:
        raise DomainError(_("This complaint is decided."), code=ErrorCode.DECIDED, field="finding")
    finding = finding.strip()
    if not finding:
        raise DomainError(_("Give the reasons."), code=ErrorCode.REQUIRED, field="finding")
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
            rule=shortened(finding, RULE_MAX),
            by=actor,
        )
    return complaint
