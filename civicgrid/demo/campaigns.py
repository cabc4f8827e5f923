"""The demo district's screening campaigns (DOMAIN.md §18): last summer's hiring sweep over the
first street, concluded, and this month's fire-safety sweep of its first community, running;
each grid's worker visits places of their grid (its buildings and a few shops), and what they
found is made a case — the summer's handled round the loop. Invented names; everything goes
through the services and the loop."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.campaigns import services
from civicgrid.cases.services import case_transition
from civicgrid.core.errors import DomainError
from civicgrid.registry.models import Building

HIRING = ["是否与暑期工签订书面协议", "是否使用未满 16 周岁人员", "工时与报酬是否符合规定"]
FIRE = ["疏散通道是否畅通", "灭火器是否在有效期内", "是否存在违规电动车充电"]
SHOPS = ["便利店（示例）", "奶茶店（示例）", "小餐馆（示例）", "网吧（示例）"]
FOUND = {
    "hiring": [(1, "发现一名 15 岁学生在店内打工（示例）"), (0, "两名暑期工未签书面协议（示例）")],
    "fire": [(0, "楼道堆放纸箱堵塞通道（示例）"), (2, "楼道内私拉电线为电动车充电（示例）")],
}


def _worker(grid: Area) -> User | None:
    return (
        User.objects.filter(
            assignments__unit__area=grid,
            assignments__role=Role.SUPERVISOR,
            assignments__active=True,
        )
        .order_by("pk")
        .first()
    )


def screening_campaigns(rng, today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    street = Area.objects.filter(level=3, active=True).order_by("code").first()
    if street is None:
        return
    day = min(today, timezone.localdate())
    # last summer's sweep, over and concluded by now (a September day: the summer before)
    summer = dt.date(day.year if day >= dt.date(day.year, 10, 1) else day.year - 1, 7, 1)
    hiring = services.campaign_launch(
        actor=leader, area=street, name=f"{summer.year} 年暑期用工专项排查（示例）", theme="hiring",
        starts_on=summer, ends_on=summer.replace(month=8, day=31), items=HIRING,
        case_class="AP004",
    )  # fmt: skip
    _sweep(rng, hiring, street, summer + dt.timedelta(days=10), "hiring", walk=True)
    services.campaign_conclude(actor=leader, campaign=hiring, on=summer.replace(month=9, day=5),
                               conclusion="走访商户 30 余家，督促签订协议，清退未成年用工 1 人（示例）")  # fmt: skip
    community = (
        Area.objects.filter(level=4, active=True, path__startswith=street.path)
        .order_by("code")
        .first()
    )
    if community is None:
        return
    fire = services.campaign_launch(
        actor=leader, area=community, name=f"{community.name}冬季消防安全排查（示例）", theme="fire",
        starts_on=day - dt.timedelta(days=6), ends_on=day + dt.timedelta(days=24), items=FIRE,
        case_class="AP004",
    )  # fmt: skip
    _sweep(rng, fire, community, day - dt.timedelta(days=5), "fire", walk=False)


def _sweep(rng, campaign, area: Area, first: dt.date, theme: str, *, walk: bool) -> None:
    grids = Area.objects.filter(level=5, active=True, path__startswith=area.path).order_by("code")
    items = list(campaign.items.all())
    made = 0
    for n, grid in enumerate(grids[:4]):
        worker = _worker(grid)
        if worker is None:
            continue
        buildings = list(Building.objects.filter(grid=grid, active=True).order_by("code")[:2])
        places = [{"building": b} for b in buildings] + [{"place": f"{grid.name}{SHOPS[n % 4]}"}]
        for k, place in enumerate(places):
            visit = services.visit_record(actor=worker, campaign=campaign, grid=grid,
                                          visited_on=first + dt.timedelta(days=k), **place)  # fmt: skip
            if k == len(places) - 1 and made < len(FOUND[theme]):
                item, text = FOUND[theme][made]
                finding = services.finding_add(actor=worker, visit=visit, item=items[item],
                                               description=text)  # fmt: skip
                case = services.finding_report(actor=worker, finding=finding, now=min(
                    timezone.now(), dt.datetime.combine(visit.visited_on, dt.time(17),
                                                        timezone.get_current_timezone())))  # fmt: skip
                made += 1
                if walk:
                    _handled(case)


def _handled(case) -> None:
    """Registered, dispatched where routing says, handled and closed the morning after it was
    reported (on the visit's day), where the demo has the people for it."""
    shift_lead = User.objects.get(username="shift_lead")
    dispatcher = (
        User.objects.filter(assignments__unit__code="D-GRID", assignments__role=Role.DISPATCHER)
        .order_by("pk")
        .first()
    )
    at = case.reported_at + dt.timedelta(hours=15)  # the next morning
    if at + dt.timedelta(hours=8) > timezone.now():
        return  # too recent to have been handled: it waits
    try:
        steps = [("register", shift_lead, ""), ("dispatch", dispatcher, "")]
        for n, (action, actor, note) in enumerate(steps):
            case = case_transition(case_id=case.pk, action=action, actor=actor, note=note,
                                   now=at + dt.timedelta(hours=n + 1))  # fmt: skip
        handler = (
            User.objects.filter(assignments__unit=case.lead_unit, assignments__role=Role.HANDLER)
            .order_by("pk")
            .first()
            if isinstance(case.lead_unit, OrgUnit)
            else None
        )
        if handler is None:
            return
        for n, (action, actor, note) in enumerate([
            ("sign", handler, ""), ("report_handled", handler, "已责令整改（示例）"),
            ("close", shift_lead, "已整改（示例）"),
        ]):  # fmt: skip
            case_transition(case_id=case.pk, action=action, actor=actor, note=note,
                            now=at + dt.timedelta(hours=n + 3))  # fmt: skip
    except DomainError:  # a demo without the people routing needs: the case waits
        return
