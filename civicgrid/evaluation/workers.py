"""Community workers' assessments (DOMAIN.md §14): the year-end round of a scheme whose subject is
a community worker, rated by two weighted rater groups and by the worker's daily records, the
result sent to the party organisation, which decides reward, renewal or dismissal.

- **Rater groups.** An item rated by the work station's staff or by the residents' committee is
  rated by each of the group's members on the item's scale; the item's points are the mean of
  their points, its answer the mean level and the number of raters. The groups' weights are
  their items' weights. A member is whoever holds a role (not a resident's) on the community's
  work station or residents' committee — the unit of that kind whose area is the worker's.
- **Daily records.** An indicator item on the worker's daily score (``wk_daily_score``) is
  computed like every indicator item, from the records that stand in the round's period.
- **The verdict.** When the round's results are made final, each worker's score and level go to
  the party organisation of the worker's street or community (the nearest above it when it has
  none); whoever acts for that organisation (a role on its unit, or a leader over its place)
  records the decision with its reasons. Dismissal writes that the worker left (dismissed) on the
  day decided; renewal extends the term to the day given; a reward or keeping them on changes
  nothing on the roster.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.party.models import PartyOrganisation
from civicgrid.workforce.choices import Leaving
from civicgrid.workforce.models import Worker
from civicgrid.workforce.selections import term_extended
from civicgrid.workforce.services import leaving_recorded

from .groups import NOT_STAFF
from .models import Assessment, Verdict
from .models.schemes import TEXT_MAX


# -- the verdict ----------------------------------------------------------------------------------
def organisation_for(worker: Worker) -> PartyOrganisation | None:
    """The party organisation of the worker's street or community, or the nearest above it."""
    orgs = PartyOrganisation.objects.filter(unit__active=True).select_related("unit__area")
    path = worker.area.path
    found = [o for o in orgs.filter(unit__area__path__in=ancestor_paths(path))]
    return max(found, key=lambda o: (len(o.unit.area.path), -o.pk), default=None)


def judges(user: User, a: Assessment) -> bool:
    """Does the user act for the party organisation the worker's result was sent to?"""
    if a.worker_id is None:
        return False
    verdict = Verdict.objects.filter(assessment=a).select_related("organisation__unit__area")
    found = verdict.first()
    return found is not None and acts_for(user, found.organisation)


def acts_for(user: User, org: PartyOrganisation) -> bool:
    """Acts for the party organisation: a role (not a resident's) on its unit, or a leader over
    its place."""
    own = any(
        g.unit_id == org.unit_id and g.role not in NOT_STAFF for g in permissions.grants(user)
    )
    return own or permissions.can_lead(user, org.unit.area)


@transaction.atomic
def decide(
    *,
    verdict: Verdict,
    decision: str,
    reasons: str,
    on: dt.date | None,
    actor: User,
    until: dt.date | None = None,
) -> Verdict:
    """The party organisation's decision on a worker's result, with its effect on the roster."""
    verdict = Verdict.objects.select_for_update(of=("self",)).select_related(
        "organisation__unit__area", "assessment__worker__area"
    ).get(pk=verdict.pk)  # fmt: skip
    if not acts_for(actor, verdict.organisation):
        raise refused(
            _("Only the party organisation decides on this result."), "verdict", ErrorCode.FORBIDDEN
        )
    if verdict.decision != Verdict.Decision.PENDING:
        raise refused(_("This result is decided."), "verdict", ErrorCode.DECIDED)
    if decision not in Verdict.Decision.values or decision == Verdict.Decision.PENDING:
        raise refused(_("Choose the decision."), "decision", ErrorCode.REQUIRED)
    reasons = reasons.strip()
    if not reasons:
        raise refused(_("Give the reasons for the decision."), "reasons", ErrorCode.REQUIRED)
    if len(reasons) > TEXT_MAX:
        raise refused(_("At most %(n)s characters.") % {"n": f"{TEXT_MAX:,}"}, "reasons")
    if on is None:
        raise refused(_("Give the day."), "on", ErrorCode.REQUIRED)
    if on > timezone.localdate():
        raise refused(_("This day has not come yet."), "on")
    worker = Worker.objects.select_for_update().get(pk=verdict.assessment.worker_id)
    if decision == Verdict.Decision.DISMISS:
        if worker.left_on is not None:
            raise refused(_("This worker has left."), "decision", ErrorCode.CLOSED)
        leaving_recorded(worker, on=on, why=reasons, left_as=Leaving.DISMISSED)
    elif decision == Verdict.Decision.RENEW:
        term_extended(worker, until)
    verdict.decision, verdict.reasons = decision, reasons
    verdict.decided_on, verdict.decided_by = on, actor
    verdict.save(update_fields=["decision", "reasons", "decided_on", "decided_by", "updated_at"])
    return verdict


def verdicts(user: User) -> QuerySet[Verdict]:
    """The verdicts the user decides or oversees: those of the party organisations they act for,
    and those of the workers whose roster they keep."""
    qs = Verdict.objects.select_related(
        "organisation__unit__area", "assessment__worker__area", "assessment__round"
    )
    if permissions.is_everywhere(user):
        return qs
    own = [g.unit_id for g in permissions.grants(user) if g.unit_id and g.role not in NOT_STAFF]
    led = sorted({g.path for g in permissions.grants(user) if g.role in (Role.ADMIN, Role.LEADER)})
    q = Q(organisation__unit_id__in=own)
    if led:
        q |= permissions.paths_q(led, "organisation__unit__area__path")
        q |= permissions.paths_q(led, "assessment__worker__area__path")
    return qs.filter(q)
