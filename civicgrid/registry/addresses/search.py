"""Suggesting standard addresses as a caller speaks them.

Candidates come from the database's own text search — pg_trgm's word similarity (``%>``, GIN
trigram index) on PostgreSQL, FTS5 with the trigram tokenizer on SQLite — and are ranked with
rapidfuzz: each run of the query (Chinese characters, digits, Latin letters: "391号示范路" →
"391", "号示范路") against the entry's words, in any order, with typos, pinyin or initials
("sfl391"); digits must match a number of the address exactly to count in full (391 is not
1391). Queries shorter than three characters match the start of a road, a house number or a
building's name. Decision 0015.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz

from civicgrid.accounts.permissions import VIEW_REGISTER, scope_filter
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area

from ..models import AddressLevel, StandardAddress
from .candidates import FIELDS_HOUSE, HOUSE_WORDS, exact, prefix, text_search
from .words import normal, runs

DIGITS = re.compile(r"[0-9]+")
CLEAR = 75.0  # a resolved address scores at least this …
MARGIN = 8.0  # … and this much more than the next building
PART = 50.0  # … and each part up to the house number (road, number) matches this well
NOISE = 40.0  # a run of the query no candidate holds this well is not part of an address
QUERY_MAX = 100


@dataclass
class Candidate:
    id: int
    level: str
    text: str
    label: str
    building_id: int
    building: str = ""
    grid_id: int = 0
    grid: dict = field(default_factory=dict)
    lon: float | None = None
    lat: float | None = None
    house_id: int | None = None
    score: float = 0.0
    weakest: float = 0.0  # the score of the part of the query it matches least

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "label": self.label,
            "level": self.level,
            "building": self.building,
            "grid": self.grid,
            "lon": self.lon,
            "lat": self.lat,
        }


def visible(user=None, *, public: bool = False) -> QuerySet[StandardAddress]:
    """Building-level entries for everyone (a building's address is no secret); house-level ones
    only for those who may see the register where the house is."""
    buildings = Q(level=AddressLevel.BUILDING)
    if public or user is None:
        return StandardAddress.objects.filter(buildings)
    houses = Q(level=AddressLevel.HOUSE) & scope_filter(user, "grid__path", VIEW_REGISTER)
    return StandardAddress.objects.filter(buildings | houses)


def _covered(part: str, text: str) -> float:
    """How much of ``part`` is found in ``text`` (0–100), typos allowed."""
    if len(part) <= len(text):
        return fuzz.partial_ratio(part, text)
    return fuzz.ratio(part, text)


def run_scores(query_runs: list[str], row: dict) -> list[tuple[float, float]]:
    """(0–100, weight) per run of the query: how well the entry holds it, wherever it stands.
    Digits count in full only when they are one of the address's numbers; an area's name the
    caller adds (district, street, community) counts when it is the entry's own."""
    words = row["search"].split()
    text = row["text"].replace(" ", "").lower()
    numbers = set(DIGITS.findall(text))
    if row["district"] and text.startswith(row["district"]):
        text = text[len(row["district"]) :]  # callers seldom say it; when they do, see below
    areas = [a for a in (row["district"], row["street"], row["community"]) if a]
    grid = normal(row.get("grid__name") or "")
    out = []
    seen_number = False
    for run in query_runs:
        # the road and the house number say where; a unit, a room, a floor only refine it
        size = float(len(run))
        if run[0].isdigit():
            size *= 0.5 if seen_number else 1
            seen_number = True
        elif run in HOUSE_WORDS:
            size *= 0.3
        if run[0].isdigit():
            digits = run.rstrip("号")
            best = (
                100.0
                if digits in numbers
                else 0.6 * max((fuzz.ratio(digits, n) for n in numbers), default=0.0)
            )
        elif run.isascii():
            best = max((_covered(run, w) for w in words), default=0.0)
        else:
            rest = run
            for area in areas:
                rest = rest.replace(area.lower(), "")
            best = _covered(rest, text) if rest else 100.0
            if grid and rest and best < 100.0:  # the grid's name, said with the building's
                best = max(best, _covered(rest, grid))
        out.append((best, size))
    return out


def _weighted(scores: list[tuple[float, float]], kept: list[bool]) -> float:
    total = sum(best * size for (best, size), keep in zip(scores, kept, strict=True) if keep)
    weight = sum(size for (_best, size), keep in zip(scores, kept, strict=True) if keep)
    return total / weight if weight else 0.0


def _ranked(rows: list[dict], query: str) -> list[tuple[float, dict]]:
    query_runs = _runs(query)
    wants_house = _wants_house(query_runs)
    # a row's scores are kept on it: the same rows are ranked again within one query (whether
    # the exact look-ups settle it, which buildings' houses to read, the answer)
    per_row = []
    for r in rows:
        if r.get("_for") != query:
            r["_for"], r["_scores"] = query, run_scores(query_runs, r)
        per_row.append(r["_scores"])
    # words after the house number that no entry holds ("门口", "旁边") are the caller's, not
    # the address's: left out (a road no entry holds still counts against every entry)
    number_at = next((i for i, r in enumerate(query_runs) if r[0].isdigit()), len(query_runs))
    kept = [
        i <= number_at or max((scores[i][0] for scores in per_row), default=0.0) >= NOISE
        for i in range(len(query_runs))
    ]
    scored = []
    for scores, r in zip(per_row, rows, strict=True):
        # the road and the number (what comes up to it) must each fit for a building to be named
        r["weakest"] = min((b for b, _size in scores[: number_at + 1]), default=0.0)
        scored.append((_weighted(scores, kept), r))

    def key(item):
        s, r = item
        house_first = r["level"] == AddressLevel.HOUSE
        return (-round(s, 1), house_first != wants_house, len(r["text"]), r["id"])

    return sorted(scored, key=key)


def _finish(ranked: list[tuple[float, dict]], limit: int) -> list[Candidate]:
    shown = ranked[:limit]
    return [
        Candidate(
            id=r["id"],
            level=r["level"],
            text=r["text"],
            label=r["label"],
            building_id=r["building_id"],
            building=r["building__code"],
            grid_id=r["grid_id"],
            grid={"code": r["grid__code"], "name": r["grid__name"]},
            lon=r["lon"],
            lat=r["lat"],
            house_id=r["house_id"],
            score=round(s, 1),
            weakest=r.get("weakest", 0.0),
        )
        for s, r in shown
    ]


_AREAS: tuple[float, list[str]] = (0.0, [])
AREAS_FOR = 300.0  # seconds the area names are kept (they change seldom)


def _area_names() -> list[str]:
    """Names of districts, streets and communities, longest first (kept a few minutes)."""
    global _AREAS
    at, names = _AREAS
    if time.monotonic() - at > AREAS_FOR:
        found = Area.objects.filter(level__lte=AreaLevel.COMMUNITY, level__gte=AreaLevel.DISTRICT)
        names = sorted({normal(n) for n in found.values_list("name", flat=True) if len(n) > 1},
                       key=len, reverse=True)  # fmt: skip
        _AREAS = (time.monotonic(), names)
    return names


def _runs(query: str) -> list[str]:
    """The query's runs, an area's name said before a road cut off as a run of its own
    ("中心街道建祥弄885号" → "中心街道", "建祥弄", "885号")."""
    out: list[str] = []
    names = _area_names()
    for run in runs(query):
        rest = run
        while rest and not rest[0].isascii():
            name = next((n for n in names if rest.startswith(n) and len(rest) > len(n)), None)
            if name is None:
                break
            out.append(name)
            rest = rest[len(name) :]
        if rest:
            out.append(rest)
    return out


def _wants_house(query_runs: list[str]) -> bool:
    """Whether the caller names a house: a second number (unit, room) or a unit's word."""
    return len([r for r in query_runs if r[0].isdigit()]) > 1 or any(
        w in r for r in query_runs for w in ("单元", "室", "户")
    )


HOUSES_OF = 5  # buildings whose houses are ranked when the caller names a house


def _settled(rows: list[dict], query: str) -> bool:
    """Whether the best of these candidates names the place said as clearly as intake asks of
    a resolved address (its score and each part up to the house number), or each part up to the
    house number fits it that well (what follows, a unit and room, only chooses the house)."""
    if not rows:
        return False
    best, row = _ranked(rows, query)[0]
    return (best >= CLEAR and row["weakest"] >= PART) or row["weakest"] >= CLEAR


def _rows(query: str, qs: QuerySet[StandardAddress], houses: bool = True) -> list[dict]:
    """Building-level candidates from the text search (the index holds buildings only); when
    the caller names a house, the houses of the best few buildings with them."""
    compact = normal(query).replace(" ", "")
    if not compact:
        return []
    if len(compact) < 3:
        return prefix(qs, compact)
    query_runs = _runs(query)
    areas = set(_area_names())
    # the number and the road as said, looked up exactly; enough when the best of them fits
    # what was said (the fuzzy text search costs far more: it computes a similarity per row)
    rows = exact(qs, query_runs, areas)
    if not _settled(rows, query):
        # the database looks for the road and the number; an area's name the caller adds
        # only ranks (an entry's words between the street and the road would lower its
        # similarity)
        spaced = " ".join(r for r in query_runs if r not in areas) or " ".join(query_runs)
        seen = {r["id"] for r in rows}
        found = text_search(qs.filter(level=AddressLevel.BUILDING), compact, spaced or compact)
        rows += [r for r in found if r["id"] not in seen]
    if houses and rows and _wants_house(query_runs):
        # the houses of the best few buildings: of the best alone when it stands clear
        ranked = _ranked(rows, query)
        best: list[int] = []
        for s, r in ranked:
            if s < ranked[0][0] - MARGIN or len(best) == HOUSES_OF:
                break
            if r["building_id"] not in best:
                best.append(r["building_id"])
        in_them = qs.filter(level=AddressLevel.HOUSE, building_id__in=best)
        seen = {r["id"] for r in rows}
        rows += [r for r in in_them.values(*FIELDS_HOUSE) if r["id"] not in seen]
    return rows


def suggest(query: str, *, limit: int = 8, user=None, public: bool = False) -> list[Candidate]:
    """The best ``limit`` entries for what was typed so far, best first."""
    query = (query or "")[:QUERY_MAX]
    limit = max(1, min(int(limit), 20))
    # the public and callers without an account see buildings only: no houses to read
    rows = _rows(query, visible(user, public=public), houses=user is not None and not public)
    return _finish(_ranked(rows, query), limit)


@dataclass
class Resolution:
    """The building an address names, or the candidates among which it could not choose."""

    candidate: Candidate | None
    candidates: list[Candidate]


def resolve(query: str, *, user=None, limit: int = 5) -> Resolution:
    """The one building a typed address names: the best match, if it is good and clearly better
    than the next building's; else the best candidates (none when nothing is near)."""
    query = (query or "")[:QUERY_MAX]
    rows = _rows(query, visible(user), houses=user is not None)
    ranked = _ranked(rows, query)
    best_per_building: list[tuple[float, dict]] = []
    seen: set[int] = set()
    for s, r in ranked:
        if r["building_id"] in seen:
            continue
        seen.add(r["building_id"])
        # a building's own entry speaks for it (a house entry names the same place)
        best_per_building.append((s, r))
    shown = _finish(best_per_building, limit)
    if not shown or shown[0].score < CLEAR or shown[0].weakest < PART:
        return Resolution(None, [c for c in shown if c.score >= CLEAR / 2])
    if len(shown) > 1 and shown[1].score > shown[0].score - MARGIN:
        return Resolution(None, shown)
    return Resolution(shown[0], shown)
