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
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.party.models import PartyOrganisation
from civicgrid.workforce.choices import Leaving
from civicgrid.workforce.models import Worker
from civicgrid.workforce.selections import term_extended
from civicgrid.workforce.services import leaving_recorded

from .locks import locked_assessment_round
from .models import Assessment, GroupRating, ItemScore, SchemeItem, Verdict
from .models.schemes import TEXT_MAX

Rater = SchemeItem.Rater
GROUP_UNITS = {Rater.STATION: UnitKind.WORK_STATION, Rater.COMMITTEE: UnitKind.COMMUNITY_COMMITTEE}
NOT_STAFF = (Role.RESIDENT, Role.COUNCIL_MEMBER)


def groups_of(user: User, worker: Worker) -> set[str]:
    """The rater groups the user rates the worker in (none for the worker's own place's
    outsiders)."""
    units = {g.unit_id for g in permissions.grants(user) if g.unit_id and g.role not in NOT_STAFF}
    kinds = set(
        OrgUnit.objects.filter(pk__in=units, area_id=worker.area_id, active=True).values_list(
            "kind", flat=True
        )
    )
    return {group for group, kind in GROUP_UNITS.items() if kind in kinds}


def rates(user: User, a: Assessment) -> bool:
    """Does the user rate in one of the assessment's groups?"""
    return a.worker is not None and bool(groups_of(user, a.worker))


@transaction.atomic
def group_rate(*, assessment: Assessment, item: SchemeItem, value, actor: User) -> GroupRating:
    """One group member's rating of one item; the item's score becomes the group's mean. The
    round's row is locked first, so that no rating slips into a round being made final."""
    rnd = locked_assessment_round(assessment.round_id)
    if item.scheme_id != rnd.scheme_id or not item.by_group:
        raise refused(_("This item is not rated by a group."), "item")
    if rnd.closed or timezone.localdate() > rnd.scoring_due:
        raise refused(_("Scoring for this round has closed."), "item", ErrorCode.CLOSED)
    worker = assessment.worker
    if worker is None or item.rated_by not in groups_of(actor, worker):
        raise refused(_("You do not rate in this item's group."), "item", ErrorCode.FORBIDDEN)
    answer = item.answer(value)
    points = item.points_for(answer)
    assert points is not None  # a checked answer is never empty
    rating, _created = GroupRating.objects.update_or_create(
        assessment=assessment, item=item, rater=actor,
        defaults={"value": answer, "points": points},
    )  # fmt: skip
    _group_score(assessment, item)
    return rating


def _group_score(assessment: Assessment, item: SchemeItem) -> None:
    given = list(
        GroupRating.objects.filter(assessment=assessment, item=item).values_list("value", "points")
    )
    n = len(given)
    level = (sum((Decimal(v) for v, _p in given), Decimal(0)) / n).quantize(Decimal("0.1"))
    points = (sum((p for _v, p in given), Decimal(0)) / n).quantize(Decimal("0.01"))
    ItemScore.objects.update_or_create(
        assessment=assessment,
        item=item,
        defaults={"value": f"{level} × {n}", "points": points, "scored_by": None},
    )


def group_counts(a: Assessment) -> dict[int, int]:
    """How many have rated each group item of the assessment (never who)."""
    rows = GroupRating.objects.filter(assessment=a).values_list("item_id").annotate(n=Count("id"))
    return dict(rows.order_by())


def my_ratings(user: User, a: Assessment) -> dict[int, str]:
    """The user's own answers on the assessment's group items: {item id: answer}."""
    return dict(
        GroupRating.objects.filter(assessment=a, rater=user).values_list("item_id", "value")
    )


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
