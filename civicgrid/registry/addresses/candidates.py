"""Candidates for the ranking, read from the database (decision 0015).

- ``exact``: buildings whose house number is the one said, or whose road is a word said — two
  look-ups on btree indexes of building-level entries, no similarity computed. Most queries
  (a road and a number, in any order, with the street, a unit and room, initials and a number)
  are settled here.
- ``text_search``: the database's own fuzzy text search, for what ``exact`` does not settle (a
  mistyped road, a building's or a grid's name, a number said differently): pg_trgm's word
  similarity (``%>``, GIN trigram index) on PostgreSQL, FTS5 with the trigram tokenizer on SQLite.
- ``prefix``: a query of one or two characters matches the start of a road, a house number or a
  building's name.
"""

from __future__ import annotations

import weakref

from django.db import connection
from django.db.models import Case, QuerySet, When

from ..models import AddressLevel, StandardAddress
from .words import pinyin

CANDIDATES = 200  # rows read from the database's text search for ranking
SIMILARITY = 0.3  # pg_trgm word similarity a candidate needs
NEIGHBOURS = 24  # buildings of a road said, beside those with the number said
SHORT = 40  # buildings per index for a query of one or two characters
HOUSE_WORDS = {"单元", "室", "栋", "幢", "楼", "层", "户", "号楼"}


FIELDS = (
    "id", "level", "text", "label", "search", "building_id", "grid_id", "lon", "lat",
    "district", "street", "community", "building__code", "grid__code", "grid__name",
)  # fmt: skip
FIELDS_HOUSE = (*FIELDS, "house_id")


_SET_ON: weakref.WeakSet = weakref.WeakSet()  # connections whose threshold is set


def threshold_set() -> None:
    """pg_trgm's word similarity threshold for this connection: set once outside a transaction;
    inside one, every time (a rolled-back transaction takes the setting back with it)."""
    connection.ensure_connection()
    raw = connection.connection
    if raw in _SET_ON and not connection.in_atomic_block:
        return
    with connection.cursor() as cur:
        cur.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(SIMILARITY)]
        )
    if connection.in_atomic_block:
        _SET_ON.discard(raw)
    else:
        _SET_ON.add(raw)


def core(query_runs: list[str]) -> str:
    """The part of an address that says where: the runs up to the house number, or the number
    and the road after it when the caller says the number first ("391号 示范路")."""
    at = next((i for i, r in enumerate(query_runs) if r[0].isdigit()), len(query_runs))
    end = at + 2 if at == 0 else at + 1
    return " ".join(query_runs[:end])


def text_search(qs: QuerySet[StandardAddress], compact: str, spaced: str) -> list[dict]:
    if connection.vendor == "postgresql":
        # found by what says where (road, number), ordered by all that was said (unit, room)
        where = core(spaced.split()) or spaced
        threshold_set()
        found = (
            qs.extra(where=["registry_standardaddress.search %%> %s"], params=[where])
            .extra(
                select={"sim": "word_similarity(%s, registry_standardaddress.search)"},
                select_params=[spaced],
                order_by=["-sim", "level", "id"],
            )
            .values(*FIELDS_HOUSE)[:CANDIDATES]
        )
        return list(found)
    if connection.vendor == "sqlite":
        grams = {compact[i : i + 3] for i in range(len(compact) - 2)}
        for run in spaced.split():
            grams |= {run[i : i + 3] for i in range(len(run) - 2)}
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))
        if not match:
            return []
        ids = (
            "registry_standardaddress.id IN (SELECT rowid FROM registry_standardaddress_fts "
            "WHERE registry_standardaddress_fts MATCH %s ORDER BY rank LIMIT 2000)"
        )
        rows: list[dict] = list(
            qs.extra(where=[ids], params=[match]).values(*FIELDS_HOUSE)[: CANDIDATES * 5]
        )
        if not rows:
            # every trigram of the characters missed (a wrong character in a short road): a
            # homophone typo has the road's own pinyin, which the key holds as a word
            spelled = {pinyin(run)[0] for run in spaced.split()} - {""}
            match = " OR ".join(
                '"' + p.replace('"', "") + '"' for p in sorted(spelled) if len(p) > 2
            )
            if match:
                rows = list(
                    qs.extra(where=[ids], params=[match]).values(*FIELDS_HOUSE)[:CANDIDATES]
                )
        return rows
    # another database: the words in order, as a substring
    return list(qs.filter(search__icontains=compact).values(*FIELDS_HOUSE)[:CANDIDATES])


def prefix(qs: QuerySet[StandardAddress], compact: str) -> list[dict]:
    """Buildings whose road, house number or name starts with a short query: three look-ups,
    each on its own prefix index (one OR would read every building)."""
    buildings = qs.filter(level=AddressLevel.BUILDING)

    def starts(name: str) -> dict:
        if connection.vendor == "sqlite":  # its LIKE reads no index: a range does
            return {f"{name}__gte": compact, f"{name}__lt": compact + "\U0010ffff"}
        return {f"{name}__startswith": compact}  # varchar_pattern_ops serves LIKE 'x%'

    parts = [
        buildings.filter(**starts(name)).order_by(name, "id").values(*FIELDS_HOUSE)[:SHORT]
        for name in ("road", "number", "building_name")
    ]
    return _gathered(parts)


def _gathered(parts: list) -> list[dict]:
    """The rows of these look-ups, each once, in one round trip where the database allows it
    (under load a round trip costs more than these look-ups themselves)."""
    if connection.features.supports_slicing_ordering_in_compound and len(parts) > 1:
        parts = [parts[0].union(*parts[1:], all=True)]
    rows: dict[int, dict] = {}
    for part in parts:
        for r in part:
            rows.setdefault(r["id"], r)
    return list(rows.values())


def exact(qs: QuerySet[StandardAddress], query_runs: list[str], areas: set[str]) -> list[dict]:
    """Buildings whose house number is the first number said ("885号", "885"), and up to
    ``NEIGHBOURS`` on each road said ("建祥弄"): equality on the partial btree indexes of
    building-level entries."""
    buildings = qs.filter(level=AddressLevel.BUILDING)
    number = next((r for r in query_runs if r[0].isdigit()), "")
    roads = [
        r
        for r in query_runs
        if not r.isascii()
        and not r[0].isdigit()
        and r not in areas
        and r not in HOUSE_WORDS
        and len(r) > 1
    ]
    parts = []
    if number:
        said = buildings.filter(number=f"{number.rstrip('号')}号")
        if roads:  # the road said and the number said first, however common the number
            said = said.order_by(Case(When(road__in=roads, then=0), default=1), "id")
        parts.append(said.values(*FIELDS_HOUSE)[:CANDIDATES])
    for road in roads[:3]:
        on_road = buildings.filter(road=road).order_by("road", "id")
        parts.append(on_road.values(*FIELDS_HOUSE)[:NEIGHBOURS])
    return _gathered(parts)
