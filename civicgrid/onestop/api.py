"""API: the service catalogue as the guide shows it — every item offered with its materials,
searched by words and category. Open to every caller of the API."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from .models import ServiceItem
from .selectors import items_offered

router = Router(tags=["one-stop service"])


class MaterialOut(Schema):
    name: str
    form: str = Field(..., description="original, copy, both or electronic")
    copies: int
    may_follow: bool = Field(..., description="容缺: accepted without it, to follow by a date")
    note: str


class ServiceItemOut(Schema):
    code: str
    name: str
    category: str
    office: str = Field(..., description="the office responsible (its unit's code)")
    office_name: str
    case_class: str
    conditions: str
    legal_basis: str
    kind: str = Field(..., description="instant (即办件), promised (承诺件) or upward (上报件)")
    promised_days: int = Field(..., description="working days; 0 for an instant item")
    price: str
    fee: Decimal
    at_window: bool
    online: bool
    by_proxy: bool
    materials: list[MaterialOut]


class ItemFilter(Schema):
    q: str = Field("", max_length=100, description="words in the name, code or conditions")
    category: str = Field("", max_length=16)


def _item_out(item: ServiceItem) -> dict:
    return {
        **{f: getattr(item, f) for f in (
            "code", "name", "category", "case_class", "conditions", "legal_basis", "kind",
            "promised_days", "price", "fee", "at_window", "online", "by_proxy")},
        "office": item.office.code,
        "office_name": item.office.name,
        "materials": [
            {"name": m.name, "form": m.form, "copies": m.copies, "may_follow": m.may_follow,
             "note": m.note}
            for m in item.materials.all()
        ],
    }  # fmt: skip


@router.get("/service-items", response=list[ServiceItemOut], summary="The service guide")
def item_list(request, filters: Query[ItemFilter]):
    return [_item_out(i) for i in items_offered(filters.q, filters.category)[:300]]


@router.get("/service-items/{code}", response=ServiceItemOut, summary="One service item")
def item_get(request, code: str):
    return _item_out(get_object_or_404(items_offered(), code=code))
