"""Rater groups (DOMAIN.md §14, §16): an item of an assessment rated by each member of a group on
the item's scale, the item taking the group's mean ("mean × raters"); nobody is shown who rated.

- A **community worker** is rated by the work station's staff and by the residents' committee:
  whoever holds a role (not a resident's) on the unit of that kind whose area is the worker's.
- A **property company** is rated by the residents' representatives of the communities where it
  manages an estate today (a residents' council member's role on a unit of such a community):
  the residents' year-end rating of the companies (004 三会).
- A **street** (its office) is rated by its consultation committee (001 民意民智协调委员会评议街道
  工作实绩): whoever holds a council member's role on a unit of the street itself.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.estates.selectors import serving

from .locks import locked_assessment_round
from .models import Assessment, GroupRating, ItemScore, SchemeItem

Rater = SchemeItem.Rater
GROUP_UNITS = {Rater.STATION: UnitKind.WORK_STATION, Rater.COMMITTEE: UnitKind.COMMUNITY_COMMITTEE}
NOT_STAFF = (Role.RESIDENT, Role.COUNCIL_MEMBER)
STREETS = (UnitKind.STREET_OFFICE, UnitKind.TOWN_GOVERNMENT)


def groups_of(user: User, a: Assessment) -> set[str]:
    """The rater groups the user rates the assessment's subject in (none for outsiders)."""
    if a.worker is not None:
        units = {g.unit_id for g in permissions.grants(user)
                 if g.unit_id and g.role not in NOT_STAFF}  # fmt: skip
        kinds = set(
            OrgUnit.objects.filter(pk__in=units, area_id=a.worker.area_id, active=True)
            .values_list("kind", flat=True)
        )  # fmt: skip
        return {group for group, kind in GROUP_UNITS.items() if kind in kinds}
    if a.unit is not None and a.unit.kind == UnitKind.PROPERTY_COMPANY:
        units = {g.unit_id for g in permissions.grants(user)
                 if g.unit_id and g.role == Role.COUNCIL_MEMBER}  # fmt: skip
        if not units:
            return set()
        areas = OrgUnit.objects.filter(pk__in=units, active=True).values("area_id")
        managed = serving().filter(company_id=a.unit_id, estate__area_id__in=areas)
        return {Rater.OWNERS} if managed.exists() else set()
    if a.unit is not None and a.unit.kind in STREETS:
        sits = OrgUnit.objects.filter(
            pk__in={g.unit_id for g in permissions.grants(user)
                    if g.unit_id and g.role == Role.COUNCIL_MEMBER},
            area_id=a.unit.area_id, active=True,
        )  # fmt: skip
        return {Rater.CONSULTATION} if sits.exists() else set()
    return set()


def rates(user: User, a: Assessment) -> bool:
    """Does the user rate in one of the assessment's groups?"""
    return bool(groups_of(user, a))


@transaction.atomic
def group_rate(*, assessment: Assessment, item: SchemeItem, value, actor: User) -> GroupRating:
    """One group member's rating of one item; the item's score becomes the group's mean. The
    round's row is locked first, so that no rating slips into a round being made final."""
    rnd = locked_assessment_round(assessment.round_id)
    if item.scheme_id != rnd.scheme_id or not item.by_group:
        raise refused(_("This item is not rated by a group."), "item")
    if rnd.closed or timezone.localdate() > rnd.scoring_due:
        raise refused(_("Scoring for this round has closed."), "item", ErrorCode.CLOSED)
    if item.rated_by not in groups_of(actor, assessment):
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
