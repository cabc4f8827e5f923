"""The demo district's score cards — how a district might weigh its streets, its departments and
its grid workers each month — and this year's rating round, in which streets, communities and
residents' representatives rate the departments (an administrator changes them all)."""

from __future__ import annotations

from decimal import Decimal

from civicgrid.accounts.choices import Role
from civicgrid.areas.choices import AreaLevel
from civicgrid.evaluation.models import ScoreCard, ScoreItem

CARDS = [
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
