"""The demo district's community workers assessed (DOMAIN.md §14): half a year of daily records of
each grid leader (visits and duties, now and then a commendation or an upheld complaint), an
example scheme with the work station's and the committee's ratings and the daily score, last
year's round rated, made final and sent to the party organisations (one result decided: a
reward), and this year's round open for rating. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import RoleAssignment, User
from civicgrid.evaluation import groups, workers
from civicgrid.evaluation.assessments import round_start
from civicgrid.evaluation.choices import RoundAction
from civicgrid.evaluation.models import Assessment, Scheme, SchemeItem, Verdict
from civicgrid.evaluation.workflow import assessment_round_transition
from civicgrid.workforce import daily
from civicgrid.workforce.choices import Post
from civicgrid.workforce.models import Worker

Rater = SchemeItem.Rater
RECORDS = [("visit", 0, "入户走访（示例）"), ("duty", 0, "网格巡查、信息采集（示例）"),
           ("commended", 3, "居民来信表扬（示例）"), ("complaint", -5, "投诉属实：未按时回复（示例）")]  # fmt: skip


def worker_assessments(rng, today: dt.date) -> None:
    admin = User.objects.get(username="admin")
    leader = User.objects.get(username="leader")
    leaders = list(
        Worker.objects.filter(post=Post.GRID_LEADER, left_on=None).select_related("area")
    )
    for w in leaders:
        for n in range(12):  # about two records a month for half a year
            day = min(today, timezone.localdate()) - dt.timedelta(days=rng.randint(1, 180))
            if day < w.term_starts:
                continue
            kind, points, note = RECORDS[0 if n % 2 else 1] if rng.random() < 0.85 else \
                rng.choice(RECORDS[2:])  # fmt: skip
            daily.record_add(actor=leader, worker=w, day=day, kind=kind, points=points, note=note)
    scheme = _scheme()
    due = max(today, timezone.localdate())  # the demo's day may be set: scoring is open today
    last = round_start(scheme=scheme, name=f"{today.year - 1} 年度网格长考核（示例）",
                       period=str(today.year - 1), subjects=leaders, scoring_due=due,
                       appeals_due=due)  # fmt: skip
    for a in last.assessments.select_related("worker"):
        assert a.worker is not None  # the scheme assesses workers
        for item in scheme.items.exclude(rated_by=Rater.SYSTEM):
            for rater in _raters(a, item.rated_by):
                groups.group_rate(assessment=a, item=item, value=str(rng.choice((3, 4, 4, 5))),
                                   actor=rater)  # fmt: skip
    assessment_round_transition(round_id=last.pk, action=RoundAction.CLOSE, actor=admin,
                                now=timezone.now(), note="年度考核结果确定（示例）")  # fmt: skip
    first = Verdict.objects.filter(assessment__round=last).order_by("pk").first()
    if first is not None:
        decided = min(today, timezone.localdate())
        workers.decide(verdict=first, decision=Verdict.Decision.REWARD, on=decided, actor=leader,
                       reasons="年度考核优秀，居民评价好，予以表彰（示例）")  # fmt: skip
    round_start(scheme=scheme, name=f"{today.year} 年度网格长考核（示例）", period=str(today.year),
                subjects=leaders, scoring_due=due + dt.timedelta(days=20),
                appeals_due=due + dt.timedelta(days=30))  # fmt: skip


def _scheme() -> Scheme:
    scheme = Scheme.objects.create(
        name="网格长年度考核（示例）", subject=Scheme.Subject.WORKER,
        description="居委会组织，工作站与居委会两组评议，结合日常考核；结果报社区党组织。",
        levels=[{"name": "优秀", "min": 90}, {"name": "称职", "min": 70},
                {"name": "基本称职", "min": 60}, {"name": "不称职", "min": 0}],
    )  # fmt: skip
    items: tuple[tuple[str, int, str, str, dict[str, Any]], ...] = (
        ("工作站评议", 40, "scale", Rater.STATION, {"scale_top": 5}),
        ("居委会评议", 30, "scale", Rater.COMMITTEE, {"scale_top": 5}),
        ("日常考核", 30, "indicator", Rater.SYSTEM, {"indicator": "wk_daily_score"}),
    )  # fmt: skip
    for order, (title, weight, rule, rater, more) in enumerate(items):
        SchemeItem.objects.create(scheme=scheme, title=title, weight=weight, rule=rule,
                                  rated_by=rater, order=order, **more)  # fmt: skip
    return scheme


def _raters(a: Assessment, group: str) -> list[User]:
    assert a.worker is not None  # the scheme assesses workers
    kind = UnitKind.WORK_STATION if group == Rater.STATION else UnitKind.COMMUNITY_COMMITTEE
    held = RoleAssignment.objects.filter(active=True, unit__area=a.worker.area, unit__kind=kind)
    return [r.user for r in held.select_related("user") if group in groups.groups_of(r.user, a)]
