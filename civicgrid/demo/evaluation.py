"""The demo district's score cards — how a district might weigh its streets, its departments and
its grid workers each month — this year's rating round, open, in which streets, communities and
residents' representatives rate the departments (some have rated already), and this year's
third-party assessment of the streets, open for scoring (an administrator changes them all)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Q

from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.evaluation.assessments import round_start, scheme_copy
from civicgrid.evaluation.models import (
    RatingDimension,
    RatingRound,
    Scheme,
    ScoreCard,
    ScoreItem,
)
from civicgrid.evaluation.rounds import rater_areas, sheet_save, units_to_rate

# each card's fields, and its items: (indicator, weight, target)
CARDS: list[tuple[dict[str, Any], list[tuple[str, int, Decimal | None]]]] = [
    (
        {"name": "街道月度综合考评", "subject": "area", "level": AreaLevel.STREET},
        [
            ("closing_rate", 25, None),
            ("on_time_closing_rate", 30, None),
            ("public_report_rate", 10, None),
            ("satisfaction_rate", 20, None),
            ("self_handled_rate", 15, None),
        ],
    ),
    (
        {"name": "社区月度综合考评", "subject": "area", "level": AreaLevel.COMMUNITY},
        [("closing_rate", 40, None), ("on_time_closing_rate", 40, None), ("grid_share", 20, None)],
    ),
    (
        {"name": "职能部门处置考评（块考条·指标部分）", "subject": "unit"},
        [
            ("handling_rate", 30, None),
            ("on_time_handling_rate", 40, None),
            ("rework_rate", 15, None),
            ("returns", 15, Decimal(50)),
        ],
    ),
    (
        {"name": "网格员月度考核", "subject": "person", "role": Role.SUPERVISOR},
        [
            ("valid_report_rate", 30, None),
            ("on_time_verify_rate", 25, None),
            ("on_time_check_rate", 25, None),
            ("missed_rate", 20, None),
        ],
    ),
]


def score_cards() -> int:
    for fields, items in CARDS:
        card = ScoreCard.objects.create(**fields)
        for code, weight, target in items:
            ScoreItem.objects.create(
                card=card, indicator=code, weight=Decimal(weight), target=target
            )
    return len(CARDS)


DIMENSIONS = [
    ("服务态度", "接待群众和社区是否热情、耐心"),
    ("响应速度", "接到派单、求助后是否及时响应"),
    ("办理质量", "问题是否真正解决、是否反复"),
    ("协同配合", "与街道、社区协同处置是否顺畅"),
]


def rounds(rng: random.Random, today: dt.date) -> None:
    """This year's rating round, open, with the sheets of about two raters in three, and the
    streets' third-party assessment, open for scoring."""
    rnd = RatingRound(
        name=f"{today.year}年度职能部门服务评议（块考条）",
        period=str(today.year),
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=30),
        card=ScoreCard.objects.filter(subject="unit").first(),
    )
    rnd.full_clean()
    rnd.save()
    dimensions = [
        RatingDimension.objects.create(round=rnd, name=name, description=about, order=n)
        for n, (name, about) in enumerate(DIMENSIONS)
    ]
    # the street offices, the residents' committees and the residents' representatives
    raters = (
        User.objects.filter(
            Q(assignments__unit__kind__in=["street_office", "community_committee"])
            | Q(assignments__role=Role.COUNCIL_MEMBER),
            is_active=True,
        )
        .distinct()
        .order_by("username")
        if rnd.is_open()
        else []
    )
    for rater in raters:
        if not rater_areas(rater, rnd) or rng.random() < 0.35:
            continue
        for unit in units_to_rate(rater, rnd):
            base = rng.choice([3, 4, 4, 5, 5])
            levels = {d.pk: max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for d in dimensions}
            sheet_save(rnd=rnd, rater=rater, unit=unit, levels=levels)
    template = Scheme.objects.filter(template=True, subject="area").first()
    if template is not None:
        round_start(
            scheme=scheme_copy(template, name=f"{template.name}（{today.year}）"),
            name=f"{today.year}年度街道城市管理第三方考评",
            period=str(today.year),
            subjects=list(Area.objects.filter(level=3, active=True).order_by("code")),
            scoring_due=today + dt.timedelta(days=20),
            appeals_due=today + dt.timedelta(days=30),
        )
