"""The address index answers most queries by equality on the house number and the road (decision
0015): their indexes, and the building name's, hold building-level entries only (partial), so a
look-up reads a building's entry, not its 24 houses'. On PostgreSQL the search key's column keeps
almost no statistics: the planner's estimate of ``%>`` ran the operator over every histogram
entry (some 100 keys) on every query, up to 30 ms of planning. The index is emptied: the search
key now holds the grid's name, and ``migrate`` builds a missing index again at its end
(``addresses/signals.build_if_missing``)."""

from django.db import migrations

TABLE = "registry_standardaddress"
NAMES = {"road": "stdaddr_road_prefix", "number": "stdaddr_number_prefix",
         "building_name": "stdaddr_name_prefix"}  # fmt: skip


def _indexes(vendor: str, partial: bool) -> list[str]:
    ops = " varchar_pattern_ops" if vendor == "postgresql" else ""
    where = " WHERE level = 'building'" if partial else ""
    out = []
    for column, name in NAMES.items():
        out += [
            f"DROP INDEX IF EXISTS {name}",
            f"CREATE INDEX {name} ON {TABLE} ({column}{ops}){where}",
        ]
    return out


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    statements = _indexes(vendor, partial=True)
    if vendor == "postgresql":
        statements += [
            f"ALTER TABLE {TABLE} ALTER COLUMN search SET STATISTICS 1",
            f"TRUNCATE {TABLE}",
        ]
    else:
        statements.append(f"DELETE FROM {TABLE}")
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    statements = _indexes(vendor, partial=False)
    if vendor == "postgresql":
        statements.append(f"ALTER TABLE {TABLE} ALTER COLUMN search SET STATISTICS -1")
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_address_building_name_prefix")]

    operations = [migrations.RunPython(forward, backward)]
