"""The responsibility board of a building's entrances (DOMAIN.md §14): who should be on it — the
grid leader serving the building's grid, the community police officer of its grid or building
(the register's staff posts), the party-building head (the secretary of the building's party
group, or of its community's committee) — and who is, with their consent recorded. The
community's leaders keep it (``services.may_keep``); the printed board shows the consenting
people's phones in full, and each print is audited like every unmasked view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.areas.models import Area
from civicgrid.cases.services.photos import clean_photo
from civicgrid.core.checks import checked
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.party.choices import COMMITTEES
from civicgrid.party.models import PartyOrganisation
from civicgrid.registry.choices import AccessChannel, StaffPostKind
from civicgrid.registry.models import Building, StaffPost
from civicgrid.registry.services import pii_audit

from .choices import BoardRole, Post
from .models import BoardEntry, Worker
from .services import _keeper, serving


def community_of(building: Building) -> Area:
    grid = building.grid
    return grid.parent if grid.parent is not None else grid


SOURCE_PHONE: dict[type, str] = {
    Worker: "phone",
    StaffPost: "phone",
    PartyOrganisation: "secretary_phone",
}


@dataclass(frozen=True)
class Suggestion:
    """Who the records say should be on the board in a role (their phone stays where it is)."""

    role: str
    name: str
    source: object  # a Worker, a StaffPost or a PartyOrganisation

    @property
    def label(self) -> str:
        return str(BoardRole(self.role).label)

    @property
    def has_phone(self) -> bool:
        return bool(getattr(self.source, f"{SOURCE_PHONE[type(self.source)]}_enc"))


def suggestions(building: Building, today: dt.date) -> dict[str, Suggestion]:
    out: dict[str, Suggestion] = {}
    leader = (
        serving(Worker.objects.filter(post=Post.GRID_LEADER, grids=building.grid_id), today, today)
        .order_by("-term_starts")
        .first()
    )
    if leader is not None:
        out[BoardRole.GRID_LEADER] = Suggestion(BoardRole.GRID_LEADER, leader.name, leader)
    police = (
        StaffPost.objects.filter(kind=StaffPostKind.COMMUNITY_POLICE)
        .filter(building=building)
        .first()
        or StaffPost.objects.filter(
            kind=StaffPostKind.COMMUNITY_POLICE,
            building=None,
            area__path__in=ancestor_paths(building.grid.path),
        )
        .order_by("-area__level")
        .first()
    )
    if police is not None:
        out[BoardRole.POLICE] = Suggestion(BoardRole.POLICE, police.name, police)
    party = PartyOrganisation.objects.filter(building=building).exclude(secretary="").first() or (
        PartyOrganisation.objects.filter(level__in=COMMITTEES, unit__area=community_of(building))
        .exclude(secretary="")
        .first()
    )
    if party is not None:
        out[BoardRole.PARTY_HEAD] = Suggestion(BoardRole.PARTY_HEAD, party.secretary, party)
    return out


@transaction.atomic
def entry_record(
    *, actor: User, building: Building, role: str, consent_on: dt.date, consent_how: str,
    name: str = "", phone: str = "", photo=None, from_records: bool = False,
) -> BoardEntry:  # fmt: skip
    """Put someone on the board with their consent: typed, or taken from the records (name and
    encrypted phone copied as they are, never shown on the way)."""
    _keeper(actor, community_of(building), "building")
    if consent_on > timezone.localdate():
        raise refused(_("This day has not come yet."), "consent_on")
    if not consent_how.strip():
        raise refused(_("Say how the person gave their consent."), "consent_how",
                      ErrorCode.REQUIRED)  # fmt: skip
    if BoardEntry.objects.filter(building=building, role=role, withdrawn_on=None).exists():
        raise refused(_("Someone is on the board in this role: withdraw them first."), "role")
    entry = BoardEntry(building=building, role=role, consent_on=consent_on,
                       consent_how=consent_how.strip(), recorded_by=actor)  # fmt: skip
    if from_records:
        found = suggestions(building, timezone.localdate()).get(role)
        if found is None:
            raise refused(_("The records name nobody for this role here."), "role")
        entry.name = found.name
        field = SOURCE_PHONE[type(found.source)]
        for part in ("enc", "index", "masked"):
            setattr(entry, f"phone_{part}", getattr(found.source, f"{field}_{part}"))
    else:
        entry.name = name.strip()
        entry.set_phone("phone", phone)
    if not entry.name:
        raise refused(_("Give the person's name."), "name", ErrorCode.REQUIRED)
    if not entry.phone_enc:
        raise refused(_("A board shows a phone: give one."), "phone", ErrorCode.REQUIRED)
    if photo is not None:
        cleaned = clean_photo(photo, field="photo")
        entry.photo.save(cleaned.content.name, cleaned.content, save=False)
    checked(entry)
    entry.save()
    return entry


@transaction.atomic
def entry_withdraw(*, actor: User, entry: BoardEntry, on: dt.date) -> BoardEntry:
    """The person withdrew their consent: they leave the board from that day."""
    entry = BoardEntry.objects.select_for_update().get(pk=entry.pk)
    _keeper(actor, community_of(entry.building), "entry")
    if entry.withdrawn_on is not None:
        raise refused(_("This consent is already withdrawn."), "entry", ErrorCode.CLOSED)
    if on > timezone.localdate() or on < entry.consent_on:
        raise refused(_("Give a day between the consent and today."), "on")
    entry.withdrawn_on = on
    entry.save(update_fields=["withdrawn_on", "updated_at"])
    return entry


def printed(*, user: User, building: Building, request: HttpRequest | None) -> list[dict]:
    """The board's people with their phones in full, for printing; the print is audited."""
    entries = list(BoardEntry.objects.filter(building=building, withdrawn_on=None).order_by("role"))
    if entries:
        pii_audit(user=user, subject=_("responsibility board: %(building)s") % {
            "building": building.name}, fields="phone", channel=AccessChannel.WEB,
            request=request, count=len(entries))  # fmt: skip
    return [{"entry": e, "phone": e.reveal("phone")} for e in entries]
