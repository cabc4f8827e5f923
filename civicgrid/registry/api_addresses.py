"""API: the standard address index (标准地址) suggests addresses as they are typed.

Staff and residents alike get building-level entries; house-level entries (unit and room) only
where the caller may see the register. The portal's anonymous twin is ``/portal/addresses``
(``registry.addresses.views``). Decision 0015."""

from ninja import Query, Router, Schema
from pydantic import Field

from .addresses import suggest

router = Router(tags=["addresses"])


class GridOut(Schema):
    code: str
    name: str


class AddressOut(Schema):
    id: int
    text: str = Field(description="the standard address")
    label: str = Field(description="the address with its street and community, for display")
    level: str = Field(description="building or house")
    building: str = Field(description="the building's code")
    grid: GridOut
    lon: float | None
    lat: float | None


class AddressList(Schema):
    items: list[AddressOut]


class SuggestParams(Schema):
    q: str = Field("", max_length=200, description="the address as typed, in any order")
    limit: int = Field(8, ge=1, le=20)


@router.get(
    "/addresses/suggest",
    response=AddressList,
    operation_id="civicgrid_registry_api_address_suggest",
    summary="Suggest standard addresses",
)
def address_suggest(request, params: Query[SuggestParams]):
    """Standard addresses matching what was typed so far — partial, in any order, with or
    without district and street, with typos, in pinyin or its initials ("sfl391") — best
    first."""
    found = suggest(params.q, limit=params.limit, user=request.user)
    return {"items": [c.as_json() for c in found]}
