"""The write of a new case (services/intake_write): on PostgreSQL one statement writes the case,
its number and its first event; it must store what the ORM's save() stores. And retries: the
key is not looked up first, so the second case is refused by the unique index."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone

from civicgrid.cases.models import Case, CaseEvent
from civicgrid.cases.services import intake_write
from civicgrid.cases.services.intake_write import case_number
from civicgrid.catalogue.models import CaseClass

from .fixtures import MONDAY
from .test_intake import make

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement write is PostgreSQL's"
)

SMALL = {"volume": "small"}


def _pair(loop):
    """A case and its first event as intake builds them, not yet written."""
    case = Case(
        kind="matter",
        case_class=CaseClass.objects.get(code="06010"),
        channel="hotline",
        state="reported",
        priority="routine",
        description="井盖松动 <'\"> =1+1",
        answers={"volume": "small", "n": 3},
        lon=121.41,
        lat=31.12,
        address="示范路 1 号",
        grid=loop.tree.grid1,
        reporter_name="王女士",
        idempotency_key="",
        dispatch_level="street",
        tier_opened="community",
        tier_current="community",
        reported_at=MONDAY,
    )
    case.set_pii("reporter_phone", "13812345678", lambda v: v[:3] + "****" + v[-4:])
    event = CaseEvent(
        seq=1,
        action="report",
        to_state="reported",
        actor=loop.operator,
        at=MONDAY,
        public=True,
        data={"channel": "hotline", "client": "甲"},
    )
    return case, event


def _stored(case):
    skip = {"id", "number", "created_at", "updated_at", "reporter_phone_enc"}  # a fresh nonce
    row = Case.objects.filter(pk=case.pk).values().get()
    event = CaseEvent.objects.filter(case=case).values().get()
    return (
        {k: v for k, v in row.items() if k not in skip},
        {k: v for k, v in event.items() if k not in {"id", "case_id"}},
    )


@postgresql_only
def test_one_statement_stores_what_the_orm_stores(loop):
    seen = []

    def heard(sender, instance, created, **kw):
        seen.append((sender.__name__, instance.pk, created))

    post_save.connect(heard, sender=Case, dispatch_uid="t-case")
    post_save.connect(heard, sender=CaseEvent, dispatch_uid="t-event")
    try:
        by_sql, by_sql_event = _pair(loop)
        intake_write._write_one_statement(by_sql, by_sql_event)
        by_orm, by_orm_event = _pair(loop)
        intake_write._write_by_orm(by_orm, by_orm_event)
    finally:
        post_save.disconnect(sender=Case, dispatch_uid="t-case")
        post_save.disconnect(sender=CaseEvent, dispatch_uid="t-event")
    assert _stored(by_sql) == _stored(by_orm)
    stored = Case.objects.get(pk=by_sql.pk)
    assert stored.number == by_sql.number == case_number(by_sql.pk, MONDAY)
    assert stored.reveal("reporter_phone") == "13812345678"
    assert stored.created_at is not None and stored.created_at == by_sql.created_at
    assert by_sql_event.case_id == by_sql.pk and not by_sql._state.adding
    assert ("Case", by_sql.pk, True) in seen and ("CaseEvent", by_sql_event.pk, True) in seen


@postgresql_only
def test_a_number_past_a_million_keeps_every_digit(loop):
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), 12345677)")
    case, event = _pair(loop)
    intake_write.write(case, event)
    assert case.pk == 12345678
    assert Case.objects.get(pk=case.pk).number == f"SQ{timezone.localtime(MONDAY):%Y%m%d}12345678"


def test_numbers_have_at_least_six_digits():
    at = timezone.make_aware(dt.datetime(2026, 12, 6, 23, 30), timezone.get_fixed_timezone(480))
    assert case_number(42, at) == "SQ20261206000042"
    assert case_number(12_345_678, at) == "SQ2026120612345678"


def test_intake_writes_the_case_and_its_first_event(loop):
    case = make(loop, answers=SMALL, idempotency_key="w-1")
    stored = Case.objects.get(pk=case.pk)
    assert stored.number == case_number(case.pk, MONDAY) and stored.state == "reported"
    event = CaseEvent.objects.get(case=case)
    assert (event.pk, event.seq, event.action, event.actor_id) == (
        case.first_event.pk, 1, "report", loop.operator.pk,
    )  # fmt: skip
    assert event.data == {"channel": "hotline"}


def test_a_retry_that_would_now_be_refused_still_gets_its_case(loop):
    first = make(loop, answers=SMALL, idempotency_key="retry-1")
    CaseClass.objects.filter(code="06010").update(active=False)
    cls = CaseClass.objects.get(code="06010")
    cls.save()  # the catalogue's cache hears of it
    again = make(loop, answers=SMALL, idempotency_key="retry-1")
    assert again.pk == first.pk and again.replayed
    with pytest.raises(Exception) as info:  # a new key: the retired class is refused
        make(loop, answers=SMALL, idempotency_key="retry-2")
    assert getattr(info.value, "field", None) == "case_class"
    assert Case.objects.count() == 1


def test_a_retry_writes_nothing_more(loop):
    first = make(loop, answers=SMALL, idempotency_key="again-1")
    events = CaseEvent.objects.count()
    again = make(loop, answers={"volume": "large"}, idempotency_key="again-1")
    assert again.pk == first.pk and again.replayed and again.answers == SMALL
    assert Case.objects.count() == 1 and CaseEvent.objects.count() == events


def test_a_new_rows_constants_are_written_as_themselves(loop):
    """None, booleans and empty strings are written into the statement, so that it holds fewer
    parameters than psycopg's cache of converted statements takes (50): a report's write is
    then converted once per process, not on every report. Numbers stay parameters, and 0 and 1
    are never taken for booleans."""
    case, _event = _pair(loop)
    case_row, _event_row = intake_write._rows()
    columns, values, params = case_row.sql(case, {"number": ("%s", ["SQ"])})
    written = dict(zip(columns.split(", "), values.split(", "), strict=True))
    assert written['"merged_into_id"'] == "NULL" and written['"anonymous"'] == "FALSE"
    assert written['"reporter_email_enc"'] == "''" and written['"rework_count"'] == "%s"
    assert 0 in params and None not in params and "" not in params
    assert not any(p is True or p is False for p in params)
    assert len(params) < 50


@postgresql_only
@pytest.mark.parametrize("prepared", [True, False])
def test_the_write_of_a_report_stays_within_psycopgs_statement_cache(loop, settings, prepared):
    from psycopg import _queries

    settings.CIVICGRID_PREPARED_STATEMENTS = prepared
    converted = []
    real = {n: getattr(_queries, n) for n in ("_query2pg_nocache", "_query2pg_client_nocache")}

    def counting(name):
        def convert(query, encoding):
            converted.append(name)
            return real[name](query, encoding)

        return convert

    try:
        for name in real:
            setattr(_queries, name, counting(name))
        for _ in range(4):
            case, event = _pair(loop)
            intake_write.write(case, event)
    finally:
        for name, function in real.items():
            setattr(_queries, name, function)
    assert converted == []  # every write taken from psycopg's cache of converted statements
