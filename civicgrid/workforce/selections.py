"""Choosing a grid leader (Shushan, 002): nomination → open selection → appointment, with the
check against the register that every nominee lives in the grid; the appointed goes on the roster
as the grid's leader for the selection's term. A leader's term is renewed (续聘) or ends; a
dismissal is a leaving with its reason (``services.worker_leave``). The grid's community's
leaders run it (``services.may_keep``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.registry.models import Person

from .choices import Post, SelectionStatus
from .models import Nomination, Selection, Worker
from .services import _keeper, worker_save


def _community(grid: Area) -> Area:
    parent = grid.parent
    if grid.level != 5 or parent is None:
        raise refused(_("A grid leader is chosen for a grid."), "grid")
    return parent


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise refused(_("This day has not come yet."), field)


def _locked(actor: User, selection: Selection, *statuses: str) -> Selection:
    # the row locked, not the grid's (its parent is an outer join PostgreSQL cannot lock)
    rows = Selection.objects.select_for_update(of=("self",)).select_related("grid__parent")
    selection = rows.get(pk=selection.pk)
    _keeper(actor, _community(selection.grid), "selection")
    if selection.status not in statuses:
        raise refused(_("This selection has moved on."), "selection", ErrorCode.CLOSED)
    return selection


@transaction.atomic
def selection_open(
    *, actor: User, grid: Area, opened_on: dt.date, term_years: int = 3
) -> Selection:
    _keeper(actor, _community(grid), "grid")
    _not_future(opened_on, "opened_on")
    if Selection.objects.filter(grid=grid, status__in=(SelectionStatus.NOMINATING,
                                                      SelectionStatus.SELECTED)).exists():  # fmt: skip
        raise refused(_("A selection for this grid is already under way."), "grid")
    made = Selection(grid=grid, opened_on=opened_on, term_years=term_years)
    checked(made)
    made.save()
    return made


@transaction.atomic
def nominate(
    *, actor: User, selection: Selection, person: Person | None, nominated_by: str,
    nominated_on: dt.date, reason: str = "",
) -> Nomination:  # fmt: skip
    """Put a resident forward: they must live in the grid (the register says where)."""
    selection = _locked(actor, selection, SelectionStatus.NOMINATING)
    if person is None:
        raise refused(_("Choose the nominee from the register."), "person", ErrorCode.REQUIRED)
    if person.grid_id != selection.grid_id:
        raise refused(_("The register does not have this person living in the grid."), "person")
    _not_future(nominated_on, "nominated_on")
    if nominated_on < selection.opened_on:
        raise refused(_("This is before the selection opened."), "nominated_on")
    if selection.nominations.filter(person=person).exists():
        raise refused(_("This person is already nominated."), "person")
    made = Nomination(selection=selection, person=person, nominated_by=nominated_by,
                      nominated_on=nominated_on, reason=reason.strip())  # fmt: skip
    checked(made)
    made.save()
    return made


@transaction.atomic
def selection_hold(
    *, actor: User, selection: Selection, held_on: dt.date, voters: int,
    votes: Mapping[int, int],
) -> Selection:  # fmt: skip
    """Record the open selection: the residents who took part and each nominee's votes."""
    selection = _locked(actor, selection, SelectionStatus.NOMINATING)
    nominees = list(selection.nominations.all())
    if not nominees:
        raise refused(_("Nobody is nominated yet."), "votes", ErrorCode.REQUIRED)
    _not_future(held_on, "held_on")
    if held_on < max(n.nominated_on for n in nominees):
        raise refused(_("The selection is held after the nominations."), "held_on")
    if set(votes) != {n.pk for n in nominees}:
        raise refused(_("Give every nominee's votes."), "votes", ErrorCode.REQUIRED)
    if any(v < 0 for v in votes.values()) or sum(votes.values()) > voters:
        raise refused(_("The votes add up to more than the residents who took part."), "votes")
    for n in nominees:
        n.votes = votes[n.pk]
        n.save(update_fields=["votes", "updated_at"])
    selection.status, selection.held_on, selection.voters = (
        SelectionStatus.SELECTED, held_on, voters)  # fmt: skip
    selection.save(update_fields=["status", "held_on", "voters", "updated_at"])
    return selection


@transaction.atomic
def appoint(
    *, actor: User, selection: Selection, nomination: Nomination, on: dt.date, funding: str,
    phone: str = "",
) -> Worker:  # fmt: skip
    """Appoint the nominee the grid chose (the most votes): they go on the roster as its leader
    for the selection's term."""
    selection = _locked(actor, selection, SelectionStatus.SELECTED)
    if nomination.selection_id != selection.pk:
        raise refused(_("This nominee is another selection's."), "nomination")
    nomination = selection.nominations.select_related("person").get(pk=nomination.pk)
    top = max(n.votes or 0 for n in selection.nominations.all())
    if (nomination.votes or 0) < top:
        raise refused(_("The grid chose another nominee: the most votes are appointed."),
                      "nomination")  # fmt: skip
    _not_future(on, "on")
    assert selection.held_on is not None
    if on < selection.held_on:
        raise refused(_("This is before the open selection."), "on")
    ends = on.replace(year=on.year + selection.term_years) - dt.timedelta(days=1)
    worker = worker_save(
        actor=actor, area=_community(selection.grid), post=Post.GRID_LEADER,
        person=nomination.person, grids=[selection.grid], term_starts=on, term_ends=ends,
        funding=funding, phone=phone,
    )  # fmt: skip
    selection.status, selection.appointed = SelectionStatus.APPOINTED, worker
    selection.save(update_fields=["status", "appointed", "updated_at"])
    return worker


@transaction.atomic
def selection_cancel(*, actor: User, selection: Selection) -> Selection:
    selection = _locked(actor, selection, SelectionStatus.NOMINATING, SelectionStatus.SELECTED)
    selection.status = SelectionStatus.CANCELLED
    selection.save(update_fields=["status", "updated_at"])
    return selection


@transaction.atomic
def term_renew(*, actor: User, worker: Worker, until: dt.date) -> Worker:
    """Renew a worker's term (续聘) to a later day."""
    worker = Worker.objects.select_for_update().select_related("area").get(pk=worker.pk)
    _keeper(actor, worker.area, "worker")
    return term_extended(worker, until)


def term_extended(worker: Worker, until: dt.date | None) -> Worker:
    """Extend a serving worker's term to ``until``, for a caller that has checked who may (the
    roster's keeper, or the party organisation deciding on the year-end assessment)."""
    if worker.left_on is not None:
        raise refused(_("This worker has left."), "worker", ErrorCode.CLOSED)
    if worker.term_ends is None or until is None or until <= worker.term_ends:
        raise refused(_("A renewal runs past the term's end."), "until")
    worker.term_ends = until
    worker.save(update_fields=["term_ends", "updated_at"])
    return worker
