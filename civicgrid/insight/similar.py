"""Similar cases while a case is registered (issue #21 §2): open and recent cases near the place
whose words are like the new one's — of any class, not only the same class within the class's
duplicate radius (``cases.duplicates``) — so the operator merges the report into one already
running, or links the two.

The cases reported within ``CIVICGRID_SIMILAR_DAYS`` and ``CIVICGRID_SIMILAR_RADIUS_M`` of the
place (open or closed since; never a voided or merged one; only those the person may see) are
read, newest first, at most ``POOL``; each is scored by the cosine of its words and the new
text's (jieba's words and runs of two characters, weighed by how rare each is in the report
texts civicgrid ships and among the cases read, so the words every kind of report shares and
the names of the place every report there carries count for little). A case is offered when
the score reaches ``CIVICGRID_SIMILAR_SCORE``, or when it is of the same class within the
duplicate radius; the likest first, then the nearest.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import timezone

from civicgrid.cases.choices import State
from civicgrid.cases.models import Case

from . import corpus
from .knowledge import terms

POOL = 300  # cases read around the place, newest first
SHOWN = 5
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Similar:
    case: Case
    score: float  # 0-1
    metres: int
    same_class: bool

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@cache
def rarity() -> tuple[dict[str, float], float]:
    """How much each term tells, from the report texts shipped (``corpus``): words every kind of
    report shares (小区, 楼下, 门口) little, the matter's own words (下水道, 广场舞) much; a term
    never seen tells the most (the second value)."""
    texts = [set(terms(text)) for _code, _split, text in corpus.rows()]
    seen: Counter = Counter()
    for found in texts:
        seen.update(found)
    size = len(texts) + 1
    return {t: math.log(size / (n + 1)) + 1 for t, n in seen.items()}, math.log(size) + 1


def _vector(counts: Counter, local: dict[str, float]) -> dict[str, float]:
    weight, unseen = rarity()
    return {t: n * weight.get(t, unseen) * local.get(t, 1.0) for t, n in counts.items()}


def _local(texts: list[Counter]) -> dict[str, float]:
    """How rare each term is among the cases around the place: the estate's and the street's
    names, which every report there carries, tell nothing there."""
    seen: Counter = Counter()
    for found in texts:
        seen.update(found.keys())
    size = len(texts) + 1
    return {t: math.log(1 + size / (n + 1)) for t, n in seen.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, lat2 - lat1) * METRES_PER_DEGREE


def similar_cases(
    user, *, text: str, lon, lat, case_class=None, exclude_id: int | None = None,
    now: dt.datetime | None = None, limit: int = SHOWN,
) -> list[Similar]:  # fmt: skip
    """The cases like the one described by ``text`` at (``lon``, ``lat``) that ``user`` sees."""
    if lon is None or lat is None or not text.strip():
        return []
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.CIVICGRID_SIMILAR_DAYS)
    radius = settings.CIVICGRID_SIMILAR_RADIUS_M
    d_lat = radius / METRES_PER_DEGREE
    d_lon = d_lat / max(math.cos(math.radians(lat)), 0.1)
    pool = list(
        Case.objects.visible_to(user)
        .filter(
            reported_at__gte=since,
            merged_into__isnull=True,
            lon__range=(lon - d_lon, lon + d_lon),
            lat__range=(lat - d_lat, lat + d_lat),
        )
        .exclude(state=State.VOIDED)
        .exclude(pk=exclude_id)
        .select_related("case_class", "grid")
        .order_by("-reported_at", "-pk")[:POOL]
    )
    texts = [Counter(terms(case.description or "")) for case in pool]
    local = _local(texts)
    query = _vector(Counter(terms(text)), local)
    class_id = getattr(case_class, "pk", None)
    duplicate_radius = getattr(case_class, "duplicate_radius_m", 0) or 0
    out = []
    for case, found in zip(pool, texts, strict=True):
        metres = _metres(lon, lat, case.lon, case.lat)
        if metres > radius:
            continue
        score = _cosine(query, _vector(found, local))
        same = class_id is not None and case.case_class_id == class_id
        if score >= settings.CIVICGRID_SIMILAR_SCORE or (same and metres <= duplicate_radius):
            out.append(Similar(case, round(score, 2), round(metres), same))
    out.sort(key=lambda s: (-s.score, s.metres, -s.case.pk))
    return out[:limit]
