"""Cases that participation hands to the loop: a routed opinion, a council's follow-up task.

Both reach the loop the same way, through a liaison (channel ``liaison``): the district's intake
takes a report about the community as a whole, placed where a report about a community lies. A
follow-up task that names the unit responsible (a joint property meeting's decision given to the
company, a council's to a department) is offered to that unit when the case is dispatched
(``unit_named``, handed to routing at start-up).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.cases.choices import Channel
from civicgrid.cases.models import Case
from civicgrid.cases.services.intake import Report, case_report, place_in
from civicgrid.core.text import column_length, shortened
from civicgrid.routing.services import Suggestion

from .council_models import FollowUp

REPORTER_NAME = column_length(Case, "reporter_name")


def liaison_report(
    *, actor: User | None, area: Area, case_class: str, text: str, place: dict | None = None,
    source: dict | None = None, now: dt.datetime | None = None,
) -> Case:  # fmt: skip
    """A case about ``area`` as a whole (or at ``place``: ``Report`` fields such as a building),
    taken from ``actor`` as a liaison; ``source`` adds what it came from to the first event."""
    # the reporter's name labels the account that passed the report on (the account itself is
    # in the source): written whatever the name's length, shortened visibly when it is too long
    name = shortened(actor.get_full_name() or actor.get_username(), REPORTER_NAME) if actor else ""
    return case_report(
        actor=None,
        now=now,
        report=Report(
            case_class=case_class,
            channel=Channel.LIAISON,
            description=text,
            reporter_name=name,
            source={"liaison_by": actor.pk if actor else None, "area": area.code, **(source or {})},
            **(place or place_in(area)),
        ),
    )


def unit_named(case: Any) -> Suggestion | None:
    """The unit a meeting's follow-up task names, for the task's case (``routing.named``)."""
    if case.channel != Channel.LIAISON:
        return None
    task = (
        FollowUp.objects.filter(case_id=case.pk, unit__active=True)
        .select_related("unit", "resolution__meeting")
        .first()
    )
    if task is None or task.unit is None:
        return None
    return Suggestion(
        lead_unit=task.unit,
        reason=_("“%(meeting)s” gave the task to %(unit)s.")
        % {"meeting": task.resolution.meeting.title, "unit": task.unit.name},
    )
