"""The unit picker of a case's action forms (dispatch, add a unit, escalate): the units that may
take the case, grouped as a dispatcher looks for them — the suggestion and the units the
responsibility rules name first, then functional departments, streets, communities, grid
stations and the others — each named so that two units of the same name are told apart by their
street ("城管执法中队（和谐街道）"), and those the negative list keeps from the case's class
shown disabled with the reason, never offered to fail."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts.choices import UnitKind
from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.duties.enforce import negative_item, refusal
from civicgrid.routing import services as routing
from civicgrid.routing.models import unit_tier

K = UnitKind
SUGGESTED, DEPARTMENT, STREET, COMMUNITY, GRID, OTHER = (
    "suggested",
    "department",
    "street",
    "community",
    "grid",
    "other",
)
GROUP_LABELS = {
    SUGGESTED: gettext_lazy("Suggested"),
    DEPARTMENT: gettext_lazy("Functional departments"),
    STREET: gettext_lazy("Streets"),
    COMMUNITY: gettext_lazy("Communities"),
    GRID: gettext_lazy("Grid stations"),
    OTHER: gettext_lazy("Others"),
}
ORDER = (SUGGESTED, DEPARTMENT, STREET, COMMUNITY, GRID, OTHER)
KIND_GROUP = {
    K.DEPARTMENT: DEPARTMENT,
    K.STATIONED_TEAM: DEPARTMENT,
    K.STREET_OFFICE: STREET,
    K.TOWN_GOVERNMENT: STREET,
    K.COMMUNITY_COMMITTEE: COMMUNITY,
    K.WORK_STATION: COMMUNITY,
    K.GRID_CENTRE: GRID,
}


def group_of(unit: OrgUnit) -> str:
    """Which group a unit is listed in, from its kind and the level of the area it serves: a
    work station of a grid is a grid station, a community's is a community's."""
    if unit.area.level >= AreaLevel.GRID:
        return GRID
    return KIND_GROUP.get(UnitKind(unit.kind), OTHER) if unit.kind in K.values else OTHER


@dataclass
class Choice:
    unit: OrgUnit
    label: str
    tier: str
    why: str = ""  # set: shown disabled with this reason
    note: str = ""  # e.g. "the suggested unit", a rule's unit


@dataclass
class Group:
    code: str
    label: str
    choices: list[Choice] = field(default_factory=list)


def _streets(units: list[OrgUnit]) -> dict[int, str]:
    """The name of the street each unit's area lies in (its own name for a street; "" above)."""
    codes = {c for u in units for c in u.area.depth_codes}
    streets = dict(
        Area.objects.filter(code__in=codes, level=AreaLevel.STREET).values_list("code", "name")
    )
    out = {}
    for u in units:
        names = [streets[c] for c in u.area.depth_codes if c in streets]
        out[u.pk] = names[0] if names else ""
    return out


def labels(units: list[OrgUnit]) -> dict[int, str]:
    """Each unit's name, with its street in brackets where another unit in ``units`` has the
    same name (and the area it serves where the street does not tell them apart either)."""
    by_name = Counter(u.name for u in units)
    streets = _streets([u for u in units if by_name[u.name] > 1])
    out = {u.pk: u.name for u in units}
    twice = [u for u in units if by_name[u.name] > 1]
    with_street = {u.pk: f"{u.name}（{streets[u.pk] or u.area.name}）" for u in twice}
    still = Counter(with_street.values())
    for u in twice:
        label = with_street[u.pk]
        if still[label] > 1 and u.area.name not in label:
            label = f"{u.name}（{streets[u.pk]} · {u.area.name}）" if streets[u.pk] else label
        out[u.pk] = label
    return out


def serving(case) -> list[OrgUnit]:
    """The active units whose area holds the case's grid (those a case may be given to)."""
    units = OrgUnit.objects.filter(active=True).select_related("area")
    if case.grid_id:
        units = units.filter(area__code__in=case.grid.depth_codes)
    return list(units.order_by("kind", "name", "pk"))


def unit_groups(case, *, suggestion=None, exclude: set[int] | frozenset[int] = frozenset()):
    """The groups of the picker (empty groups left out). ``suggestion``: the routing suggestion
    (its lead unit first, then its cooperating units, then the rules' other units); units in
    ``exclude`` (those that hold the case already, for adding a unit) are not listed."""
    units = [u for u in serving(case) if u.pk not in exclude]
    named = labels(units)
    first: list[tuple[OrgUnit, str]] = []
    if suggestion is not None:
        if suggestion.lead_unit is not None:
            first.append((suggestion.lead_unit, str(_("suggested"))))
        first += [(u, str(_("cooperating, suggested"))) for u in suggestion.cooperating]
        first += [
            (u, str(_("named by a rule")))
            for u in routing.rule_units(
                case_class=case.case_class, grid=case.grid, level=case.dispatch_level
            )
        ]
    listed = {u.pk: u for u in units}
    groups = {code: Group(code, str(GROUP_LABELS[code])) for code in ORDER}
    seen: set[int] = set()
    for unit, note in first:
        if unit.pk in listed and unit.pk not in seen:
            seen.add(unit.pk)
            groups[SUGGESTED].choices.append(_choice(case, listed[unit.pk], named, note))
    for unit in units:
        if unit.pk not in seen:
            groups[group_of(unit)].choices.append(_choice(case, unit, named))
    return [g for g in groups.values() if g.choices]


def _choice(case, unit: OrgUnit, named: dict[int, str], note: str = "") -> Choice:
    item = negative_item(case.case_class, unit)
    why = refusal(case.case_class, item, unit) if item is not None else ""
    return Choice(unit=unit, label=named[unit.pk], tier=unit_tier(unit), why=why, note=note)


def any_choosable(groups: list[Group]) -> bool:
    return any(not c.why for g in groups for c in g.choices)


def names_told_apart(unit_ids) -> dict[int, str]:
    """The names of these units as a list shows them: with the street where another active unit
    anywhere has the same name (a district's queue holds every street's "城管执法中队")."""
    ids = {pk for pk in unit_ids if pk}
    if not ids:
        return {}
    names = set(OrgUnit.objects.filter(pk__in=ids).values_list("name", flat=True))
    namesakes = list(
        OrgUnit.objects.filter(name__in=names)
        .filter(Q(active=True) | Q(pk__in=ids))
        .select_related("area")
    )
    found = labels(namesakes)
    return {pk: found[pk] for pk in ids if pk in found}
