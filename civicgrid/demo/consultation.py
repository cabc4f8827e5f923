"""The demo district's street consultation committees (DOMAIN.md §18, 民意民智协调委员会): one in
every street, of a dozen residents, with the last three quarters' meetings held (the coming one
planned), notices of the street's key work sent to its members, and two of its members' opinions —
one about the street as a whole, routed as a case. Invented names; everything goes through the
services."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.utils import timezone

from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError
from civicgrid.participation import councils, opinions
from civicgrid.participation.models import Council, Meeting, Opinion
from civicgrid.registry.models import Person

NOTICES = [
    (
        "街道明年重点工作安排（征求意见稿）（示例）",
        "请各位委员于本月底前对重点工作安排提出意见建议。",
    ),
    ("老旧小区综合改造项目进展通报（示例）", "三个小区改造已完成施工招标，计划下月进场。"),
]
AGENDAS = ["听取街道季度工作通报；审议民生实事项目（示例）", "评议街道重点工作推进情况（示例）",
           "监督老旧小区改造项目（示例）", "年度工作实绩评议准备（示例）"]  # fmt: skip


def consultation_committees(rng, today: dt.date) -> None:
    leader = User.objects.get(username="leader")
    tz = timezone.get_current_timezone()
    day = min(today, timezone.localdate())
    for street in Area.objects.filter(level=3, active=True).order_by("code"):
        residents = list(
            Person.objects.filter(grid__path__startswith=street.path, active=True)
            .exclude(birth_date__gt=dt.date(day.year - 30, 1, 1)).order_by("id")[:12]
        )  # fmt: skip
        if len(residents) < 5:
            continue
        council = councils.council_create(
            actor=leader, area=street, kind=Council.Kind.STREET,
            name=f"{street.name}民意民智协调委员会", term_from=dt.date(day.year - 1, 1, 1),
            term_until=dt.date(day.year + 3, 12, 31), seats=len(residents),
        )  # fmt: skip
        for n, person in enumerate(residents):
            councils.member_add(actor=leader, council=council, person=person,
                                role="chair" if n == 0 else "member",
                                term_from=council.term_from)  # fmt: skip
        # the last three quarters' meetings held, the coming quarter's planned
        for k, back in enumerate((273, 182, 91, -30)):
            on = day - dt.timedelta(days=back)
            held = dt.datetime.combine(on, dt.time(14), tz)
            meeting = councils.meeting_call(
                actor=leader, area=street, kind=Meeting.Kind.CONSULTATION, council=council,
                title=f"{on.year} 年第 {(on.month - 1) // 3 + 1} 季度民意民智协调会（示例）",
                agenda=AGENDAS[k], starts_at=held, place="街道党群服务中心（示例）",
            )  # fmt: skip
            if back < 0:
                continue  # the coming one stays planned
            for attendee in meeting.attendees.all()[: max(5, len(residents) - 2)]:
                councils.attendee_sign_in(actor=leader, attendee=attendee, now=held)
            councils.meeting_hold(actor=leader, meeting=meeting, now=held + dt.timedelta(hours=2),
                                  minutes="委员听取通报，提出意见建议，形成会议纪要（示例）。")  # fmt: skip
        for k, (title, body) in enumerate(NOTICES):
            councils.notice_send(actor=leader, council=council, title=title, body=body,
                                 now=timezone.now() - dt.timedelta(days=40 - 20 * k))  # fmt: skip
        said = opinions.opinion_collect(
            actor=leader, area=street, channel=Opinion.Channel.COMMITTEE,
            text="委员建议：主干道夜间照明不足，建议增设路灯（示例）",
            collected_on=day - dt.timedelta(days=12),
        )  # fmt: skip
        # a street without a place to put a case: the opinion waits
        with contextlib.suppress(DomainError):
            opinions.opinion_route(actor=leader, opinion=said, to="case", case_class="AP005")
        opinions.opinion_collect(
            actor=leader, area=street, channel=Opinion.Channel.COMMITTEE,
            text="委员建议：加强对老旧小区改造施工噪声的管理（示例）",
            collected_on=day - dt.timedelta(days=5),
        )  # fmt: skip
