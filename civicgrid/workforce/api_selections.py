"""API: grid-leader selections (nomination → open selection → appointment) and the responsibility
boards, with the rules and scope of the pages: the leaders of the grid's (the building's)
community keep them; anyone else: 404. A nominee is a person of the register (by id) living in the
grid; a person goes on a board only with their consent recorded (a photo is sent on the page)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.areas.models import Area
from civicgrid.registry.selectors import person_list

from . import boards, selections, selectors
from .models import BoardEntry, Nomination, Selection

router = Router(tags=["community workforce"])


class NominationOut(Schema):
    id: int
    person: int
    name: str
    nominated_by: str
    nominated_on: dt.date
    reason: str
    votes: int | None


class SelectionOut(Schema):
    id: int
    grid: str = Field(..., description="the grid's code")
    opened_on: dt.date
    term_years: int
    status: str = Field(..., description="nominating, selected, appointed or cancelled")
    held_on: dt.date | None
    voters: int | None
    appointed: int | None = Field(None, description="the worker appointed")
    nominations: list[NominationOut]


def _selection(s: Selection) -> dict:
    return {
        "id": s.pk, "grid": s.grid.code, "opened_on": s.opened_on, "term_years": s.term_years,
        "status": s.status, "held_on": s.held_on, "voters": s.voters,
        "appointed": s.appointed_id,
        "nominations": [
            {"id": n.pk, "person": n.person_id, "name": n.person.name,
             "nominated_by": n.nominated_by, "nominated_on": n.nominated_on,
             "reason": n.reason, "votes": n.votes}
            for n in s.nominations.all()
        ],
    }  # fmt: skip


class SelectionIn(Schema):
    grid: str = Field(..., description="a grid's code", examples=["310104001001001"])
    opened_on: dt.date
    term_years: int = Field(3, ge=1, le=5)


class NominationIn(Schema):
    person: int = Field(..., description="a person of the register living in the grid")
    nominated_by: str = Field(..., examples=["building_committee"])
    nominated_on: dt.date
    reason: str = Field("", max_length=300)


class HoldIn(Schema):
    held_on: dt.date
    voters: int = Field(..., ge=1, le=1_000_000, examples=[120])
    votes: dict[int, int] = Field(..., description="each nomination's id → its votes")


class AppointIn(Schema):
    nomination: int = Field(..., examples=[1])
    on: dt.date
    funding: str = Field("district", examples=["district"])
    phone: str = Field("", max_length=20)


def _selections(request):
    # the nominees with their people in one query, for any number of selections
    nominees = Nomination.objects.select_related("person")
    return selectors.selections(request.auth).prefetch_related(
        Prefetch("nominations", queryset=nominees)
    )


def _seen(request, selection_id: int) -> Selection:
    return get_object_or_404(_selections(request), pk=selection_id)


@router.get("/workforce/selections", response=list[SelectionOut], summary="Grid-leader selections")
def selection_list(request):
    return [_selection(s) for s in _selections(request)[:1000]]


@router.get(
    "/workforce/selections/{selection_id}", response=SelectionOut, summary="A grid-leader selection"
)
def selection_detail(request, selection_id: int):
    return _selection(_seen(request, selection_id))


@router.post("/workforce/selections", response={201: SelectionOut}, summary="Open a selection")
def selection_open(request, payload: SelectionIn):
    grid = get_object_or_404(Area, code=payload.grid, level=5)
    made = selections.selection_open(actor=request.auth, grid=grid, opened_on=payload.opened_on,
                                     term_years=payload.term_years)  # fmt: skip
    return Status(201, _selection(made))


@router.post(
    "/workforce/selections/{selection_id}/nominations",
    response={201: SelectionOut},
    summary="Nominate a resident",
)
def selection_nominate(request, selection_id: int, payload: NominationIn):
    s = _seen(request, selection_id)
    person = get_object_or_404(person_list(user=request.auth), pk=payload.person)
    selections.nominate(actor=request.auth, selection=s, person=person,
                        **payload.dict(exclude={"person"}))  # fmt: skip
    return Status(201, _selection(_seen(request, selection_id)))


@router.post(
    "/workforce/selections/{selection_id}/hold", response=SelectionOut,
    summary="Record the open selection",
)  # fmt: skip
def selection_hold(request, selection_id: int, payload: HoldIn):
    s = _seen(request, selection_id)
    selections.selection_hold(actor=request.auth, selection=s, **payload.dict())
    return _selection(_seen(request, selection_id))


@router.post(
    "/workforce/selections/{selection_id}/appoint", response=SelectionOut, summary="Appoint"
)
def selection_appoint(request, selection_id: int, payload: AppointIn):
    s = _seen(request, selection_id)
    nomination = get_object_or_404(s.nominations.all(), pk=payload.nomination)
    selections.appoint(actor=request.auth, selection=s, nomination=nomination,
                       **payload.dict(exclude={"nomination"}))  # fmt: skip
    return _selection(_seen(request, selection_id))


@router.post(
    "/workforce/selections/{selection_id}/cancellation", response=SelectionOut,
    summary="Cancel a selection",
)  # fmt: skip
def selection_cancel(request, selection_id: int):
    """A selection still taking nominations, or held but not yet appointed, is cancelled by the
    leaders of the grid's community (as on its page); an appointed one stays."""
    s = _seen(request, selection_id)
    selections.selection_cancel(actor=request.auth, selection=s)
    return _selection(_seen(request, selection_id))


# --- responsibility boards ---------------------------------------------------------------------
class BoardEntryOut(Schema):
    id: int
    building: str = Field(..., description="the building's code")
    role: str = Field(..., description="grid_leader, police or party_head")
    name: str
    phone: str = Field(..., description="masked; the printed board shows it in full")
    photo: bool
    consent_on: dt.date
    consent_how: str
    withdrawn_on: dt.date | None


def _entry(e) -> dict:
    return {"id": e.pk, "building": e.building.code, "role": e.role, "name": e.name,
            "phone": e.phone_masked, "photo": bool(e.photo), "consent_on": e.consent_on,
            "consent_how": e.consent_how, "withdrawn_on": e.withdrawn_on}  # fmt: skip


class BoardEntryIn(Schema):
    role: str = Field(..., examples=["grid_leader"])
    consent_on: dt.date
    consent_how: str = Field(..., max_length=200, examples=["签署公示同意书"])
    from_records: bool = Field(False, description="take the name and phone from the records")
    name: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)


class BoardWithdrawalIn(Schema):
    on: dt.date = Field(..., examples=["2026-06-01"])


def _building(request, building_id: int):
    return get_object_or_404(selectors.buildings(request.auth), pk=building_id)


@router.get(
    "/workforce/boards/{building_id}", response=list[BoardEntryOut],
    summary="A building's responsibility board",
)  # fmt: skip
def board_entries(request, building_id: int):
    building = _building(request, building_id)
    return [_entry(e) for e in BoardEntry.objects.filter(building=building).select_related(
        "building")]  # fmt: skip


@router.post(
    "/workforce/boards/{building_id}", response={201: BoardEntryOut},
    summary="Put someone on the board, with their consent",
)  # fmt: skip
def board_record(request, building_id: int, payload: BoardEntryIn):
    made = boards.entry_record(actor=request.auth, building=_building(request, building_id),
                               **payload.dict())  # fmt: skip
    return Status(201, _entry(made))


@router.post(
    "/workforce/boards/{building_id}/entries/{entry_id}/withdrawal", response=BoardEntryOut,
    summary="The person withdrew their consent",
)  # fmt: skip
def board_withdraw(request, building_id: int, entry_id: int, payload: BoardWithdrawalIn):
    building = _building(request, building_id)
    entry = get_object_or_404(BoardEntry.objects.filter(building=building), pk=entry_id)
    return _entry(boards.entry_withdraw(actor=request.auth, entry=entry, on=payload.on))
