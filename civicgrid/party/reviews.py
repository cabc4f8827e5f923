"""The community party body's say over the units stationed in its area (审查、评价和建议权, 一票否决):
once a year a committee reviews a unit — a rating, comments, recommendations about its people
(promotion, commendation, what to improve) — and may veto the unit's party-building rating for
the year, with the reason. The committee's keepers (the area's leaders) file the review; it is
filed once a year per committee and unit, and stays on the record as filed.

A unit's party-building standing for a year (``standing``) is its reviews' worst rating, or
"vetoed" when any committee vetoed it; the unit's page shows it, the overview counts the vetoes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.core.checks import checked
from civicgrid.core.errors import DomainError, ErrorCode

from .choices import ReviewRating
from .cobuilding import related
from .models import PartyOrganisation, Recommendation, Review, StationedUnit
from .services import _keeper

VETOED = "vetoed"
WORST_FIRST = [ReviewRating.POOR, ReviewRating.FAIR, ReviewRating.GOOD, ReviewRating.EXCELLENT]


@dataclass(frozen=True)
class Advice:
    """One recommendation as a form or a client sends it."""

    name: str
    advice: str
    reason: str
    post: str = ""


@transaction.atomic
def review_file(
    *,
    actor: User,
    committee: PartyOrganisation,
    stationed_unit: StationedUnit,
    year: int,
    rating: str,
    reviewed_on: dt.date,
    comments: str = "",
    veto: bool = False,
    reason: str = "",
    recommendations: Sequence[Advice] = (),
) -> Review:
    """File a committee's review of a unit stationed in its area for ``year``."""
    area = _keeper(actor, committee.unit.area, "committee")
    if not committee.is_committee:
        raise DomainError(
            _("Only a party working committee or a party committee reviews stationed units."),
            code=ErrorCode.INVALID,
            field="committee",
        )
    if not related(stationed_unit.area.path, area.path):
        raise DomainError(
            _("This unit is not stationed in the committee's area."),
            code=ErrorCode.INVALID,
            field="stationed_unit",
        )
    if reviewed_on.year < year:
        raise DomainError(
            _("A year is reviewed once it has begun: not before."),
            code=ErrorCode.INVALID,
            field="reviewed_on",
        )
    if (veto or rating == ReviewRating.POOR) and not reason.strip():
        raise DomainError(
            _("Say why: a veto or a poor rating gives its reason."),
            code=ErrorCode.REQUIRED,
            field="reason",
        )
    review = Review(
        committee=committee, stationed_unit=stationed_unit, year=year, rating=rating,
        reviewed_on=reviewed_on, comments=comments.strip(), veto=veto, reason=reason.strip(),
        reviewer=actor,
    )  # fmt: skip
    checked(review)
    made = []
    for n, r in enumerate(recommendations):
        item = Recommendation(name=r.name.strip(), post=r.post.strip(), advice=r.advice,
                              reason=r.reason.strip())  # fmt: skip
        checked(item, exclude=["review"], prefix=f"recommendations.{n}.")
        made.append(item)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise DomainError(
            _("This unit was already reviewed for this year."),
            code=ErrorCode.DUPLICATE,
            field="year",
        ) from None
    for item in made:
        item.review = review
    Recommendation.objects.bulk_create(made)
    return review


def standing(reviews: Sequence[Review]) -> str:
    """A unit's party-building standing for a year from its reviews that year: "vetoed" when
    any vetoed it, else the worst rating, "" without a review."""
    if not reviews:
        return ""
    if any(r.veto for r in reviews):
        return VETOED
    return min((r.rating for r in reviews), key=lambda v: WORST_FIRST.index(ReviewRating(v)))
