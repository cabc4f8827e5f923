"""The tables that grow with cases are vacuumed after a fixed number of changes on PostgreSQL
(migration cases/0012): with autovacuum's default fifth of the table, a city's 10,000,000 cases
were never vacuumed during a day, and the queues' index-only scans read the table instead."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's autovacuum")
def test_the_case_tables_are_vacuumed_after_a_fixed_number_of_changes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [["cases_case", "cases_caseevent", "cases_caseassignment"]],
        )
        options = {name: set(opts or []) for name, opts in cursor.fetchall()}
    assert len(options) == 3
    for name, opts in options.items():
        assert {
            "autovacuum_vacuum_insert_scale_factor=0",
            "autovacuum_vacuum_insert_threshold=5000",
            "autovacuum_vacuum_scale_factor=0",
            "autovacuum_analyze_threshold=20000",
        } <= opts, name
