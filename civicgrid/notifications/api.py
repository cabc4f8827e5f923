"""API: the caller's inbox."""

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import Field

from civicgrid.core.api.paging import PageParams, page
from civicgrid.core.api.schemas import Id, PageOut

from . import selectors, services

router = Router(tags=["inbox"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class ReadIn(Schema):
    ids: list[Id] | None = Field(
        None, description="Mark these read; all when omitted", examples=[[101, 102]]
    )


@router.get("/inbox", response=PageOut[NotificationOut], summary="Your notifications, newest first")
def inbox(request, params: Query[PageParams], unread: bool = False):
    return page(selectors.inbox(user=request.auth, unread_only=unread), params, descending=True)


@router.post("/inbox/read", response=dict, summary="Mark notifications read")
def mark_read(request, payload: ReadIn):
    return {"marked": services.mark_read(user=request.auth, ids=payload.ids)}
