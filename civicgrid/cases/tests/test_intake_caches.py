"""The intake's per-process caches (tokens, grants, the grids' paths) never outlive what they
copy: a revoked token, a deactivated account, an ended grant or a changed class takes effect on
the next request, in this process at once and in every other once it re-reads the stamps; and the
queries a report costs, so that a regression shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicgrid.accounts import caches
from civicgrid.accounts import services as accounts
from civicgrid.accounts.models import ApiToken, RoleAssignment
from civicgrid.catalogue.models import CaseClass
from civicgrid.catalogue.services import class_update
from civicgrid.core.models import Stamp
from civicgrid.core.stamped import StampedCache
from civicgrid.open311 import services as open311

from .test_api import FORM

pytestmark = pytest.mark.django_db


@pytest.fixture
def steady(settings):
    """Stamps re-read only when a test says so (as between two checks in production)."""
    settings.CIVICGRID_CACHE_RECHECK = 3600
    return settings


def bearer(loop):
    token, key = accounts.token_create(user=loop.operator, name="intake")
    return token, {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def report(client, headers, **fields):
    return client.post("/api/v1/cases", {**FORM, **fields}, **headers)


def as_another_process_sees_it(settings):
    """Another process wrote: this one kept its copies and re-reads the stamps on its next
    request (``CIVICGRID_CACHE_RECHECK`` has passed)."""
    settings.CIVICGRID_CACHE_RECHECK = 0


def test_a_revoked_token_is_refused_at_once(client, loop, steady):
    token, headers = bearer(loop)
    assert report(client, headers).status_code == 201
    accounts.token_revoke(token=token)
    assert report(client, headers).status_code == 401


def test_a_token_revoked_by_another_process_is_refused_once_the_stamp_is_read(client, loop, steady):
    token, headers = bearer(loop)
    assert report(client, headers).status_code == 201
    # what token_revoke does in another process: the row and the stamp, in its transaction
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    Stamp.bump(caches.STAMP)
    assert report(client, headers).status_code == 201  # this process has not looked yet
    as_another_process_sees_it(steady)
    assert report(client, headers).status_code == 401


def test_a_deactivated_account_s_token_is_refused(client, loop, steady):
    _token, headers = bearer(loop)
    assert report(client, headers).status_code == 201
    loop.operator.is_active = False
    loop.operator.save()
    assert report(client, headers).status_code == 401


def test_a_login_does_not_drop_the_tokens(client, loop, steady):
    _token, headers = bearer(loop)
    report(client, headers)
    held = caches.KNOWN.get()
    assert len(held.tokens) == 1
    client.force_login(loop.operator)  # saves last_login
    assert caches.KNOWN.get() is held


def test_each_request_gets_its_own_user(client, loop, steady):
    from civicgrid.accounts.tokens import token_authenticate

    _token, headers = bearer(loop)
    key = headers["HTTP_AUTHORIZATION"].split()[1]
    first, second = token_authenticate(key), token_authenticate(key)
    assert first == second and first is not second
    first._cg_grants = []  # what a request memoises on its user stays in that request
    assert not hasattr(second, "_cg_grants")


def test_an_ended_grant_takes_the_scope_away(client, loop, steady):
    _token, headers = bearer(loop)
    assert report(client, headers).status_code == 201
    grant = RoleAssignment.objects.get(user=loop.operator, active=True)
    accounts.role_end(grant=grant)
    response = report(client, headers)
    assert response.status_code == 400 and response.json()["field"] == "location"


def test_a_grant_ended_by_another_process_is_seen_once_the_stamp_is_read(client, loop, steady):
    _token, headers = bearer(loop)
    assert report(client, headers).status_code == 201
    RoleAssignment.objects.filter(user=loop.operator).update(active=False)
    Stamp.bump(caches.STAMP)
    assert report(client, headers).status_code == 201  # not looked yet
    as_another_process_sees_it(steady)
    assert report(client, headers).status_code == 400


def test_a_new_grid_outside_the_scope_is_seen(loop, steady):
    from civicgrid.accounts import permissions

    paths = [loop.tree.district.path]
    assert permissions.covers_every_grid(loop.operator, paths)
    street = loop.tree.street
    other = street.__class__.objects.create(
        code="990", name="别处", level=street.level, path="990/", parent=None
    )
    grid = street.__class__.objects.create(
        code="990001", name="别处网格", level=5, path=f"{other.path}990001/", parent=other
    )
    assert grid.level == 5
    assert not permissions.covers_every_grid(loop.operator, paths)


def test_the_areas_under_a_scope_are_read_once_and_a_new_one_is_seen(loop, steady):
    from civicgrid.accounts import permissions
    from civicgrid.areas.models import Area
    from civicgrid.cases.models import Case as CaseModel

    street = loop.tree.street
    expected = set(Area.objects.filter(path__startswith=street.path).values_list("id", flat=True))
    assert set(permissions.area_ids_under([street.path])) == expected
    with CaptureQueriesContext(connection) as queries:
        assert set(permissions.area_ids_under([street.path])) == expected
        list(CaseModel.objects.filter(permissions.under_paths("grid__path", [street.path])))
    assert len(queries.captured_queries) == 1  # the cases: not the areas again
    grid = Area.objects.create(
        code=f"{loop.tree.community.code}099", name="新网格", level=5,
        path=f"{loop.tree.community.path}{loop.tree.community.code}099/",
        parent=loop.tree.community,
    )  # fmt: skip
    assert grid.pk in permissions.area_ids_under([street.path])  # this process saw the save


def test_a_changed_class_brings_its_new_rules(client, loop, steady):
    _token, headers = bearer(loop)
    assert report(client, headers).status_code == 201
    class_update(case_class=CaseClass.objects.get(code="06010"), anonymous_allowed=False)
    response = report(client, headers, reporter_name="", reporter_phone="", anonymous="true")
    assert response.status_code == 400 and response.json()["code"] == "anonymous_not_allowed"


# the case, its number and its first event: one statement on PostgreSQL (intake_write)
WRITES = 1 if connection.vendor == "postgresql" else 3


def test_a_rest_report_costs_its_writes_and_the_duplicate_look_up(client, loop, steady):
    _token, headers = bearer(loop)
    assert report(client, headers, idempotency_key="warm").status_code == 201
    with CaptureQueriesContext(connection) as queries:
        response = report(client, headers, idempotency_key="second")
    assert response.status_code == 201 and response.json()["duplicates"]
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # the case, its number, its first event (on PostgreSQL in one statement), the duplicates
    # (a box read whole, or positions then rows); the key is not looked up before the write; no
    # token, grant, scope, class or grid read: those come from the process's caches
    assert len([s for s in sql if s.startswith(("INSERT", "UPDATE", "WITH"))]) == WRITES, sql
    assert 1 <= len([s for s in sql if s.startswith("SELECT")]) <= 2, sql
    assert {s.split(" FROM ")[1].split()[0] for s in sql if s.startswith("SELECT")} == {
        '"cases_case"'
    }, sql


def test_an_open311_post_costs_its_writes_only(client, loop, steady):
    _app, key = open311.app_issue(name="缓存", requests_per_hour=0)
    data = {
        "api_key": key,
        "service_code": "06010",
        "lat": "31.12",
        "long": "121.41",
        "attribute[volume]": "small",
    }
    assert client.post("/open311/v2/requests.json", data).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert client.post("/open311/v2/requests.json", data).status_code == 201
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len([s for s in sql if s.startswith(("INSERT", "UPDATE", "WITH"))]) == WRITES, sql
    assert not [s for s in sql if s.startswith("SELECT")], sql


def test_forgetting_every_cache_drops_these_too():
    caches.KNOWN.get().tokens["x"] = caches.LiveToken(1, None, None)
    StampedCache.forget_all()
    assert "x" not in caches.KNOWN.get().tokens


def test_duplicates_are_the_nearest_within_the_radius_whatever_the_box_holds(loop):
    from civicgrid.cases import duplicates
    from civicgrid.cases.services import Report, case_report
    from civicgrid.core.geo import metres_to_degrees

    def at(lon, lat):
        return case_report(
            actor=loop.operator,
            report=Report(
                case_class="06010", answers={"volume": "small"}, lon=lon, lat=lat,
                reporter_name="王", reporter_phone="13812345678",
            ),
        )  # fmt: skip

    origin = at(121.41, 31.12)
    radius = metres_to_degrees(100)
    # in the box's corner (inside the square around the point) but 110 m away: not a duplicate
    at(121.41 + radius * 0.78 / 0.856, 31.12 + radius * 0.78)
    inside = at(121.41 + radius * 0.7 / 0.856, 31.12)  # 70 m east
    case_class = origin.case_class

    def found():
        rows = duplicates.duplicate_candidates(
            case_class=case_class, lon=121.41, lat=31.12, exclude_id=origin.pk
        )
        as_rows = duplicates.duplicate_rows(user=loop.operator, case=origin)
        assert [(r["id"], r["number"], r["class_code"], r["grid_code"]) for r in as_rows] == [
            (r.pk, r.number, r.case_class.code, r.grid.code) for r in rows
        ]
        return [r.pk for r in rows]

    assert found() == [inside.pk]
    east = [at(121.41 + n * 0.00003, 31.12) for n in range(1, 15)]  # 2.85 m apart
    twin = at(121.41 + 0.00003, 31.12)  # as near as east[0], and newer
    assert found() == [twin.pk, *(c.pk for c in east[:9])]  # nearest first, ties newest first
    for _ in range(60):  # a hot spot: many more open reports right on the point
        at(121.41, 31.12)
    hot = found()
    assert len(hot) == 10 and not set(hot) & {c.pk for c in east}
