"""Short queries (two characters) also match the start of a building's name: an index for it, a
prefix one on PostgreSQL (decision 0015)."""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "CREATE INDEX stdaddr_name_prefix ON registry_standardaddress "
        "(building_name varchar_pattern_ops)"
    ],
    "sqlite": ["CREATE INDEX stdaddr_name_prefix ON registry_standardaddress (building_name)"],
}
BACKWARD = {v: ["DROP INDEX IF EXISTS stdaddr_name_prefix"] for v in ("postgresql", "sqlite")}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_address_search_buildings_only")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
