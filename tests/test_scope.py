"""The generated scope harness: every route that names an object, in scope 200, out of scope 404.

The routes come from the URL configuration and the OpenAPI document, so a new page or endpoint
cannot escape: it must be described in scope_specs.py or exempted there with a reason. The demo
district (tiny) is built once for the module; each test makes its two users.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from scope_specs import API, EXEMPT, PAGES, Spec

from civicgrid.accounts import services as accounts
from civicgrid.accounts.models import OrgUnit
from civicgrid.api.api import api
from civicgrid.areas.models import Area
from civicgrid.demo.generator import Generator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The tiny demo district, written once and rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            Generator("tiny", seed=7, log=lambda *_: None).run(today=dt.date(2026, 11, 23))
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _routes(resolver=None, prefix="", namespace=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from _routes(p, prefix + str(p.pattern), ns)
        else:
            yield prefix + str(p.pattern), namespace + (p.name or "")


def _api_paths():
    return {path for path in api.get_openapi_schema()["paths"] if "{" in path}


def test_every_route_is_classified():
    pages = {
        name
        for route, name in _routes()
        if re.search(r"<|\(\?P", route) and not route.startswith(("admin/", "api/"))
    }
    known = set(PAGES) | set(API) | set(EXEMPT)
    assert not pages - known, f"pages that name an object, not in scope_specs.py: {pages - known}"
    paths = _api_paths()
    assert not paths - known, (
        f"API paths that name an object, not in scope_specs.py: {paths - known}"
    )
    gone = known - pages - paths
    assert not gone, f"scope_specs.py lists routes that no longer exist: {gone}"


def _user(name: str, area: Area, spec: Spec):
    unit = OrgUnit.objects.filter(area=area, kind=spec.unit_kind).first()
    if unit is None:
        unit = accounts.orgunit_create(
            kind=spec.unit_kind, name=f"{area.name} {name}", code=f"{name}-{area.code}", area=area
        )
    user = accounts.user_create(username=f"{name}-{area.code}", password="pw-for-tests-123")
    accounts.role_assign(user=user, unit=unit, role=spec.role, **spec.grant)
    return user


def _places(path: str, level: str) -> tuple[Area, Area]:
    """The street (or community) holding ``path`` and another one of the same level."""
    depth = {"street": 3, "community": 4}[level]
    code = path.strip("/").split("/")[depth - 1]
    here = Area.objects.get(code=code)
    there = Area.objects.filter(level=here.level).exclude(code=code).order_by("code").first()
    return here, there


def _answer(client, user, spec: Spec, url: str) -> int:
    client.force_login(user)
    response = getattr(client, spec.method)(url)
    client.logout()
    return response.status_code


def _check(client, spec: Spec, url_of) -> None:
    obj = spec.pick()
    here, there = _places(spec.path(obj), spec.level)
    url = url_of(obj)
    inside, outside = _user("in", here, spec), _user("out", there, spec)
    allowed = _answer(client, inside, spec, url)
    if spec.method == "get":
        assert allowed == 200, f"{url} in scope ({here.name}) answered {allowed}"
    else:  # an empty form is refused or done, but never as if the object were not there
        assert allowed != 404, f"POST {url} in scope ({here.name}) answered 404"
    refused = _answer(client, outside, spec, url)
    assert refused == 404, f"{url} out of scope ({there.name}) answered {refused}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_in_scope_200_out_of_scope_404(demo, client, name):
    spec = PAGES[name]
    _check(client, spec, lambda obj: reverse(name, kwargs=spec.kwargs(obj)))


@pytest.mark.parametrize("path", sorted(API))
def test_api_in_scope_200_out_of_scope_404(demo, client, path):
    spec = API[path]
    _check(client, spec, lambda obj: path.format(**spec.kwargs(obj)))
