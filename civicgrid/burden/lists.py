"""The duty lists as people keep them: a whole list from an xlsx or csv file as a new version
(nothing written when any row is wrong), a list exported as in force, and a new version that
carries the admitted assessments' schemes and score cards. The lists themselves, their versions
and their rules are ``civicgrid.duties``'; what an item admits is evaluation's record
(``evaluation/admitted.py``). Both meet here, above them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.duties.models import CommunityKind, ListItem, ListVersion
from civicgrid.duties.services import COLUMNS as LIST_COLUMNS
from civicgrid.duties.services import PARSERS as LIST_PARSERS
from civicgrid.duties.services import check_items, item_row, read_items, version_save
from civicgrid.evaluation.admitted import assessments_of, assessments_save
from civicgrid.evaluation.models import Scheme, ScoreCard
from civicgrid.registry.importing.columns import CellError
from civicgrid.registry.importing.runner import RowError
from civicgrid.registry.importing.table import read_table

# the list's columns, then what an item of the admitted assessments admits
ASSESSMENT_COLUMNS = [
    ("scheme", "考核方案", "assessment scheme", False),
    ("score_card", "评分方案", "score card", False),
]
COLUMNS = LIST_COLUMNS + ASSESSMENT_COLUMNS

# what an item carries from one list version to the next (and what it admits, if anything)
CARRIED = (
    "code", "title", "basis", "department", "hours_per_month", "reports_per_year",
    "meetings_per_year", "funding_per_year", "effective_from", "effective_to",
)  # fmt: skip
ADMITS = ("scheme", "score_card")


def _named(model, what: str):
    def parse(text: str):
        found = model.objects.filter(name=str(text).strip()).exclude(active=False).first()
        if found is None:
            raise CellError(_("No %(what)s has this name.") % {"what": what})
        return found

    return parse


PARSERS = {
    **LIST_PARSERS,
    "scheme": _named(Scheme, _("assessment scheme")),
    "score_card": _named(ScoreCard, _("score card")),
}


@transaction.atomic
def list_save(
    *,
    kind: CommunityKind,
    list_type: str,
    items: list[dict],
    effective_from: dt.date,
    note: str = "",
    actor=None,
    address: str | None = None,
) -> ListVersion:
    """A new version of the list holding exactly ``items``, each with the scheme or score card
    it admits (``scheme``, ``score_card``)."""
    version = version_save(
        kind=kind,
        list_type=list_type,
        items=[{k: v for k, v in item.items() if k not in ADMITS} for item in items],
        effective_from=effective_from,
        note=note,
        actor=actor,
        address=address,
    )
    assessments_save(
        version=version,
        admits={item["code"]: (item.get("scheme"), item.get("score_card")) for item in items},
    )
    return version


def copied(items: list[ListItem]) -> list[dict]:
    """Items as the next version carries them, with what each admits."""
    admits = assessments_of(items)
    out = []
    for item in items:
        link = admits.get(item.pk)
        out.append(
            {
                **{name: getattr(item, name) for name in CARRIED},
                "case_classes": list(item.case_classes.all()),
                "scheme": link.scheme if link else None,
                "score_card": link.score_card if link else None,
            }
        )
    return out


def import_list(
    *,
    kind: CommunityKind,
    list_type: str,
    header: list[str],
    rows,
    effective_from: dt.date,
    note: str = "",
    actor=None,
    address: str | None = None,
    dry_run: bool = False,
) -> tuple[ListVersion | None, list[RowError]]:
    """A whole list from a file as a new version; with any problem, nothing is written."""
    items, errors = read_items(header, rows, columns=COLUMNS, parsers=PARSERS)
    if not errors:
        errors = check_items(list_type, items)
    if errors or dry_run:
        return None, errors
    version = list_save(
        kind=kind,
        list_type=list_type,
        items=items,
        effective_from=effective_from,
        note=note,
        actor=actor,
        address=address,
    )
    return version, []


def import_file(*, name: str, data: bytes | None = None, file=None, **kwargs):
    """``import_list`` from an xlsx or csv file (the open ``file``, its bytes, or the path
    ``name``), read as the register's imports are, within the same limits."""
    header, rows = read_table(name, data=data, file=file)
    return import_list(header=header, rows=rows, **kwargs)


def export_rows(version: ListVersion | None) -> tuple[list[str], list[list]]:
    header = [zh for _k, zh, _en, _r in COLUMNS]
    if version is None:
        return header, []
    items = list(version.items.select_related("department").prefetch_related("case_classes"))
    admits = assessments_of(items)
    rows = []
    for item in items:
        link = admits.get(item.pk)
        scheme, card = (link.scheme, link.score_card) if link else (None, None)
        rows.append([*item_row(item), scheme.name if scheme else "", card.name if card else ""])
    return header, rows


def item_dicts(items: list[ListItem]) -> list[dict]:
    """Items as the API shows them."""
    admits = assessments_of(items)
    return [_item_dict(item, admits.get(item.pk)) for item in items]


def _item_dict(item: ListItem, link) -> dict:
    return {
        "code": item.code,
        "title": item.title,
        "basis": item.basis,
        "department": item.department.code if item.department else None,
        "hours_per_month": float(item.hours_per_month),
        "reports_per_year": item.reports_per_year,
        "meetings_per_year": item.meetings_per_year,
        "funding_per_year": float(item.funding_per_year),
        "effective_from": item.effective_from,
        "effective_to": item.effective_to,
        "case_classes": [c.code for c in item.case_classes.all()],
        "scheme": link.scheme_id if link else None,
        "score_card": link.score_card_id if link else None,
    }
