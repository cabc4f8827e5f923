"""API: buildings, houses, households, persons (masked), tags, visits."""

import datetime as dt

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from civicgrid.accounts import permissions
from civicgrid.accounts.scope import areas_visible_to
from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import ErrorOut, Id, PageOut

from . import selectors, services
from .choices import AccessChannel
from .models import Building, Household, Person

router = Router(tags=["register"])


class BuildingQuery(Schema):
    """Filters of a register list. A value that names nothing the caller can see (an unknown
    code; an id where a code is asked for) answers 400 naming the filter."""

    q: str = Field("", description="name prefix or exact code")
    area: str = Field("", description="an area code: everything in its subtree")
    address: str = Field("", description="part of a building address")

    def filters(self) -> selectors.RegisterFilters:
        return selectors.RegisterFilters(**self.dict())


class HouseholdQuery(BuildingQuery):
    q: str = Field("", description="household number prefix")
    building: str = Field("", description="a building code (not its id)")


class PersonQuery(HouseholdQuery):
    q: str = Field("", description="name prefix, or an exact ID number or phone")
    tag: str = Field("", description="a tag code")
    residence_type: str = Field("", description="registered, resident, floating, overseas")
    household: str = Field("", description="a household number")


def _one(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class BuildingOut(Schema):
    id: int
    code: str
    name: str
    address: str
    building_type: str
    floors: int
    grid_code: str = Field(..., alias="grid.code")
    lon: float | None
    lat: float | None
    active: bool


@router.get("/buildings", response=PageOut[BuildingOut], summary="Buildings in scope")
def building_list(request, params: Query[PageParams], filters: Query[BuildingQuery]):
    return page(
        selectors.building_list(user=request.auth, filters=filters.filters()),
        params,
        ids_first=True,
    )


@router.get("/buildings/{building_id}", response=BuildingOut, summary="One building")
def building_detail(request, building_id: Id):
    return _one(selectors.building_list(user=request.auth), building_id)


class HouseOut(Schema):
    id: int
    building_code: str = Field(..., alias="building.code")
    entrance: str
    room: str
    use: str
    floor_area: float | None


@router.get(
    "/buildings/{building_id}/houses", response=list[HouseOut], summary="Houses of a building"
)
def house_list(request, building_id: Id):
    building = _one(Building.objects.visible_to(request.auth), building_id)
    return list(selectors.house_list(user=request.auth, building=building))


class HouseholdOut(Schema):
    id: int
    number: str
    grid_code: str = Field(..., alias="grid.code")
    house_id: int | None
    needs: str
    notes: str


@router.get("/households", response=PageOut[HouseholdOut], summary="Households in scope")
def household_list(request, params: Query[PageParams], filters: Query[HouseholdQuery]):
    return page(
        selectors.household_list(user=request.auth, filters=filters.filters()),
        params,
        ids_first=True,
    )


@router.get("/households/{household_id}", response=HouseholdOut, summary="One household")
def household_detail(request, household_id: Id):
    return _one(selectors.household_list(user=request.auth), household_id)


class PersonOut(Schema):
    id: int
    name: str
    id_type: str
    id_number: str = Field(..., description="masked")
    gender: str
    birth_year: int | None = Field(..., description="the year only: the date is the masked part")
    birth_date: dt.date | None = Field(
        None,
        description="always null here (deprecated): the date would restore the masked digits "
        "of the ID number; POST /persons/{id}/reveal gives it, audited",
    )
    phone: str = Field(..., description="masked")
    residence_type: str
    grid_code: str
    household_number: str | None
    relation: str
    tags: list[str] = Field(..., description="tag codes at or below the caller's clearance")
    active: bool


def _person_out(user):
    def convert(p: Person) -> dict:
        return {
            "id": p.pk,
            "name": p.name,
            "id_type": p.id_type,
            "id_number": p.id_number_masked,
            "gender": p.gender,
            "birth_year": p.birth_year,
            "birth_date": None,
            "phone": p.phone_masked,
            "residence_type": p.residence_type,
            "grid_code": p.grid.code,
            "household_number": p.household.number if p.household else None,
            "relation": p.relation,
            "tags": [t.code for t in selectors.visible_tags(user, p)],
            "active": p.active,
        }

    return convert


@router.get(
    "/persons",
    # a search by a complete ID number or phone is limited per hour
    response={200: PageOut[PersonOut], 429: ErrorOut},
    summary="Persons in scope (masked)",
)
def person_list(request, params: Query[PageParams], filters: Query[PersonQuery]):
    wanted = filters.filters()
    qs = selectors.person_list(user=request.auth, filters=wanted).prefetch_related("tags")
    convert, shown = _person_out(request.auth), []

    def out(person):
        shown.append(person)  # a search by a whole number audits whom it showed
        return convert(person)

    result = page(qs, params, out, ids_first=True)
    services.pii_search_audit(
        user=request.auth, q=wanted.q, persons=shown, request=request, channel=AccessChannel.API
    )
    return result


@router.get("/persons/{person_id}", response=PersonOut, summary="One person (masked)")
def person_detail(request, person_id: Id):
    person = _one(selectors.person_list(user=request.auth).prefetch_related("tags"), person_id)
    return _person_out(request.auth)(person)


class PiiOut(Schema):
    id_number: str
    birth_date: dt.date | None
    phone: str


@router.post(
    "/persons/{person_id}/reveal",
    response=PiiOut,
    summary="Unmasked ID number, birth date and phone (audited)",
)
def person_reveal(request, person_id: Id):
    person = _one(selectors.person_list(user=request.auth), person_id)
    if not permissions.can_view_pii(request.auth, person.grid.path):
        raise Http404
    return services.pii_reveal(
        user=request.auth, person=person, channel=AccessChannel.API, request=request
    )


class TagOut(Schema):
    code: str
    name: str
    name_en: str
    group: str
    sensitivity: int
    count: int = Field(..., description="persons with this tag in the caller's scope")


@router.get("/tags", response=list[TagOut], summary="Tags with counts in scope")
def tag_list(request, area: str = ""):
    if permissions.scope_paths(request.auth, permissions.VIEW_REGISTER) == []:
        raise Http404
    return [
        {
            "code": t["tag"].code,
            "name": t["tag"].name,
            "name_en": t["tag"].name_en,
            "group": t["tag"].group,
            "sensitivity": t["tag"].sensitivity,
            "count": t["count"],
        }
        for t in selectors.tag_counts(user=request.auth, area_code=area)
    ]


class VisitOut(Schema):
    id: int
    household_id: int
    worker: str = Field(..., alias="worker.username")
    visited_on: dt.date
    notes: str
    needs_found: str


class VisitIn(Schema):
    visited_on: dt.date = Field(..., examples=["2026-11-20"])
    notes: str = Field("", examples=["老人独居，身体尚好，需要助餐服务"])
    needs_found: str = ""


@router.get(
    "/households/{household_id}/visits", response=list[VisitOut], summary="Visits to a household"
)
def visit_list(request, household_id: Id):
    household = _one(Household.objects.visible_to(request.auth), household_id)
    return list(selectors.visit_list(user=request.auth, household=household)[:200])


@router.post(
    "/households/{household_id}/visits", response={201: VisitOut}, summary="Record a visit"
)
def visit_create(request, household_id: Id, payload: VisitIn):
    household = _one(
        Household.objects.visible_to(request.auth).select_related("grid"), household_id
    )
    visit = services.visit_record(actor=request.auth, household=household, **payload.dict())
    return Status(201, visit)


class StaffPostOut(Schema):
    kind: str
    name: str
    phone: str = Field(..., alias="phone_masked", description="masked")
    area_code: str = Field(..., alias="area.code")
    building_code: str | None = Field(None, alias="building.code")
    username: str | None = Field(None, alias="user.username")


@router.get(
    "/staff-posts",
    response=list[StaffPostOut],
    summary="Who holds the posts of an area or a building",
)
def staff_post_list(request, area: str = "", building: Id | None = None):
    if permissions.scope_paths(request.auth, permissions.VIEW_REGISTER) == []:
        raise Http404
    area_obj = building_obj = None
    if area:
        area_obj = areas_visible_to(request.auth).filter(code=area).first()
        if area_obj is None:
            raise Http404
    if building is not None:
        building_obj = _one(Building.objects.visible_to(request.auth), building)
    return list(
        selectors.staff_post_list(user=request.auth, area=area_obj, building=building_obj)[:500]
    )
