"""The admitted assessments (考核准入) bind evaluation: an assessment scheme or a score card rates a
community (its committee or work station, or the community as an area) only if an item of the
list in force for the community's kind admits it. The list and its versions are the duty lists'
(``civicgrid.duties``); which scheme or score card an item admits is recorded here
(``AdmittedAssessment``), for each version's items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.duties.enforce import community_of
from civicgrid.duties.models import ListItem, ListType, ListVersion
from civicgrid.duties.services import in_force, kind_of
from civicgrid.evaluation.errors import EvaluationError

from .models import AdmittedAssessment, Scheme, ScoreCard


def admitted(
    community: Area,
    *,
    scheme: Scheme | None = None,
    card: ScoreCard | None = None,
    on: dt.date | None = None,
) -> bool:
    """Does the list in force on ``on`` (today) for ``community``'s kind admit ``scheme`` (or,
    without one, ``card``)?"""
    kind = kind_of(community)
    version = in_force(kind, ListType.ASSESSMENT, on) if kind else None
    if version is None:
        return False
    links = AdmittedAssessment.objects.filter(item__version=version)
    return (
        links.filter(scheme=scheme).exists() if scheme else links.filter(score_card=card).exists()
    )


def refuse_unadmitted(scheme: Scheme, subjects: Sequence[object]) -> None:
    """Refuse a round of ``scheme`` that would assess a community it is not admitted for."""
    for n, subject in enumerate(subjects):
        community = community_of(subject)
        if community is not None and not admitted(community, scheme=scheme):
            raise DomainError(
                _(
                    "“%(scheme)s” is not on the admitted assessments of %(community)s's kind: "
                    "communities are assessed only by admitted assessments."
                )
                % {"scheme": scheme.name, "community": community.name},
                code=EvaluationError.NOT_ADMITTED,
                field=f"subjects.{n}",
            )


def assessments_of(items: Iterable[ListItem]) -> dict[int, AdmittedAssessment]:
    """What each of ``items`` admits, by the item's id (an item admitting nothing is absent)."""
    found = AdmittedAssessment.objects.filter(item__in=list(items))
    return {link.item_id: link for link in found.select_related("scheme", "score_card")}


def assessments_save(
    *, version: ListVersion, admits: dict[str, tuple[Scheme | None, ScoreCard | None]]
) -> None:
    """Record what the items of a new ``version`` admit: ``admits`` maps an item's code to its
    (scheme, score card)."""
    items = {item.code: item for item in version.items.all()}
    AdmittedAssessment.objects.bulk_create(
        [
            AdmittedAssessment(item=items[code], scheme=scheme, score_card=card)
            for code, (scheme, card) in admits.items()
            if scheme is not None or card is not None
        ]
    )
