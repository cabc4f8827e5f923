"""The demo district's applications at its first service centre over the last four weeks, walked
through the real services: accepted at the windows (a few after a one-time notice, a few with a
material to follow, 容缺), submitted on the portal by the printed resident login and by the
printed grid worker for residents of their grid (代办); reviewed and decided by the offices
responsible, handed over, rated by the applicants (a few bad ratings, one answered); some still
open, two overdue."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import OrgUnit, RoleAssignment, User
from civicgrid.core.errors import DomainError
from civicgrid.onestop import desk, office, ratings
from civicgrid.onestop.models import Application, ServiceItem, Window
from civicgrid.registry.identity import Proof
from civicgrid.registry.models import Person

DAYS = 28
GRADES = [5] * 14 + [4] * 4 + [3] * 2 + [2, 1]


def _someone_of(unit: OrgUnit) -> User | None:
    grant = (
        RoleAssignment.objects.filter(unit=unit, active=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return grant.user if grant else None


def _proof(person: Person) -> Proof:
    return Proof(person.name, person.reveal("id_number"))


def _working_moment(rng: random.Random, day: dt.date) -> dt.datetime:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(9), tz) + dt.timedelta(minutes=rng.randint(0, 400))


def applications(rng: random.Random, now: dt.datetime) -> None:
    centre = OrgUnit.objects.filter(kind="service_centre").order_by("code").first()
    clerk = _someone_of(centre) if centre else None
    if centre is None or clerk is None:
        return
    windows = list(Window.objects.filter(centre=centre))
    items = list(ServiceItem.objects.filter(active=True, at_window=True).exclude(category="life"))
    people = list(
        Person.objects.filter(grid__path__startswith=centre.area.path, active=True)
        .filter(id_type="resident_id")
        .exclude(id_number_enc="")
        .order_by("id")[:60]
    )
    if not items or len(people) < 30:
        return
    today = timezone.localdate(now)
    with_follow = [i for i in items if any(m.may_follow for m in i.materials.all())]
    made: list[Application] = []
    for n in range(26):
        day = today - dt.timedelta(days=DAYS - n)
        at = _working_moment(rng, day)
        if at >= now:
            break
        item = items[n % len(items)]
        if n % 5 == 2 and with_follow:  # one material to follow later (容缺)
            item = with_follow[n % len(with_follow)]
        materials = list(item.materials.all())
        provided = [m.pk for m in materials]
        follows = [m.pk for m in materials if m.may_follow]
        notice = n % 9 == 4  # the one-time notice: a material that may not follow is missing
        following = follows[:1] if n % 5 == 2 and follows else []
        if notice and any(not m.may_follow for m in materials):
            provided = [m.pk for m in materials if m.may_follow]
        provided = [p for p in provided if p not in following]
        app = desk.window_take(
            actor=clerk, centre=centre, item=item, proof=_proof(people[n]),
            provided=provided, following=following,
            follow_by=day + dt.timedelta(days=5) if following else None,
            accept=not notice, window=rng.choice(windows) if windows else None, now=at,
        )  # fmt: skip
        if notice and n < 20:  # came back two days later with everything
            app = desk.desk_decide(actor=clerk, application=app,
                                   provided=[m.pk for m in materials],
                                   now=at + dt.timedelta(days=2, hours=1))  # fmt: skip
        if following and n < 20:
            app = office.receive(actor=clerk, application=app, material_id=following[0],
                                 now=at + dt.timedelta(days=3))  # fmt: skip
        made.append(app)
    _portal_and_proxy(rng, centre, now, made)
    _decide(rng, made, now)


def _portal_and_proxy(rng: random.Random, centre: OrgUnit, now: dt.datetime,
                      made: list[Application]) -> None:  # fmt: skip
    online = ServiceItem.objects.filter(active=True, online=True).order_by("code").first()
    proxy = ServiceItem.objects.filter(active=True, by_proxy=True).order_by("code").first()
    resident = User.objects.filter(username="resident").first()
    worker = User.objects.filter(username="supervisor").first()
    if online and resident:
        who = Person.objects.filter(grid__path__startswith=centre.area.path, active=True)
        for n, person in enumerate(
            who.filter(id_type="resident_id").exclude(id_number_enc="").order_by("-id")[:2]
        ):
            at = now - dt.timedelta(days=6 - 5 * n, hours=2)
            app = desk.submit(actor=resident, item=online, proof=_proof(person), now=at)
            if n == 0:
                materials = [m.pk for m in online.materials.all()]
                app = desk.desk_decide(actor=_someone_of(app.centre) or resident,
                                       application=app, provided=materials,
                                       now=at + dt.timedelta(hours=20))  # fmt: skip
                made.append(app)
    grant = RoleAssignment.objects.filter(user=worker, role=Role.SUPERVISOR).first()
    if proxy and worker and grant:
        elderly = Person.objects.filter(
            grid=grant.unit.area, active=True, id_type="resident_id"
        ).exclude(id_number_enc="")
        for n, person in enumerate(elderly.order_by("birth_date")[:2]):
            try:
                desk.submit(actor=worker, item=proxy, proof=_proof(person),
                            consent=f"授权委托书（本人签字，编号 DB{n + 1:03d}）",
                            now=now - dt.timedelta(days=3 - n, hours=3))  # fmt: skip
            except DomainError:  # the worker's grid has no service centre above it
                return


def _decide(rng: random.Random, made: list[Application], now: dt.datetime) -> None:
    """The offices take what was accepted through its steps; the oldest are decided and handed
    over and most of those rated; the two most recent promised ones, and two overdue, wait."""
    overdue = 0
    for app in made:
        app.refresh_from_db()
        if app.status != "accepted":
            continue
        decider = _someone_of(app.office) if app.item.kind != "instant" else app.accepted_by
        if decider is None or app.accepted_at is None:
            continue
        late = app.due_at is not None and app.due_at < now
        if late and overdue < 2 and rng.random() < 0.3:
            overdue += 1  # left open past its deadline: the list shows it overdue
            continue
        moment = app.accepted_at + dt.timedelta(
            minutes=20 if app.item.kind == "instant" else 60 * 26
        )
        if moment >= now:
            continue
        for _step in app.item.steps:
            app = office.review(actor=decider, application=app, note="材料审核无误", now=moment)
            moment += dt.timedelta(hours=3)
        if app.item.kind == "upward":
            app = office.pass_up(actor=decider, application=app, note="报区相关部门审批",
                                 now=moment)  # fmt: skip
            moment += dt.timedelta(days=2)
        if moment >= now:
            continue
        if rng.random() < 0.1:
            app = office.refuse(actor=decider, application=app,
                                reasons="经核查，家庭收入超过规定标准，不符合申请条件。",
                                now=moment)  # fmt: skip
        else:
            app = office.approve(actor=decider, application=app,
                                 document=f"{app.item.name}决定书 {app.number}", now=moment)  # fmt: skip
            hand = moment + dt.timedelta(hours=2 if app.item.kind == "instant" else 30)
            if hand >= now:
                continue
            app = office.hand_over(actor=app.accepted_by or decider, application=app,
                                   how="pick_up", now=hand)  # fmt: skip
            moment = hand
        _rate(rng, app, moment, now)


def _rate(rng: random.Random, app: Application, moment: dt.datetime, now: dt.datetime) -> None:
    if rng.random() < 0.2 or moment + dt.timedelta(hours=3) >= now:
        return  # not everybody rates
    grade = GRADES[app.pk % len(GRADES)]
    comment = {1: "来回跑了两趟，窗口说法不一致", 2: "等候时间太长"}.get(grade, "")
    rating = ratings.rate(application=app, grade=grade, comment=comment,
                          now=moment + dt.timedelta(hours=3))  # fmt: skip
    answerer = _someone_of(app.office)
    if rating.bad and grade == 2 and answerer and moment + dt.timedelta(days=1) < now:
        ratings.answer(actor=answerer, rating=rating,
                       text="已电话回访申请人，说明高峰时段可网上预约；窗口已增加弹性岗。",
                       now=moment + dt.timedelta(days=1))  # fmt: skip
