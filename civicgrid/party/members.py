"""The rosters, members' activities and credit entries (DOMAIN.md §13, Nanhu's 亮身份 and
党员信用). Whoever leads the organisation's area keeps them (``services.may_keep``).

A member whose organisational relationship is here is a person of the register whom the register
marks a party member (the tag ``party_member``): the roster takes the register's name. An
in-service member reporting to the community may live elsewhere and is known by name and
workplace. A person is on an organisation's roster once at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import subtrees
from civicgrid.core.checks import checked
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.registry.models import Person, PersonTag

from .choices import ActivityKind, CreditCategory, MemberKind
from .models import Activity, CreditEntry, Member, PartyOrganisation
from .services import _keeper, not_after_today

PARTY_TAG = "party_member"  # the register's tag (registry.tag_catalogue)


@transaction.atomic
def member_add(
    *,
    actor: User,
    organisation: PartyOrganisation,
    kind: str,
    since: dt.date,
    person: Person | None = None,
    name: str = "",
    workplace: str = "",
) -> Member:
    """Put a member on an organisation's roster: a person of the register marked a party member,
    or (an in-service member living elsewhere) a name and a workplace."""
    _keeper(actor, organisation.unit.area, "organisation")
    not_after_today(since, "since")
    if person is None:
        if kind != MemberKind.REPORTED:
            raise refused(
                _("A member whose organisational relationship is here is chosen from the "
                  "register."), "person", ErrorCode.REQUIRED,
            )  # fmt: skip
        if not name.strip():
            raise refused(_("Give the member's name."), "name", ErrorCode.REQUIRED)
    else:
        if not PersonTag.objects.filter(person=person, tag__code=PARTY_TAG).exists():
            raise refused(_("The register does not mark this person a party member."), "person")
        if organisation.roster.filter(person=person, until=None).exists():
            raise refused(_("This person is already on the roster."), "person")
        name = person.name
    member = Member(organisation=organisation, person=person, name=name.strip(),
                    workplace=workplace.strip(), kind=kind, since=since)  # fmt: skip
    checked(member)
    member.save()
    return member


@transaction.atomic
def member_leave(*, actor: User, member: Member, until: dt.date | None) -> Member:
    """Take a member off the roster (moved, transferred): their entries stay."""
    member = (
        Member.objects.select_for_update()
        .select_related("organisation__unit__area")
        .get(pk=member.pk)
    )
    _keeper(actor, member.organisation.unit.area, "member")
    if member.until is not None:
        raise refused(_("This member has left the roster."), "member", ErrorCode.CLOSED)
    if until is None:
        raise refused(_("Give the day."), "until", ErrorCode.REQUIRED)
    not_after_today(until, "until")
    if until < member.since:
        raise refused(_("This is before the member joined the roster."), "until")
    member.until = until
    member.save(update_fields=["until", "updated_at"])
    return member


def _on_roster(member: Member, day: dt.date) -> bool:
    return member.since <= day and (member.until is None or member.until >= day)


@transaction.atomic
def activity_log(
    *,
    actor: User,
    organisation: PartyOrganisation,
    kind: str,
    title: str,
    held_on: dt.date,
    participants: Iterable[Member],
) -> Activity:
    """Log an activity an organisation held and the members who took part: members of it or of
    the organisations under it, on the roster that day."""
    _keeper(actor, organisation.unit.area, "organisation")
    not_after_today(held_on, "held_on")
    if kind not in ActivityKind.values:
        raise refused(_("Choose the kind of activity."), "kind", ErrorCode.REQUIRED)
    chosen = list(participants)
    if not chosen:
        raise refused(_("Choose the members who took part."), "participants", ErrorCode.REQUIRED)
    under = subtrees([organisation.unit])[organisation.unit.pk]
    for m in chosen:
        if m.organisation.unit_id not in under:
            raise refused(
                _("%(name)s is on another organisation's roster.") % {"name": m.name},
                "participants",
            )
        if not _on_roster(m, held_on):
            raise refused(
                _("%(name)s was not on the roster that day.") % {"name": m.name}, "participants"
            )
    activity = Activity(organisation=organisation, kind=kind, title=title.strip(),
                        held_on=held_on)  # fmt: skip
    checked(activity)
    activity.save()
    activity.participants.set(chosen)
    return activity


@transaction.atomic
def credit_add(
    *, actor: User, member: Member, on: dt.date, category: str, points: int, reason: str
) -> CreditEntry:
    """An entry on a member's credit record: points given for a ground, or deducted."""
    _keeper(actor, member.organisation.unit.area, "member")
    not_after_today(on, "on")
    if not _on_roster(member, on):
        raise refused(_("The member was not on the roster that day."), "on")
    if points == 0:
        raise refused(_("An entry gives or deducts points."), "points")
    deducts = category == CreditCategory.DEDUCTION
    if deducts != (points < 0):
        raise refused(
            _("A deduction takes points away; every other ground gives them.")
            if deducts
            else _("Only a deduction takes points away."),
            "points",
        )
    entry = CreditEntry(member=member, on=on, category=category, points=points,
                        reason=reason.strip(), recorded_by=actor)  # fmt: skip
    checked(entry)
    entry.save()
    return entry
