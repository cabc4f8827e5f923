"""The workforce's rules (DOMAIN.md §14). A street's or community's leaders keep its roster
(``permissions.can_lead``); whoever keeps the district's rules keeps the pay scale.

- A worker serves a street or a community (not a grid); their grids lie in it, their buildings in
  their grids (or in it when they have no grid).
- A grid leader is a person of the register who lives in one of their grids (002: leaders live in
  the grid), and so is a building head in one of their buildings.
- A post held on top of a job or a life in the grid (part-time member, grid leader, building
  head) is paid by an allowance, by default ``CIVICGRID_GRID_ALLOWANCE`` (400 yuan) a month;
  a salaried post by a grade of the pay scale, whose changes are kept as its history.
- A month's allowances are written once per worker: running a month again writes only who is
  missing. A worker is paid for a month their term and service overlap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked
from civicgrid.core.errors import ErrorCode, refused
from civicgrid.core.money import yuan
from civicgrid.registry.models import Building, Person

from .choices import ALLOWANCE_POSTS, Leaving, Post
from .models import AllowanceEntry, GradeChange, PayGrade, Training, Worker

RESIDENT_POSTS = {Post.GRID_LEADER: "grids", Post.BUILDING_HEAD: "buildings"}


def may_keep(user: User, area: Area) -> bool:
    return permissions.can_lead(user, area)


def _keeper(actor: User, area: Area | None, field: str = "area") -> Area:
    if area is None or not may_keep(actor, area):
        raise refused(_("You do not keep the workforce here."), field, ErrorCode.FORBIDDEN)
    if area.level > 4:
        raise refused(_("Choose a street or a community (or the district), not a grid."), field)
    return area


def default_allowance(post: str) -> Decimal:
    return (
        yuan(settings.CIVICGRID_GRID_ALLOWANCE, "allowance")
        if post in ALLOWANCE_POSTS
        else Decimal(0)
    )


def _places_hold(
    area: Area, post: str, person: Person | None, grids: list[Area], buildings: list[Building]
) -> None:
    for g in grids:
        if g.level != 5 or not g.path.startswith(area.path):
            raise refused(_("“%(grid)s” is not a grid of this area.") % {"grid": g.name}, "grids")
    grid_ids = {g.pk for g in grids}
    for b in buildings:
        inside = b.grid_id in grid_ids if grids else b.grid.path.startswith(area.path)
        if not inside:
            raise refused(
                _("“%(building)s” is not in the worker's grids or area.") % {"building": b.name},
                "buildings",
            )
    where = RESIDENT_POSTS.get(Post(post))
    if where is None:
        return
    if person is None:
        raise refused(
            _("A grid leader or building head lives here: choose them from the register."),
            "person",
            ErrorCode.REQUIRED,
        )
    if where == "grids" and person.grid_id not in grid_ids:
        raise refused(_("A grid leader lives in one of their grids: this person does not."),
                      "grids")  # fmt: skip
    if where == "buildings" and _home_building(person) not in {b.pk for b in buildings}:
        raise refused(
            _("A building head lives in one of their buildings: this person does not."),
            "buildings",
        )


def _home_building(person: Person) -> int | None:
    household = person.household
    house = household.house if household is not None else None
    return house.building_id if house is not None else None


@transaction.atomic
def worker_save(
    *,
    actor: User,
    area: Area | None,
    post: str,
    term_starts: dt.date,
    funding: str,
    name: str = "",
    person: Person | None = None,
    phone: str = "",
    unit: OrgUnit | None = None,
    grids: Iterable[Area] = (),
    buildings: Iterable[Building] = (),
    term_ends: dt.date | None = None,
    allowance: Decimal | str | None = None,
    worker: Worker | None = None,
) -> Worker:
    """Put a worker on the roster, or change one's entry (``worker``)."""
    area = _keeper(actor, area)
    if worker is not None:
        worker = Worker.objects.select_for_update().select_related("area").get(pk=worker.pk)
        _keeper(actor, worker.area, "worker")
        if worker.left_on is not None:
            raise refused(_("This worker has left."), "worker", ErrorCode.CLOSED)
    grids, buildings = list(grids), list(buildings)
    _places_hold(area, post, person, grids, buildings)
    if (
        unit is not None
        and not unit.area.path.startswith(area.path)
        and not area.path.startswith(unit.area.path)
    ):
        raise refused(_("This unit is another area's."), "unit")
    if person is not None:
        name = person.name
    if not name.strip():
        raise refused(_("Give the worker's name."), "name", ErrorCode.REQUIRED)
    entry = worker or Worker()
    entry.area, entry.unit, entry.person, entry.name = area, unit, person, name.strip()
    entry.post, entry.funding, entry.term_starts, entry.term_ends = (
        post,
        funding,
        term_starts,
        term_ends,
    )
    entry.allowance = (
        default_allowance(post) if allowance in (None, "") and worker is None
        else yuan(allowance if allowance is not None else entry.allowance, "allowance")
    )  # fmt: skip
    entry.set_phone("phone", phone)
    checked(entry)
    entry.save()
    entry.grids.set(grids)
    entry.buildings.set(buildings)
    return entry


@transaction.atomic
def worker_leave(
    *, actor: User, worker: Worker, on: dt.date | None, why: str, left_as: str = Leaving.OTHER
) -> Worker:
    """A worker leaves (term ended, not renewed, resigned, dismissed): their history stays."""
    worker = Worker.objects.select_for_update().select_related("area").get(pk=worker.pk)
    _keeper(actor, worker.area, "worker")
    if worker.left_on is not None:
        raise refused(_("This worker has left."), "worker", ErrorCode.CLOSED)
    if on is None:
        raise refused(_("Give the day."), "on", ErrorCode.REQUIRED)
    if on > timezone.localdate():
        raise refused(_("This day has not come yet."), "on")
    if on < worker.term_starts:
        raise refused(_("This is before the worker's term began."), "on")
    if not why.strip():
        raise refused(_("Say why they left."), "why", ErrorCode.REQUIRED)
    if left_as not in Leaving.values:
        raise refused(_("Say how they left."), "left_as", ErrorCode.REQUIRED)
    return leaving_recorded(worker, on=on, why=why, left_as=left_as)


def leaving_recorded(worker: Worker, *, on: dt.date, why: str, left_as: str) -> Worker:
    """Write that the worker left, for a caller that has checked who may (the roster's keeper,
    or the party organisation deciding on the year-end assessment)."""
    worker.left_on, worker.left_as, worker.left_why = on, left_as, why.strip()[:200]
    worker.save(update_fields=["left_on", "left_as", "left_why", "updated_at"])
    return worker


@transaction.atomic
def grade_set(
    *, actor: User, worker: Worker, grade: PayGrade, since: dt.date, reason: str = ""
) -> GradeChange:
    """Put a salaried worker on a grade of the pay scale from a day; the history keeps each."""
    worker = Worker.objects.select_for_update().select_related("area").get(pk=worker.pk)
    _keeper(actor, worker.area, "worker")
    if worker.post in ALLOWANCE_POSTS:
        raise refused(_("This post is paid by an allowance, not by a grade."), "grade")
    if not grade.active:
        raise refused(_("This grade is no longer on the scale."), "grade", ErrorCode.CLOSED)
    latest = worker.grade_history.order_by("-since", "-id").first()
    if since < worker.term_starts or (latest is not None and since < latest.since):
        raise refused(_("A grade change follows the term's start and the last change."), "since")
    change = GradeChange.objects.create(
        worker=worker, grade=grade, since=since, reason=reason.strip(), recorded_by=actor
    )
    worker.grade = grade
    worker.save(update_fields=["grade", "updated_at"])
    return change


@transaction.atomic
def training_add(
    *, actor: User, worker: Worker, title: str, taken_on: dt.date, hours, provider: str = ""
) -> Training:
    _keeper(actor, worker.area, "worker")
    if taken_on > timezone.localdate():
        raise refused(_("This day has not come yet."), "taken_on")
    entry = Training(worker=worker, title=title.strip(), provider=provider.strip(),
                     taken_on=taken_on, hours=hours)  # fmt: skip
    checked(entry)
    entry.save()
    return entry


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def serving(qs, first: dt.date, last: dt.date):
    """The workers whose term and service overlap the days ``first``…``last``."""
    return (
        qs.filter(term_starts__lte=last)
        .filter(Q(term_ends=None) | Q(term_ends__gte=first))
        .filter(Q(left_on=None) | Q(left_on__gte=first))
    )


@transaction.atomic
def allowances_run(*, actor: User, area: Area | None, month: dt.date) -> list[AllowanceEntry]:
    """Write the month's allowance to every worker of ``area`` who served in it and has one,
    once: a worker already paid for the month is left as written. A month not yet begun is
    refused."""
    area = _keeper(actor, area)
    first, last = month_of(month)
    if first > timezone.localdate():
        raise refused(_("This month has not begun."), "month")
    due = serving(Worker.objects.filter(area__path__startswith=area.path, allowance__gt=0),
                  first, last).exclude(allowances__month=first)  # fmt: skip
    made = [AllowanceEntry(worker=w, month=first, amount=w.allowance, recorded_by=actor)
            for w in due]  # fmt: skip
    try:
        with transaction.atomic():
            return AllowanceEntry.objects.bulk_create(made)
    except IntegrityError:  # another run wrote the same month meanwhile
        raise refused(
            _("This month is being run: try again."), "month", ErrorCode.CONFLICT
        ) from None


@transaction.atomic
def pay_grade_save(
    *, actor: User, level: int, grade: int, monthly_pay, active: bool = True,
    entry: PayGrade | None = None,
) -> PayGrade:  # fmt: skip
    """A step of the district's pay scale (who keeps the district's rules)."""
    if not permissions.can_manage_rules(actor):
        raise refused(_("Only who keeps the district's rules changes the pay scale."), "grade",
                      ErrorCode.FORBIDDEN)  # fmt: skip
    step = entry or PayGrade()
    step.level, step.grade, step.active = level, grade, active
    step.monthly_pay = yuan(monthly_pay, "monthly_pay")
    checked(step)
    step.save()
    return step
