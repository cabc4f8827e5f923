"""core.prepared: a queryset compiled once per shape must read what the ORM reads, for every
value and every scope, and refuse what it cannot prepare."""

import datetime as dt

import pytest
from django.db import connection

from civicgrid.cases import duplicates
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.core.prepared import Prepared

from .fixtures import MONDAY

pytestmark = pytest.mark.django_db
FIELDS = ("id", "number", "reported_at", "lon", "grid__code", "suspended_at", "lead_unit__name")


def build(base, *, since, west, skip):
    return (
        base.filter(reported_at__gte=since, lon__gte=west)
        .exclude(pk=skip)
        .order_by("pk")
        .values(*FIELDS)
    )


def report(loop, lon, *, day=None):
    return case_report(
        actor=loop.operator,
        report=Report(
            case_class="06010", answers={"volume": "small"}, lon=lon, lat=31.12,
            reporter_name="王", reporter_phone="13812345678",
        ),
        now=None if day is None else MONDAY + dt.timedelta(days=day),
    )  # fmt: skip


def test_rows_are_what_the_orm_reads_for_every_value(loop):
    made = [report(loop, 121.41 + n * 0.0001, day=n) for n in range(6)]
    Case.objects.filter(pk=made[2].pk).update(suspended_at=MONDAY)
    prepared = Prepared(build)
    for since, west, skip in (
        (MONDAY, 121.0, made[0].pk),
        (MONDAY + dt.timedelta(days=2), 121.4102, made[3].pk),
        (MONDAY - dt.timedelta(days=9), 121.40, None),  # None: a shape of its own
        (MONDAY + dt.timedelta(days=30), 121.0, made[1].pk),
    ):
        values = {"since": since, "west": west, "skip": skip}
        expected = list(build(Case.objects.all(), **values))
        assert prepared.rows(Case.objects.all(), **values) == expected
    assert len(prepared._shapes) == 2  # with and without a case to skip


def test_each_scope_is_a_shape_of_its_own(loop):
    mine = report(loop, 121.41)
    prepared = Prepared(build)
    values = {"since": mine.reported_at - dt.timedelta(days=1), "west": 121.0, "skip": None}
    everyone = prepared.rows(Case.objects.visible_to(loop.operator), **values)
    outsider = prepared.rows(Case.objects.visible_to(loop.outsider), **values)
    assert [r["id"] for r in everyone] == [mine.pk] and outsider == []
    assert outsider == list(build(Case.objects.visible_to(loop.outsider), **values))
    # and the duplicates after a report: the outsider's scope is not the operator's
    other = report(loop, 121.41)
    assert [r["id"] for r in duplicates.duplicate_rows(user=loop.operator, case=other)] == [mine.pk]
    assert duplicates.duplicate_rows(user=loop.outsider, case=other) == []


def test_a_value_the_sql_text_holds_is_refused(loop):
    prepared = Prepared(lambda base, *, n: base.order_by("pk").values("id")[:n])
    with pytest.raises(ValueError, match="'n'"):
        prepared.rows(Case.objects.all(), n=3)


def test_the_shapes_kept_are_bounded(loop):
    prepared = Prepared(build, size=2)
    for user in (loop.operator, loop.outsider, loop.handler):
        prepared.rows(Case.objects.visible_to(user), since=MONDAY, west=121.0, skip=1)
    assert len(prepared._shapes) == 2


def test_a_scope_asked_again_reuses_its_shape(loop):
    prepared = Prepared(build)
    for user in (loop.operator, loop.handler, loop.outsider, loop.operator, loop.handler):
        prepared.rows(Case.objects.visible_to(user), since=MONDAY, west=121.0, skip=1)
    assert len(prepared._shapes) == 3


def test_nothing_to_ask_of_an_empty_scope(loop):
    report(loop, 121.41)
    assert Prepared(build).rows(Case.objects.none(), since=MONDAY, west=121.0, skip=1) == []


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL prepares the shapes"
)


def _prepared_here() -> set[str]:
    """The reads this connection has prepared (the intake's writes are prepared too)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements "
            "WHERE from_sql = false AND statement LIKE 'SELECT%%'"
        )
        return {row[0] for row in cursor.fetchall()}


@postgresql_only
def test_postgresql_prepares_each_shape_once_with_its_constants_written_in(loop):
    made = [report(loop, 121.41 + n * 0.0001, day=n) for n in range(3)]
    prepared = Prepared(build)
    base = Case.objects.visible_to(loop.handler)
    before = _prepared_here()
    for since, skip in ((MONDAY, made[0].pk), (MONDAY + dt.timedelta(days=1), made[2].pk)):
        values = {"since": since, "west": 121.0, "skip": skip}
        assert prepared.rows(base, **values) == list(build(base, **values))
        assert prepared.rows(Case.objects.all(), **values) == list(
            build(Case.objects.all(), **values)
        )
    statements = _prepared_here() - before
    assert len(statements) == 2  # one per scope, used again with other values
    # the values swapped in are parameters; the scope's own constants are in the text
    assert all("$1" in s and "$4" not in s for s in statements)


@postgresql_only
def test_a_constant_with_quotes_and_percent_signs_is_written_in_safely(loop):
    hostile = "50%' OR 1=1 -- %s %%"
    match = report(loop, 121.41)
    Case.objects.filter(pk=match.pk).update(description=f"井盖 {hostile}")
    prepared = Prepared(build)
    for text in (hostile, "nothing like it"):
        base = Case.objects.filter(description__contains=text)
        values = {"since": MONDAY - dt.timedelta(days=9), "west": 121.0, "skip": None}
        assert prepared.rows(base, **values) == list(build(base, **values))
    assert [r["id"] for r in prepared.rows(Case.objects.filter(description__contains=hostile),
                                           **values)] == [match.pk]  # fmt: skip


@postgresql_only
def test_the_query_log_shows_the_values(loop):
    from django.test.utils import CaptureQueriesContext

    report(loop, 121.41)
    with CaptureQueriesContext(connection) as captured:
        Prepared(build).rows(Case.objects.all(), since=MONDAY, west=121.25, skip=None)
    assert "121.25" in captured.captured_queries[-1]["sql"]


def test_without_prepared_statements_the_orm_runs_it(loop, settings):
    settings.CIVICGRID_PREPARED_STATEMENTS = False
    made = report(loop, 121.41)
    values = {"since": MONDAY - dt.timedelta(days=1), "west": 121.0, "skip": None}
    before = _prepared_here() if connection.vendor == "postgresql" else set()
    assert Prepared(build).rows(Case.objects.all(), **values)[0]["id"] == made.pk
    assert (_prepared_here() if connection.vendor == "postgresql" else set()) == before
