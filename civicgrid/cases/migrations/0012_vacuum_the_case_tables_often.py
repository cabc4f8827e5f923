"""PostgreSQL's autovacuum visits a table after a fifth of its rows changed: at 10,000,000 cases,
never during a day. Until it does, the pages that cases touched are not marked all-visible, and
the index-only scans the queues and counts rely on read the table for each such row (a
handler's queue: 1.2 ms after a vacuum, 15 ms alone and ~95 ms under the day's load without).
A vacuum of the recent pages takes well under a second (the visibility map skips the rest), so
the tables that grow with cases are vacuumed and analysed after a fixed number of changes. Other
databases: nothing to do."""

from django.db import migrations

TABLES = ("cases_case", "cases_caseevent", "cases_caseassignment")
SETTINGS = {
    "autovacuum_vacuum_insert_scale_factor": "0",
    "autovacuum_vacuum_insert_threshold": "5000",
    "autovacuum_vacuum_scale_factor": "0",
    "autovacuum_vacuum_threshold": "5000",
    "autovacuum_analyze_scale_factor": "0",
    "autovacuum_analyze_threshold": "20000",
}


def _alter(schema_editor, sql: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(sql % schema_editor.quote_name(table))


def often(apps, schema_editor):
    pairs = ", ".join(f"{k} = {v}" for k, v in SETTINGS.items())
    _alter(schema_editor, f"ALTER TABLE %s SET ({pairs})")


def as_before(apps, schema_editor):
    _alter(schema_editor, f"ALTER TABLE %s RESET ({', '.join(SETTINGS)})")


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_open_cases_index_carries_state")]

    operations = [migrations.RunPython(often, as_before, elidable=False)]
